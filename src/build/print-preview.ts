/**
 * Look at the printable summary as it prints: drive the production build (run `npm run build` first) in headless
 * Chromium, fill the Jiangmen household through the wizard, open "打印/带去办事的清单", and save under
 * test-results/print/ (gitignored):
 *   - <mode>-screen.png  the print view on a 360×740 phone screen (top), <mode>-screen-docs.png (what to bring),
 *   - <mode>-print.png   the same page with print media emulated, at the width of A4 paper inside 15 mm margins,
 *                        and <mode>-print-<n>.png, the same cut at the height of an A4 page (an approximation of
 *                        where the paper pages break),
 *   - <mode>.pdf         Chromium's own A4 print (page.pdf) — what window.print() gives.
 * Modes: zh (Chinese), en (English: programme names must still be Chinese), elder (large text).
 * It also checks a few things a person would notice and exits 1 if one is wrong: the buttons are not printed, the
 * programme names are Chinese, and the A4 PDF has a sensible number of pages.
 *
 *   node --import tsx src/build/print-preview.ts
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, RESULTS, freePort, launchChromium } from '../../test/browser/harness';
import { fillJiangmenHousehold } from '../../test/browser/household';
import { startServer } from './serve';

const OUT = join(RESULTS, 'print');
/** 210 mm − 2 × 15 mm at 96 px per inch. */
const A4_CONTENT_PX = Math.round(((210 - 30) / 25.4) * 96);
/** 297 mm − 2 × 15 mm. */
const A4_HEIGHT_PX = Math.round(((297 - 30) / 25.4) * 96);

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no production build in dist/: run npm run build first');
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ dir: DIST, port: await freePort() });
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    for (const mode of ['zh', 'en', 'elder'] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: mode === 'en' ? 'en-US' : 'zh-CN' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.locator('.wizard').waitFor();
      if (mode === 'en') await page.locator('.tools .chip').first().click();
      if (mode === 'elder') await page.locator('.tools .chip').nth(1).click();
      await fillJiangmenHousehold(page);
      // Save it under a name first, as a caseworker would, so the name appears on the paper.
      await page.locator('#save-name').fill(mode === 'en' ? '王奶奶家 (test)' : '王奶奶家');
      await page.locator('.save .actions .button').first().click();
      await page.locator('.save .actions .button').last().click(); // 打印/带去办事的清单
      await page.locator('.print-view').waitFor();
      await page.screenshot({ path: join(OUT, `${mode}-screen.png`) });
      await page.locator('.print-docs').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, `${mode}-screen-docs.png`) });
      await page.evaluate(() => window.scrollTo(0, 0));

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
      await page.screenshot({ path: join(OUT, `${mode}-print.png`), fullPage: true });
      // The same, cut at the height of A4 inside its margins: roughly the paper pages, easy to look at one by one.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let top = 0, n = 1; top < height; top += A4_HEIGHT_PX, n++) {
        const clip = { x: 0, y: top, width: A4_CONTENT_PX, height: Math.min(A4_HEIGHT_PX, height - top) };
        await page.screenshot({ path: join(OUT, `${mode}-print-${n}.png`), fullPage: true, clip });
      }
      const hidden = await page.evaluate(() =>
        ['.print-actions', 'header.top', '.tabs'].filter((s) => {
          const el = document.querySelector(s);
          return el && getComputedStyle(el).display !== 'none';
        }),
      );
      if (hidden.length) problems.push(`${mode}: printed although it should not be: ${hidden.join(', ')}`);
      const names = await page.locator('.print-prog .zh-name').allTextContents();
      if (!names.length) problems.push(`${mode}: no programme on the printed summary`);
      const notChinese = names.filter((n) => !/[\u4e00-\u9fff]/.test(n));
      if (notChinese.length) problems.push(`${mode}: programme names not in Chinese: ${notChinese.join(', ')}`);
      const title = await page.title();
      if (title.includes('王')) problems.push(`${mode}: the page title shows household data: ${title}`);

      const pdfPath = join(OUT, `${mode}.pdf`);
      await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
      const pages = (readFileSync(pdfPath, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      console.log(`${mode}: ${names.length} programmes (${names.join('、')}), ${pages} A4 page(s)`);
      if (pages < 1 || pages > 8) problems.push(`${mode}: ${pages} A4 pages`);
      if (errors.length) problems.push(`${mode}: page errors: ${errors.join('; ')}`);
      await context.close();
    }
    console.log(`print previews in ${OUT}`);
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems.length) {
    console.error(problems.map((p) => `✗ ${p}`).join('\n'));
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
