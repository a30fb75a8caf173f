/**
 * npm run screenshots — look at the app as a user would: drive the production build in headless Chromium at phone
 * size (360×740) in Chinese, English and 长辈模式 (in both languages) through every step — the start page, the
 * Jiangmen couple page by page to check-your-answers and results, an unreadable answer stopped at its field, the
 * Longnan grandmother with her grandchildren (a child's page, the results), a hospital bill, the saved households, a
 * household's visits and Settings — and save PNGs under test-results/screens/. (Not a test: for people to look at.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST, RESULTS, freePort, launchChromium } from '../../test/browser/harness';
import { choose, fillJiangmenHousehold, fillLongnanHousehold, next, type } from '../../test/browser/household';
import { startServer } from './serve';

const OUT = join(RESULTS, 'screens');

async function settle(page: Page): Promise<void> {
  // Settings has several lazy sections, each with its own loading line: wait until none is left.
  await page.waitForFunction(() => document.querySelector('main .loading') === null);
  await page.evaluate(() => document.fonts?.ready.then(() => undefined));
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ dir: DIST, port: await freePort() });
  const browser = await launchChromium();
  const only = process.argv.slice(2);
  try {
    for (const mode of ['zh', 'en', 'elder', 'elder-en'] as const) {
      if (only.length && !only.includes(mode)) continue;
      const english = mode === 'en' || mode === 'elder-en';
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: english ? 'en-US' : 'zh-CN' });
      // A voice, so 朗读 shows in 长辈模式 as on a phone that has one.
      await context.addInitScript({
        content: `Object.assign(window.speechSynthesis, { getVoices() { return [{ lang: 'zh-CN', name: 'v', localService: true, default: true, voiceURI: 'v' }, { lang: 'en-US', name: 'e', localService: true, default: false, voiceURI: 'e' }]; }, speak() {}, cancel() {} });`,
      });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.locator('.start').waitFor();
      if (english) await page.locator('.tools .chip').first().click();
      if (mode === 'elder' || mode === 'elder-en') {
        await page.locator('.start .elder-switch input').check();
        // Set by an effect after the render that checks the box.
        await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
      }
      // A long page also as screen-sized pieces (-p1, -p2…), which are easier to read than one tall image.
      const shot = async (name: string, fullPage = false) => {
        await settle(page);
        await page.screenshot({ path: join(OUT, `${mode}-${name}.png`), fullPage });
        if (!fullPage) return;
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, k = 1; y < height && height > 740 * 1.3; y += 700, k++) {
          await page.screenshot({ path: join(OUT, `${mode}-${name}-p${k}.png`), fullPage: true, clip: { x: 0, y, width: 360, height: Math.min(740, height - y) } });
        }
      };
      // The Jiangmen couple, every step.
      await fillJiangmenHousehold(page, (n) => shot(`a${n}`, true));
      await shot('a10-results', true);
      await page.locator('.results [data-programme="dibao"] .link').first().click();
      await page.locator('.results [data-programme="dibao"]').screenshot({ path: join(OUT, `${mode}-a11-dibao-why.png`) });
      await page.locator('figure.chart').screenshot({ path: join(OUT, `${mode}-a12-chart.png`) });
      await page.locator('#save-name').fill(english ? 'The Chens' : '陈家');
      await page.locator('[data-testid=save-new]').click();
      await page.locator('.case-link').waitFor();
      await shot('a13-saved-banner');
      // An answer that cannot be read, stopped at its field.
      await page.evaluate(() => {
        location.hash = '#/income/1';
      });
      await settle(page);
      await type(page, 'members[0].income.pension', '800块?');
      await page.locator('main .nav-buttons .button:not(.secondary)').click();
      await shot('b1-unreadable-stopped');
      await type(page, 'members[0].income.pension', '八百');
      await shot('b2-read-as');
      // The saved households and one household's visits.
      await page.locator('.tabs button').nth(1).click();
      await page.locator('.saved-list').waitFor();
      await shot('c1-saved', true);
      await page.locator('.saved-list li .button.secondary').first().click();
      await page.locator('.case').waitFor();
      await shot('c2-case', true);
      await page.locator('.tabs button').nth(2).click();
      await page.locator('.settings').waitFor();
      await shot('c3-settings', true);
      // The Longnan grandmother and her grandchildren; a hospital bill.
      await page.locator('.tabs button').nth(1).click();
      await page.locator('[data-testid=new-household]').click();
      await fillLongnanHousehold(page, (n) => shot(`d${n}`, true));
      await shot('d4-results', true);
      await page.evaluate(() => {
        location.hash = '#/hospital';
      });
      await settle(page);
      await choose(page, 'hospital', 0);
      await page.locator('[data-path="hospital.who"] input[type=checkbox]').first().check();
      await shot('e1-hospital-who', true);
      await next(page);
      await choose(page, 'members[0].insurance', 0);
      await type(page, 'members[0].hospitalBill.selfPaid', '5000');
      await shot('e2-bill', true);
      await page.evaluate(() => {
        location.hash = '#/results';
      });
      await page.locator('.results [data-programme="medical-aid"]').waitFor();
      const aid = page.locator('.results [data-programme="medical-aid"]');
      await aid.screenshot({ path: join(OUT, `${mode}-e3-medical-aid.png`) });
      await aid.locator('.link').first().click();
      await aid.locator('.estimate').first().waitFor();
      await aid.locator('.estimate').first().screenshot({ path: join(OUT, `${mode}-e4-estimate.png`) });
      // …and as it sits on the screen (the element shot above would hide a figure that runs past the card's edge).
      await aid.locator('.estimate').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, `${mode}-e5-estimate-screen.png`) });
      await context.close();
    }
    console.log(`screenshots in ${OUT}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1]?.endsWith('screenshots.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

export { fillJiangmenHousehold };
