/**
 * Lighthouse 12 against the production build served with production headers (`npm run lighthouse`: builds, then
 * runs this; not part of npm test). Mobile settings (Lighthouse's default: Moto G–class emulation, simulated slow
 * 4G), Debian Chromium via chrome-launcher with the project's flags and a fresh profile.
 *
 * Prints the performance, accessibility, best-practices and SEO scores with the key metrics and the failed audits,
 * then installability — Lighthouse 12 dropped its PWA category, so that comes from Chromium itself over CDP
 * (Page.getInstallabilityErrors / Page.getAppManifest, the checks behind the browser's install prompt), after the
 * service worker controls the page. Reports go to test-results/lighthouse.{json,html}.
 *
 * Options: --dir DIR (default dist/), --min N (exit 1 if a category scores below N, 0–100; default: report only).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { startServer } from './serve';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.HUIMIN_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--headless', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const dir = resolve(arg('dir') ?? join(ROOT, 'dist'));
  const min = arg('min') !== undefined ? Number(arg('min')) : undefined;
  const server = await startServer({ dir, port: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'huimin-lighthouse-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS, userDataDir: profile, logLevel: 'silent' });
  let code = 0;
  try {
    console.log(`Lighthouse ${lighthouseVersion()} · ${server.url} · mobile\n`);
    const result = await lighthouse(server.url, {
      port: chrome.port,
      output: ['json', 'html'],
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr, report } = result;
    const out = join(ROOT, 'test-results');
    mkdirSync(out, { recursive: true });
    const [json, html] = Array.isArray(report) ? report : [report, ''];
    writeFileSync(join(out, 'lighthouse.json'), json!);
    if (html) writeFileSync(join(out, 'lighthouse.html'), html);
    if (lhr.runtimeError) console.log(`runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);

    for (const cat of Object.values(lhr.categories)) {
      const score = cat.score === null ? 'n/a' : Math.round(cat.score * 100);
      console.log(`${cat.title.padEnd(16)} ${String(score).padStart(4)}`);
      if (min !== undefined && (cat.score === null || cat.score * 100 < min)) code = 1;
    }
    console.log('\nmetrics:');
    for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive']) {
      const a = lhr.audits[id];
      if (a) console.log(`  ${a.title.padEnd(28)} ${a.displayValue ?? ''}`);
    }
    const failing = Object.values(lhr.categories)
      .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => lhr.audits[r.id]!))
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual');
    if (failing.length) {
      console.log('\naudits below 90:');
      for (const a of failing) console.log(`  ${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    }

    // Installability, from Chromium (same browser, regular profile).
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    try {
      const context = browser.contexts()[0]!;
      const page = await context.newPage();
      await page.goto(server.url);
      await page.evaluate(() =>
        Promise.race([navigator.serviceWorker.ready.then(() => undefined), new Promise((r) => setTimeout(r, 10_000))]),
      );
      const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[];
      };
      const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
      console.log('\nPWA / installability (Chromium):');
      console.log(`  service worker controls the page  ${controlled ? 'yes' : 'NO'}`);
      console.log(`  manifest ${manifest.url.replace(server.url, '')}  ${manifest.errors.length ? manifest.errors.map((e) => e.message).join('; ') : 'no errors'}`);
      console.log(
        `  installable                        ${installabilityErrors.length ? `NO: ${installabilityErrors.map((e) => e.errorId).join(', ')}` : 'yes'}`,
      );
      if (installabilityErrors.length || manifest.errors.length || !controlled) code = min !== undefined ? 1 : code;
    } finally {
      await browser.close().catch(() => undefined);
    }
    console.log(`\nreports: test-results/lighthouse.html, test-results/lighthouse.json`);
  } finally {
    chrome.kill();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return code;
}

function lighthouseVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '12';
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`✗ ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
