/**
 * npm run screenshots — look at the app as a user would: drive the production build in headless Chromium at phone
 * size (360×740) in Chinese, English and large-text mode, filling a Jiangmen household through the wizard, and save
 * PNGs under test-results/screens/. (Not a test: for people to look at.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, RESULTS, freePort, launchChromium } from '../../test/browser/harness';
import { fillJiangmenHousehold } from '../../test/browser/household';
import { startServer } from './serve';

const OUT = join(RESULTS, 'screens');

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

export { fillJiangmenHousehold };
