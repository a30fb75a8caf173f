/**
 * npm run screenshots — look at the app as a user would: drive the production build in headless Chromium at phone
 * size (360×740) in Chinese, English and large-text mode, filling a Jiangmen household through the wizard, and save
 * PNGs under test-results/screens/. (Not a test: for people to look at.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST, RESULTS, freePort, launchChromium } from '../../test/browser/harness';
import { startServer } from './serve';

const OUT = join(RESULTS, 'screens');

/** Pick the n-th option of a radio question by its household path. */
async function choose(page: Page, path: string, n: number): Promise<void> {
  await page.locator(`[data-path="${path}"] input[type=radio]`).nth(n).check();
}
async function type(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`[data-path="${path}"] input`).first().fill(value);
}
async function next(page: Page): Promise<void> {
  await page.locator('.nav-buttons .button:not(.secondary)').click();
}

export async function fillJiangmenHousehold(page: Page, shot?: (name: string) => Promise<void>): Promise<void> {
  await page.locator('[data-path="region"] select').selectOption('cn-gd-jiangmen');
  await choose(page, 'hukou', 0);
  await shot?.('1-region');
  await next(page);
  await type(page, 'members[0].age', '45');
  await choose(page, 'members[0].sex', 1);
  await page.locator('.step > .button.secondary').click(); // add a member
  await page.locator('[data-path="members[1].relation"] select').selectOption('spouse');
  await type(page, 'members[1].age', '44');
  await choose(page, 'members[1].sex', 0);
  await shot?.('2-members');
  await next(page);
  await choose(page, 'members[0].work', 0);
  await choose(page, 'members[0].disability', 1);
  await choose(page, 'members[0].seriousIllness', 1);
  await choose(page, 'members[1].work', 2);
  await choose(page, 'members[1].disability', 0);
  await choose(page, 'members[1].disability.grade', 0);
  await page.locator('[data-path="members[1].disability.kind"] select').selectOption('physical');
  await choose(page, 'members[1].disability.needsLongTermCare', 0);
  await choose(page, 'members[1].workInjuryCareAllowance', 1);
  await choose(page, 'members[1].seriousIllness', 1);
  await choose(page, 'members[1].legalSupporters', 2);
  await shot?.('3-details');
  await next(page);
  await type(page, 'members[0].income.wages', '1000');
  await page.locator('[data-path="members[1].income"] input[type=checkbox]').first().check();
  await shot?.('4-income');
  await next(page);
  await choose(page, 'assetsMeetLocalRules', 0);
  await page.locator('[data-path="statuses"] input[type=checkbox]').last().check();
  await choose(page, 'suddenHardship', 1);
  await shot?.('5-assets');
  await next(page);
  await next(page);
  await page.locator('.results').waitFor();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ dir: DIST, port: await freePort() });
  const browser = await launchChromium();
  try {
    for (const mode of ['zh', 'en', 'elder'] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: mode === 'en' ? 'en-US' : 'zh-CN' });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.locator('.wizard').waitFor();
      if (mode === 'en') await page.locator('.tools .chip').first().click();
      if (mode === 'elder') await page.locator('.tools .chip').nth(1).click();
      const shot = async (name: string) => {
        await page.screenshot({ path: join(OUT, `${mode}-${name}.png`), fullPage: false });
      };
      await fillJiangmenHousehold(page, shot);
      await page.screenshot({ path: join(OUT, `${mode}-6-results.png`), fullPage: true });
      await page.locator('[data-programme="dibao"] .link').click();
      await page.locator('[data-programme="dibao"]').screenshot({ path: join(OUT, `${mode}-7-dibao-why.png`) });
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
