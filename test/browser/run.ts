/**
 * Real-browser tests: the production build in Debian's Chromium (playwright-core), served by src/build/serve.ts
 * with the production headers. A plain script (`npm run test:browser`, last step of `npm test`), not vitest:
 * prints each test with its result and time, exits 1 if any failed. Screenshots go to test-results/ (gitignored).
 *
 * Uses dist/ as built by `npm test` (fails, saying so, when it is missing). The update tests make two more builds in
 * temp dirs: A, and B = the same sources with HUIMIN_TEST_RULES_SUFFIX set (vite.config.ts appends it to the rule
 * pack version the app and version.json see), so B is a new release whose rules changed.
 *
 * ── What the app must provide (the lead wires these) ───────────────────────────────────────────────────────────
 * 1. Call `registerServiceWorker()` from src/app/pwa/sw-client.ts at startup (main.tsx). It creates or extends
 *    `window.__huimin` with: `updateAvailable` (null, or {rulesChanged, rulesVersion, lastVerified} once a new
 *    version is waiting), `applyUpdate()`, `checkForUpdate()`, `build` ({app, rules}) and `justUpdated`.
 *    If the app sets `window.__huimin` itself, it must merge (Object.assign(window.__huimin ??= {}, …)), not
 *    replace it.
 * 2. `window.__huimin.flush`: () => Promise — flushes the wizard's autosave; `__huimin.applyUpdate()` calls it
 *    before switching versions (the UI's own button should call applyUpdate(flush) directly).
 * 3. Optional `window.__huimin.store`: the app's Store (src/storage/types.ts); fillHalfHousehold/readDraft use it.
 * 4. The update prompt: an element `[data-testid=update-prompt]` shown when onUpdateAvailable() fires, with a
 *    button `[data-testid=update-apply]` that calls applyUpdate(flush). The tests wait for the prompt or
 *    window.__huimin.updateAvailable, and click that button when it exists, else call window.__huimin.applyUpdate().
 * 5. "Rendered": `window.__huimin.appReady === true`, or `[data-testid=app-ready]` exists, or else `#app` holds an
 *    element other than index.html's `.boot` placeholder.
 * 6. fillHalfHousehold(page) / readDraft(page) in test/browser/household.ts: rewrite for the real wizard.
 *
 * Writing page.evaluate() callbacks: no named inner functions (`const f = () => …`) — tsx compiles this file with
 * keepNames, which wraps them in a `__name` helper the page does not have.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  buildInto,
  DIST,
  freePort,
  launchChromium,
  launchPersistent,
  precacheUrls,
  RESULTS,
  ROOT,
  serve,
  waitForApp,
  waitForController,
  type Build,
  type Server,
} from './harness';
import { begin, choose, fillHalfHousehold, fillJiangmenHousehold, fillLongnanHousehold, fillPensioner, flush, next, pickRegion, readDraft, type } from './household';

type Hooks = {
  updateAvailable?: { rulesChanged: boolean; rulesVersion?: string; lastVerified?: string } | null;
  applyUpdate?: () => Promise<void>;
  build?: { app: string; rules: string };
  justUpdated?: boolean;
};
const hooksOf = (page: Page) => page.evaluate(() => {
  const h = (window as unknown as { __huimin?: Hooks }).__huimin;
  return h ? { updateAvailable: h.updateAvailable ?? null, build: h.build ?? null, justUpdated: h.justUpdated ?? false } : null;
});

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TestCase {
  name: string;
  fn: () => Promise<void>;
  /** Names of tests that must have passed first. */
  after?: string[];
}

const tests: TestCase[] = [];
const test = (name: string, fn: () => Promise<void>, after?: string[]) => tests.push({ name, fn, ...(after ? { after } : {}) });

let browser: Browser | undefined;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

// Builds A and B start at once and run while the first tests do.
let builds: Promise<[Build, Build]> | undefined;
const getBuilds = () =>
  (builds ??= Promise.all([buildInto('a'), buildInto('b', { HUIMIN_TEST_RULES_SUFFIX: '+browser-test-b' })]).then((bs) => {
    for (const b of bs) cleanups.push(() => b.remove());
    return bs;
  }));

/** Records what could break the CSP / same-origin promises on a context. */
function watchContext(context: BrowserContext) {
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const watchPage = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', watchPage);
  return { requests, problems, watchPage };
}

/** A phone as the journeys use it: 360 × 740, touch, Chinese. */
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

/**
 * The first step of every journey: the production build served, a fresh context (a phone in Chinese unless
 * `desktop`), console errors watched, and a page open at the app once it has rendered. `init` runs in every page
 * before the app (a fake voice…). Server and context are closed after the run.
 */
async function openApp(options: { desktop?: boolean; init?: string } = {}) {
  const server = await serve(DIST);
  cleanups.push(() => server.stop());
  const context = await browser!.newContext(options.desktop ? {} : { ...PHONE, locale: 'zh-CN' });
  cleanups.push(() => context.close());
  const watch = watchContext(context);
  if (options.init) await context.addInitScript({ content: options.init });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForApp(page);
  return { server, context, page, watch };
}

// ── online ─────────────────────────────────────────────────────────────────────────────────────────────────────

test('CSP: the app loads under the served CSP with no console errors, no violations, no other origin', async () => {
  const server = await serve(DIST);
  cleanups.push(() => server.stop());
  const context = await browser!.newContext();
  cleanups.push(() => context.close());
  const watch = watchContext(context);
  await context.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const res = await page.goto(server.url);
  const csp = res?.headers()['content-security-policy'] ?? '';
  assert(csp.includes("default-src 'self'") && csp.includes("script-src 'self'"), `document CSP header missing: "${csp}"`);
  await waitForApp(page);
  await waitForController(page); // the service worker has installed: its precache requests are recorded too
  // A deep link, online: the server's fallback and the service worker's navigation route.
  await page.goto(`${server.origin}/some/deep/link`);
  await waitForApp(page);
  await sleep(500);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  assert(watch.problems.length === 0, watch.problems.join('\n'));
  const foreign = watch.requests.filter((u) => !u.startsWith(`${server.origin}/`) && !/^(data|blob):/.test(u));
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(watch.requests.some((u) => u.endsWith('/sw.js')), 'sw.js was never requested');
});

// ── first visit, then offline (one context, in order) ──────────────────────────────────────────────────────────

let offline: { context: BrowserContext; page: Page; server: Server; origin: string } | undefined;

test('first visit online: service worker ready and controlling, every manifest file precached', async () => {
  const server = await serve(DIST);
  cleanups.push(() => server.stop());
  // A regular profile, not an incognito context: Chromium does not offer installation in incognito.
  const { context, close } = await launchPersistent();
  cleanups.push(close);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  await waitForApp(page);
  const script = await waitForController(page);
  assert(script === `${server.origin}/sw.js`, `controlled by ${script}`);
  const expected = precacheUrls(DIST);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
    }
    return urls;
  });
  const cachedPaths = new Set(cached.map((u) => new URL(u).pathname.slice(1)));
  const missing = expected.filter((u) => !cachedPaths.has(u));
  assert(missing.length === 0, `not precached: ${missing.join(', ')}`);
  for (const must of ['index.html', 'version.json', 'manifest.webmanifest']) assert(expected.includes(must), `${must} not in the precache manifest`);
  assert(expected.some((u) => /^assets\/rules-.*\.json$/.test(u)), 'rule pack not in the precache manifest');
  assert(expected.filter((u) => u.startsWith('icons/')).length >= 2, 'icons not in the precache manifest');
  const foreign = cached.filter((u) => !u.startsWith(`${server.origin}/`));
  assert(foreign.length === 0, `cached from other origins: ${foreign.join(', ')}`);
  offline = { context, page, server, origin: server.origin };
});

test('installable: Chromium reports no installability errors and a valid manifest', async () => {
  const { context, page } = offline!;
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[];
  };
  assert(
    installabilityErrors.length === 0,
    `installability errors: ${installabilityErrors.map((e) => `${e.errorId}(${e.errorArguments.map((a) => `${a.name}=${a.value}`).join(',')})`).join('; ')}`,
  );
  const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string; critical: number }[] };
  assert(manifest.url.endsWith('/manifest.webmanifest'), `manifest url: ${manifest.url}`);
  assert(manifest.errors.length === 0, `manifest errors: ${manifest.errors.map((e) => e.message).join('; ')}`);
  await cdp.detach();
}, ['first visit online: service worker ready and controlling, every manifest file precached']);

test('offline: server stopped and network off, reload and a deep link render from cache; IndexedDB data kept', async () => {
  const { context, page, server, origin } = offline!;
  const saved = await fillHalfHousehold(page);
  await server.stop(); // the service worker cannot reach it either
  await context.setOffline(true);
  const fetchFails = await page.evaluate(async () => fetch(`/version.json?probe=${Date.now()}`, { cache: 'no-store' }).then(() => false, () => true));
  assert(fetchFails, 'the network is still reachable: the offline test would prove nothing');
  await page.reload();
  await waitForApp(page);
  assert(JSON.stringify(await readDraft(page)) === JSON.stringify(saved), 'the draft did not survive the offline reload');
  await page.goto(`${origin}/some/deep/link`);
  await waitForApp(page);
  assert(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'deep link not controlled by the service worker');
  assert(JSON.stringify(await readDraft(page)) === JSON.stringify(saved), 'the draft is not readable from the deep link');
}, ['first visit online: service worker ready and controlling, every manifest file precached']);

test('offline: fill the wizard for a household, see results, save it, reload — it is still there', async () => {
  const { page, origin } = offline!;
  await page.goto(origin + '/');
  await waitForApp(page);
  // Start a new check (the half-filled draft from the test before is kept as the draft until replaced).
  await page.goto(`${origin}/#/start`);
  await waitForApp(page);
  await page.locator('.start').waitFor();
  if (await page.locator('.start-actions .button.secondary').count()) await page.locator('.start-actions .button.secondary').click();
  else await page.locator('.start-actions .button').click();
  await fillJiangmenHousehold(page);
  const dibao = page.locator('.results [data-programme="dibao"]');
  await dibao.waitFor();
  assert((await dibao.textContent())?.includes('¥1,100'), 'the results do not show the Jiangmen dibao amount');
  await page.locator('#save-name').fill('离线测试家');
  await page.locator('[data-testid=save-new]').click();
  await page.waitForFunction(async () => {
    const store = (window as unknown as { __huimin?: { store?: { listProfiles(): Promise<{ name: string }[]> } } }).__huimin?.store;
    return !!store && (await store.listProfiles()).some((p) => p.name === '离线测试家');
  });
  await page.reload();
  await waitForApp(page);
  await page.locator('.tabs button').nth(1).click();
  // The caseload is a lazy chunk (from the service worker's cache here): wait for its list before looking for the name.
  try {
    await page.locator('.saved-list').waitFor({ timeout: 15_000 });
    await page.getByText('离线测试家').first().waitFor({ timeout: 10_000 });
  } catch (e) {
    await page.screenshot({ path: join(RESULTS, 'offline-saved-failure.png'), fullPage: true });
    throw e;
  }
}, ['offline: server stopped and network off, reload and a deep link render from cache; IndexedDB data kept']);

// ── the national catalogue, figures entered here, region files (offline) ───────────────────────────────────────

const OFFLINE_READY = 'offline: server stopped and network off, reload and a deep link render from cache; IndexedDB data kept';

/** The figures the app's store holds (through the store the app exposes to automation). */
const storedFigures = (page: Page) =>
  page.evaluate(async () => {
    const store = (window as unknown as { __huimin?: { store?: { listFigures(): Promise<{ region: string; code?: string; param: string; value: unknown; strength: string }[]> } } }).__huimin?.store;
    return store ? store.listFigures() : [];
  });

test('offline: pick 镇雄县, enter its 低保 standard in Settings, see the amount marked as locally entered, print it', async () => {
  const { page, origin } = offline!;
  await page.goto(origin + '/');
  await waitForApp(page);
  // A new household from the start page (the one there before is left as it was).
  await page.locator('header .brand').click();
  await page.locator('.start').waitFor();
  if (await page.locator('.start-actions .button.secondary').count()) await page.locator('.start-actions .button.secondary').click();
  await begin(page);
  try {
    await pickRegion(page, '镇雄', '镇雄县');
    await choose(page, 'hukou', 1); // rural
    // Until the answer is in the draft, an autosave is still to come, and it would write over the draft set below.
    await page.waitForFunction(async () => {
      const store = (window as unknown as { __huimin: { store: { loadDraft(): Promise<{ household: { hukou?: string } } | null> } } }).__huimin.store;
      return (await store.loadDraft())?.household.hukou === 'rural';
    });
    await flush(page);
    // The rest of the household straight into the draft: one unemployed adult with a ¥300 pension. (Read before the
    // 户籍 had reached the draft, it lacked it, and the amount stayed unknown: failed 3 runs in 4 locally.)
    await page.evaluate(async () => {
      const store = (window as unknown as { __huimin: { store: { loadDraft(): Promise<{ household: Record<string, unknown> } | null>; saveDraft(d: unknown): Promise<void> } } }).__huimin.store;
      const d = await store.loadDraft();
      const member = { relation: 'self', sex: 'female', age: 45, work: 'unemployed', income: { pension: 300 }, disability: { certificate: false }, legalSupporters: 'able', onlyChild: 'none', fpSurgeryComplication: 0, statuses: [] };
      await store.saveDraft({ household: { ...d!.household, date: '2025-08-01', assetsMeetLocalRules: 'yes', statuses: [], suddenHardship: false, members: [member] }, step: 'results', updatedAt: new Date().toISOString() });
    });
    // Opened again at the results (the address says where: a plain reload would stay on the region step).
    await page.evaluate(() => history.replaceState(null, '', '/#/results'));
    await page.reload();
    await waitForApp(page);
    const dibao = page.locator('[data-programme="dibao"]');
    await dibao.waitFor();
    // 镇雄县 is cn-530627, or the id of its rule file once it has one.
    const region = ((await readDraft(page))?.household as { region?: string }).region;
    assert(region === 'cn-530627' || region === 'cn-yn-zhaotong-zhenxiong', `the household is not in 镇雄县: ${region}`);
    assert((await dibao.textContent())?.includes('由当地确定'), 'without a figure, the 镇雄 dibao amount should be set locally');

    await page.locator('.tabs button').nth(2).click();
    const form = page.locator('[data-testid=local-figures]');
    await form.locator('[data-testid=region-chosen]', { hasText: '镇雄县' }).waitFor();
    await form.locator('.figure-form select').selectOption('dibao.standard.rural');
    const inputs = form.locator('.figure-form input');
    await inputs.nth(0).fill('800');
    await inputs.nth(1).fill('2025-01-01');
    await inputs.nth(2).fill('镇雄县民政局 2025年 公告');
    await form.locator('.figure-form button[type=submit]').click();
    await form.locator('[data-testid=entered-row]').waitFor();
    const figures = await storedFigures(page);
    assert(figures.some((f) => f.code === '530627' && f.param === 'dibao.standard.rural' && f.value === 800 && f.strength === 'local'), `the figure was not stored: ${JSON.stringify(figures)}`);

    await page.locator('.tabs button').nth(0).click();
    const marker = dibao.locator('[data-testid=entered-figure]');
    await marker.waitFor();
    const text = (await marker.textContent()) ?? '';
    assert(text.includes('按本机录入的') && text.includes('¥800') && text.includes('未经核实') && text.includes('镇雄县民政局'), `the amount is not marked as locally entered: ${text}`);
    // The amount and the marker can land in different renders on a loaded machine: wait for the amount (failed once).
    await page.locator('[data-programme="dibao"]', { hasText: '¥500' }).waitFor({ timeout: 5_000 }).catch(() => undefined);
    assert((await dibao.textContent())?.includes('¥500'), `the dibao amount does not use the entered standard (800 − 300): ${(await dibao.textContent())?.slice(0, 300)}`);

    await page.locator('.results button', { hasText: /打印|Print/ }).first().click();
    const printed = page.locator('.print-view [data-programme="dibao"] [data-testid=entered-figure]');
    await printed.waitFor();
    assert(((await printed.textContent()) ?? '').includes('按本机录入的'), 'the printed summary does not mark the locally entered figure');
    assert(((await page.locator('.print-view').textContent()) ?? '').includes('镇雄县'), 'the printed summary does not name the region');
    mkdirSync(RESULTS, { recursive: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: join(RESULTS, 'zhenxiong-local-figure.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    assert(pdf.length > 10_000, 'the printed PDF is empty');
  } catch (e) {
    await page.screenshot({ path: join(RESULTS, 'local-figure-failure.png'), fullPage: true });
    throw e;
  }
}, [OFFLINE_READY]);

test('offline: import a signed region file (publisher, date and figures shown first; also shared from another app); a tampered one is refused and changes nothing', async () => {
  const { page, origin } = offline!;
  const dir = mkdtempSync(join(tmpdir(), 'huimin-browser-rf-'));
  const tsx = (args: string[]) => execFileSync('node', ['--import', 'tsx', ...args], { cwd: join(DIST, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tsx(['src/build/region-key.ts', '--publisher', '彝良县民政局', '--out', join(dir, 'office')]);
  const good = tsx(['src/build/region-file.ts', 'test/fixtures/cn-yn-zhaotong-yiliang.yaml', '--key', join(dir, 'office.private.json'), '--issued', '2026-12-01']);
  const file = JSON.parse(good) as { payload: string };
  const tampered = JSON.stringify({ ...file, payload: file.payload.replace('"value":700', '"value":7000') });
  assert(tampered.includes('7000'), 'could not make the tampered copy');

  await page.goto(origin + '/');
  await waitForApp(page);
  await page.locator('.tabs button').nth(2).click();
  const section = page.locator('[data-testid=region-files]');
  const input = section.locator('[data-testid=region-file-input]');
  await input.waitFor({ state: 'attached' });
  const before = JSON.stringify(await storedFigures(page));
  try {
    await input.setInputFiles({ name: 'yiliang-tampered.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
    const error = section.locator('[data-testid=region-file-error]');
    await error.waitFor();
    assert(((await error.textContent()) ?? '').includes('签名不符'), `the tampered file was not refused for its signature: ${await error.textContent()}`);
    assert((await section.locator('[data-testid=region-file-preview]').count()) === 0, 'a preview was shown for a tampered file');
    assert(JSON.stringify(await storedFigures(page)) === before, 'refusing the tampered file changed the stored figures');

    await input.setInputFiles({ name: 'yiliang.json', mimeType: 'application/json', buffer: Buffer.from(good) });
    const preview = section.locator('[data-testid=region-file-preview]');
    await preview.waitFor();
    const shown = (await preview.textContent()) ?? '';
    for (const want of ['彝良县民政局', '2026-12-01', '彝良县', '农村低保标准', '¥700', '2025-01-01']) assert(shown.includes(want), `the preview does not show ${want}: ${shown}`);
    assert(JSON.stringify(await storedFigures(page)) === before, 'the figures were applied before the user said so');
    // Signed by a key not trusted yet: applying needs the fingerprint confirmed.
    assert(await section.locator('[data-testid=region-file-apply]').isDisabled(), 'an untrusted key can be applied without confirming its fingerprint');
    await section.locator('[data-testid=region-file-untrusted] input[type=checkbox]').check();
    await section.locator('[data-testid=region-file-apply]').click();
    await section.locator('[data-testid=region-file-message]').waitFor();
    const figures = await storedFigures(page);
    assert(figures.some((f) => f.param === 'dibao.standard.rural' && f.value === 700 && f.strength === 'published' && f.region === 'cn-530628'), `the published figure was not stored: ${JSON.stringify(figures)}`);
    assert(((await section.textContent()) ?? '').includes('彝良县民政局'), 'the key is not listed as trusted');

    // Shared to the installed app from another app: the share sheet POSTs it, the service worker keeps it for the
    // page opened at ?share=region-file, which checks it like a chosen file (the key is trusted now).
    await page.evaluate(async (text) => {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'application/json' }), 'yiliang.json');
      await fetch('./share-region-file', { method: 'POST', body: form, redirect: 'manual' });
    }, good);
    await page.goto(`${origin}/?share=region-file`);
    await waitForApp(page);
    const sharedPreview = page.locator('[data-testid=region-files] [data-testid=region-file-preview]');
    await sharedPreview.waitFor();
    assert(((await sharedPreview.textContent()) ?? '').includes('已信任'), 'the shared file is not recognised as signed by the trusted key');
    assert(!(await page.locator('[data-testid=region-file-apply]').isDisabled()), 'a file from a trusted key cannot be applied');
  } catch (e) {
    await page.screenshot({ path: join(RESULTS, 'region-file-failure.png'), fullPage: true });
    throw e;
  }
}, [OFFLINE_READY]);

test('screenshot: offline app at 360×740 saved to test-results/offline-360x740.png', async () => {
  const { page, origin } = offline!;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(origin + '/');
  await waitForApp(page);
  await page.evaluate(() => document.fonts?.ready.then(() => undefined));
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, 'offline-360x740.png');
  await page.screenshot({ path: file });
  assert(statSync(file).size > 1000, 'screenshot is empty');
}, ['offline: server stopped and network off, reload and a deep link render from cache; IndexedDB data kept']);

// ── the three journeys of issue 10, at phone size ──────────────────────────────────────────────────────────────

/**
 * 适老化 measurements in the page: visible text under 18 px (svg text scaled to its drawn size), tap areas under
 * 60 × 60 px, and anything wider than the screen. A string, not a function: tsx's keepNames would wrap the inner
 * helpers in a `__name` the page does not have.
 */
const MEASURE_ELDER = `(() => {
  const out = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && !el.closest('.sr-only, [aria-hidden="true"]');
  };
  for (const el of document.querySelectorAll('main *, header *, nav *, .banner *, .toast *')) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) px *= svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
    if (px < 17.9) out.push('text ' + px.toFixed(1) + 'px: "' + el.textContent.trim().slice(0, 30) + '"');
    const box = el.getBoundingClientRect();
    const frame = (el.closest('.card, .programme, .toast, header.top') || document.documentElement).getBoundingClientRect();
    const right = Math.min(window.innerWidth, frame.right);
    if (box.right > right + 1 || box.left < Math.max(0, frame.left) - 1) out.push('sticks out of its box: "' + el.textContent.trim().slice(0, 30) + '"');
  }
  for (const el of document.querySelectorAll('button, a[href], select, input:not([type=checkbox]):not([type=radio]), textarea, summary, label.option')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 59.5 || r.width < 59.5) out.push('tap ' + Math.round(r.width) + 'x' + Math.round(r.height) + ': ' + el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 20) + '"');
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('page ' + (document.documentElement.scrollWidth - window.innerWidth) + ' px wider than the screen');
  const ticks = [...document.querySelectorAll('figure.chart text')].map((el) => [el, el.getBoundingClientRect()]);
  for (let i = 0; i < ticks.length; i++)
    for (let j = i + 1; j < ticks.length; j++) {
      const [a, ra] = ticks[i], [b, rb] = ticks[j];
      if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1)
        out.push('chart labels overlap: "' + a.textContent + '" and "' + b.textContent + '"');
    }
  return out;
})()`;

/** Text of the results' programme card (and that it is in the "can apply" group). */
async function eligibleCard(page: Page, id: string): Promise<string> {
  const card = page.locator(`.results .group.eligible [data-programme="${id}"]`);
  await card.waitFor({ timeout: 10_000 });
  return (await card.textContent()) ?? '';
}

test('journey at 360×740: the Jiangmen couple (pension typed "800元") — 低保 ¥1,100, living ¥220, care ¥280, ¥1,600 a month', async () => {
  const { page, watch } = await openApp();
  await fillJiangmenHousehold(page);
  assert((await eligibleCard(page, 'dibao')).includes('¥1,100'), 'dibao is not ¥1,100');
  assert((await eligibleCard(page, 'disability-living')).includes('¥220'), 'the living subsidy is not ¥220');
  assert((await eligibleCard(page, 'disability-care')).includes('¥280'), 'the care subsidy is not ¥280');
  const total = await page.locator('[data-testid=monthly-total]').textContent();
  assert(total?.includes('¥1,600'), `the monthly headline is "${total}"`);
  // Nothing wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the results page is ${overflow} px wider than the screen`);
  assert(watch.problems.length === 0, watch.problems.join('\n'));
});

test('journey at 360×740: the Longnan grandmother and two grandchildren — yearly grants per year, 特困 vs de-facto orphan explained', async () => {
  const { page } = await openApp();
  await fillLongnanHousehold(page);
  // The grandmother: 特困 (at least 1.3 × ¥895 = ¥1,163.50, shown rounded down); the boarder: ¥1,000 a year. School
  // meals are help in kind since issue 9A (rules/programmes/edu-nutrition.yaml): not in the yearly cash.
  assert((await eligibleCard(page, 'tekun')).includes('¥1,163'), 'tekun is not at least ¥1,163');
  const yearly = (await page.locator('[data-testid=yearly]').textContent()) ?? '';
  assert(yearly.includes('¥1,000') && !yearly.includes('¥2,000') && !yearly.includes('¥3,000'), `yearly grants: "${yearly}"`);
  const headline = (await page.locator('[data-testid=headline]').textContent()) ?? '';
  assert(!/\.\d\d/.test(headline), `cents in the headline: "${headline}"`);
  assert(!headline.includes('不低于 ¥0'), 'the headline says 不低于 ¥0');
  assert(((await page.locator('[data-testid=set-locally]').textContent()) ?? '').includes('事实无人抚养儿童'), 'the de-facto orphan amount is not named as set locally');
  const pivot = (await page.locator('[data-testid=pivots] [data-path="members[1].legalSupporters"]').textContent()) ?? '';
  assert(pivot.includes('小明') && pivot.includes('特困') && pivot.includes('事实无人抚养儿童'), `the supporters answer is not explained: "${pivot}"`);
  // No adult questions left open for the children: family planning is not "pending" for a 12-year-old.
  assert((await page.locator('.results .group.undetermined [data-programme="family-planning"]').count()) === 0, 'family planning is "pending" for the grandchildren');
});

test('journey at 360×740, offline: a caseworker saves A, starts new, saves B (each with its own notes); edits A — A updated, B intact', async () => {
  const server = await serve(DIST);
  const { context, close } = await launchPersistent();
  cleanups.push(close);
  cleanups.push(() => server.stop());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(server.url);
  await waitForApp(page);
  await waitForController(page);
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  type Stored = { id: string; name: string; household: { members: { income?: { pension?: number } }[] }; notes?: { text: string }[] };
  const profiles = () =>
    page.evaluate(async () => {
      const store = (window as unknown as { __huimin: { store: { listProfiles(): Promise<{ id: string }[]>; getProfile(id: string): Promise<unknown> } } }).__huimin.store;
      return Promise.all((await store.listProfiles()).map((p) => store.getProfile(p.id)));
    }) as Promise<Stored[]>;
  const save = async (name: string) => {
    await page.locator('#save-name').fill(name);
    await page.locator('[data-testid=save-new]').click();
    await page.waitForFunction(async (n) => {
      const store = (window as unknown as { __huimin: { store: { listProfiles(): Promise<{ name: string }[]> } } }).__huimin.store;
      return (await store.listProfiles()).some((p) => p.name === n);
    }, name);
  };
  const addNote = async (text: string) => {
    await page.locator('.case-link .button').click();
    await page.locator('#case-note-text').fill(text);
    await page.locator('.note-form .button').click();
    await page.getByText(text).waitFor();
  };
  // A
  await fillPensioner(page, '甲', '70', '300');
  await save('甲户');
  await addNote('甲户：腿脚不便');
  // New household from the caseload: the banner is gone, the wizard is empty.
  await page.locator('.tabs button').nth(1).click();
  await page.locator('[data-testid=new-household]').click();
  await page.locator('#region-search').waitFor();
  assert((await page.locator('[data-testid=editing]').count()) === 0, 'the new household still says it is editing 甲户');
  // B
  await fillPensioner(page, '乙', '75', '500');
  await save('乙户');
  await addNote('乙户：独居');
  // C, from the results page's button
  await page.locator('.tabs button').first().click();
  await page.locator('[data-testid=new-household]').click();
  await fillPensioner(page, '丙', '80', '200');
  await save('丙户');
  let all = await profiles();
  assert(all.length === 3, `expected 3 households, found ${all.length}: ${all.map((p) => p.name).join(', ')}`);
  const byName = (n: string) => all.find((p) => p.name === n)!;
  assert(JSON.stringify(byName('甲户').notes?.map((n) => n.text)) === JSON.stringify(['甲户：腿脚不便']), 'A lost its note or got another');
  assert(JSON.stringify(byName('乙户').notes?.map((n) => n.text)) === JSON.stringify(['乙户：独居']), 'B has the wrong notes');
  assert(!byName('丙户').notes?.length, 'C has notes it never had');
  const bBefore = JSON.stringify(byName('乙户'));
  // Edit A: open it, change the pension on the check page, update.
  await page.locator('.tabs button').nth(1).click();
  await page.locator('.saved-list li', { hasText: '甲户' }).locator('.button').first().click();
  await page.locator('.results').waitFor();
  assert(((await page.locator('[data-testid=editing]').textContent()) ?? '').includes('甲户'), 'the banner does not name 甲户');
  await page.locator('.save .button.secondary', { hasText: '修改回答' }).click();
  await page.locator('.check').waitFor();
  await page.locator('.check [data-path="members[0].income"] .link').click();
  await page.locator('[data-path="members[0].income.pension"] input').fill('350');
  await next(page);
  await page.locator('.check').waitFor();
  await next(page);
  await page.locator('[data-testid=save-update]').click();
  await page.waitForFunction(async () => {
    const store = (window as unknown as { __huimin: { store: { listProfiles(): Promise<{ id: string }[]>; getProfile(id: string): Promise<{ name: string; household: { members: { income?: { pension?: number } }[] } }> } } }).__huimin.store;
    const ps = await Promise.all((await store.listProfiles()).map((p) => store.getProfile(p.id)));
    return ps.find((p) => p.name === '甲户')?.household.members[0]?.income?.pension === 350;
  });
  all = await profiles();
  assert(all.length === 3, `editing A changed the number of households: ${all.length}`);
  assert(JSON.stringify(byName('甲户').notes?.map((n) => n.text)) === JSON.stringify(['甲户：腿脚不便']), "A's notes did not survive the update");
  assert(JSON.stringify(byName('乙户')) === bBefore, 'B changed when A was edited');
});

test('steps live in the address: the back button goes to the previous step, a reload lands on the same step', async () => {
  const { page } = await openApp();
  await fillHalfHousehold(page);
  await next(page);
  assert((await page.evaluate(() => location.hash)) === '#/person/1', 'not on the first person');
  await page.goBack();
  await page.locator('[data-path="members[0].age"] input').waitFor();
  assert((await page.evaluate(() => location.hash)) === '#/members', `back went to ${await page.evaluate(() => location.hash)}`);
  assert((await page.locator('[data-path="members[0].age"] input').inputValue()) === '67', 'the age is gone after going back');
  await page.goBack();
  await page.locator('#region-search').waitFor();
  await page.goForward();
  await page.goForward();
  await page.locator('[data-path="members[0].work"]').waitFor();
  await page.reload();
  await waitForApp(page);
  await page.locator('[data-path="members[0].work"]').waitFor();
  assert((await page.evaluate(() => location.hash)) === '#/person/1', 'a reload did not land on the same step');
});

test('长辈模式 (适老化) at 360×740: every text ≥ 18 px, every tap area ≥ 60 px and nothing off the screen on every step (Jiangmen with a hospital bill, Longnan, then in English); 朗读 reads the question', async () => {
  // A Chinese voice, and a record of what is said (headless Chromium has no voices of its own). A string: see
  // MEASURE_ELDER for why.
  const { page } = await openApp({
    init: `window.__said = [];
      Object.assign(window.speechSynthesis, {
        getVoices() { return [{ lang: 'zh-CN', name: 'test', localService: true, default: true, voiceURI: 'test' }]; },
        speak(u) { window.__said.push(u.text); },
        cancel() {},
      });`,
  });
  await page.locator('.start .elder-switch input').check();
  // The class is set by an effect after the render that checks the box: measuring before it lands would measure
  // the standard sizes (a CI run did exactly that).
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
  const problems: string[] = [];
  const measure = async (name: string) => {
    const found = (await page.evaluate(MEASURE_ELDER)) as string[];
    for (const f of found) problems.push(`${name}: ${f}`);
  };
  await measure('start');
  await fillJiangmenHousehold(page, measure);
  await measure('results');
  await page.locator('[data-programme="dibao"] .link').first().click();
  await measure('results, dibao explained');
  assert(problems.length === 0, `${problems.length} problems:\n${problems.slice(0, 40).join('\n')}`);
  // 朗读: a result card read aloud.
  await page.locator('.results [data-programme="dibao"] .speak').click();
  const said = await page.evaluate(() => (window as unknown as { __said: string[] }).__said);
  assert(said.length === 1 && said[0]!.includes('最低生活保障') && said[0]!.includes('¥1,100'), `read aloud: ${JSON.stringify(said)}`);
  // …and a question, with its choices.
  await page.evaluate(() => {
    location.hash = '#/hospital';
  });
  await page.locator('[data-path="hospital"] .speak').click();
  const said2 = await page.evaluate(() => (window as unknown as { __said: string[] }).__said);
  assert(said2.length === 2 && said2[1]!.includes('住过院') && said2[1]!.includes('否'), `read aloud: ${JSON.stringify(said2)}`);
  // A hospital bill: the medical-aid estimate's rows (long labels kept whole) must fit the phone too.
  await choose(page, 'hospital', 0);
  await page.locator('[data-path="hospital.who"] input[type=checkbox]').first().check();
  await next(page);
  await choose(page, 'members[0].insurance', 0);
  await type(page, 'members[0].hospitalBill.selfPaid', '5000');
  await measure('hospital bill');
  await page.evaluate(() => {
    location.hash = '#/results';
  });
  const aid = page.locator('.results [data-programme="medical-aid"]');
  await aid.locator('.link').first().click();
  await aid.locator('.estimate').first().waitFor();
  await measure('results, medical-aid estimate');
  // The Longnan grandmother and her grandchildren: long programme names in the headline, long choices asked inline.
  await page.locator('.tabs button').nth(1).click();
  await page.locator('[data-testid=new-household]').click();
  await fillLongnanHousehold(page, (step) => measure(`Longnan ${step}`));
  await measure('Longnan results');
  // …and in English (longer words, no keep-all): the results, then the start page.
  await page.locator('header .tools .chip').first().click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await measure('English, Longnan results');
  await page.locator('header .brand').click();
  await page.locator('.start').waitFor();
  await measure('English, start');
  assert(problems.length === 0, `${problems.length} problems:\n${problems.slice(0, 40).join('\n')}`);
});

// ── updates ────────────────────────────────────────────────────────────────────────────────────────────────────

async function waitForUpdateSignal(page: Page) {
  await page.waitForFunction(
    () =>
      !!document.querySelector('[data-testid=update-prompt]') ||
      !!(window as unknown as { __huimin?: Hooks }).__huimin?.updateAvailable,
    undefined,
    { timeout: 20_000, polling: 100 },
  );
  const h = await hooksOf(page);
  assert(h?.updateAvailable, 'the update prompt is shown but window.__huimin.updateAvailable is not set');
  return h.updateAvailable;
}

async function apply(page: Page) {
  const button = page.locator('[data-testid=update-apply]');
  if (await button.count()) await button.first().click();
  else await page.evaluate(() => void (window as unknown as { __huimin: Hooks }).__huimin.applyUpdate!());
}

/** Counts full page loads (a reload = 1). */
function countLoads(page: Page): () => number {
  let n = 0;
  page.on('load', () => n++);
  return () => n;
}

async function triggerUpdateCheck(page: Page) {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg) throw new Error('no registration');
    await reg.update();
  });
}

// ── nothing typed is lost, a damaged record never breaks the app (issue 13) ────────────────────────────────────

/**
 * The longest a keystroke may be typed and still be lost when the renderer dies: the autosave's maximum wait
 * (250 ms, src/app/autosave.ts) plus one render and one IndexedDB write. Stated in the README.
 */
const LOST_WINDOW_MS = 300;

test('autosave: the renderer killed (CDP Page.crash) 0, 100 and 300 ms after a keystroke and after 5 s of typing — every keystroke older than 300 ms is there after restart', async () => {
  const opened = await openApp({ desktop: true });
  const { server, context, watch } = opened;
  let page = opened.page;
  await begin(page);
  await pickRegion(page, '江门', '江门市');
  await choose(page, 'hukou', 0);
  await next(page);
  const nameBox = () => page.locator('[data-path="members[0].name"] input');
  /** What is on screen is the draft as restored: the name field starts with it. */
  let typed = '';
  let keys: { at: number }[] = [];
  const key = async (c: string) => {
    await page.keyboard.type(c);
    typed += c;
    keys.push({ at: Date.now() });
  };
  let oldestLost = 0;
  let lostCount = 0;
  const crashDelays: number[] = [];
  const crashAndRestart = async (label: string) => {
    const cdp = await context.newCDPSession(page);
    const crashed = new Promise<number>((ok) => page.once('crash', () => ok(Date.now())));
    const at = Date.now();
    void cdp.send('Page.crash').catch(() => undefined);
    // Really killed (closing a live page would fire pagehide, which flushes: that would prove nothing).
    const dead = await withTimeout(crashed, 5_000, `${label}: the renderer did not crash`);
    crashDelays.push(dead - at);
    await page.close().catch(() => undefined);
    page = await context.newPage();
    await page.goto(server.url);
    await waitForApp(page);
    const draft = await readDraft(page);
    const name = (draft?.household as { members?: { name?: string }[] } | undefined)?.members?.[0]?.name ?? '';
    assert(typed.startsWith(name), `${label}: the draft holds "${name}", which is not what was typed ("${typed}")`);
    // keys[j] is typed[base + j]; the letters before base were restored before this round.
    const base = typed.length - keys.length;
    const lost = keys.slice(Math.max(0, name.length - base));
    const oldest = lost.length ? at - lost[0]!.at : 0;
    assert(name.length >= base && oldest < LOST_WINDOW_MS, `${label}: ${typed.length - name.length} keystroke(s) lost, the oldest typed ${oldest} ms before the crash (window ${LOST_WINDOW_MS} ms)`);
    oldestLost = Math.max(oldestLost, oldest);
    lostCount += lost.length;
    typed = name;
    keys = [];
    await page.locator('[data-path="members[0].name"] input').waitFor();
    assert((await nameBox().inputValue()) === name, `${label}: the name field does not show the restored "${name}"`);
    await nameBox().focus();
    await page.keyboard.press('End');
  };
  await nameBox().focus();
  for (const delay of [0, 100, 300]) {
    for (const c of 'abc') {
      await key(c);
      await sleep(40);
    }
    await sleep(1000);
    await key('d');
    await sleep(delay);
    await crashAndRestart(`crash ${delay} ms after a keystroke`);
  }
  // 5 s of typing without a pause (a key every ~100 ms), killed at once after the last key.
  const end = Date.now() + 5_000;
  let i = 0;
  while (Date.now() < end) {
    await key(String.fromCharCode(97 + (i++ % 26)));
    await sleep(80);
  }
  const before = typed.length;
  await crashAndRestart('crash after 5 s of typing');
  // One autosave write, as the page does it (the window is the maximum wait plus this).
  const writes = await page.evaluate(async () => {
    const store = (window as unknown as { __huimin: { store: { loadDraft(): Promise<unknown>; saveDraft(d: unknown): Promise<void> } } }).__huimin.store;
    const d = await store.loadDraft();
    const ms: number[] = [];
    for (let k = 0; k < 30; k++) {
      const t = performance.now();
      await store.saveDraft(d);
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  });
  console.log(`    one draft write: median ${writes[15]!.toFixed(1)} ms, max ${writes[29]!.toFixed(1)} ms`);
  assert(typed.length >= before - 4, `after 5 s of typing only ${typed.length} of ${before} letters were kept`);
  console.log(`    lost on crash: ${lostCount} keystroke(s) in all, the oldest ${oldestLost} ms before the crash (window ${LOST_WINDOW_MS} ms); crash reported ${crashDelays.join(', ')} ms after Page.crash`);
  const problems = watch.problems.filter((p) => !/crash/i.test(p));
  assert(problems.length === 0, problems.join('\n'));
});

test('autosave: an answer tapped and the page hidden at once — after the render, before its effects run — is in the draft', async () => {
  const { page } = await openApp();
  await begin(page);
  await pickRegion(page, '江门', '江门市');
  await flush(page);
  const hukou = await page.evaluate(async () => {
    const h = (window as unknown as { __huimin: { flush(): Promise<void>; store: { loadDraft(): Promise<{ household: { hukou?: string } } | null> } } }).__huimin;
    document.querySelectorAll<HTMLInputElement>('[data-path="hukou"] input[type=radio]')[1]!.click();
    // Preact renders in a microtask; effects wait for the next frame. The page is hidden in between.
    await Promise.resolve();
    await h.flush();
    return (await h.store.loadDraft())?.household.hukou;
  });
  assert(hukou === 'rural', `the tapped 户籍 is not in the draft written on hiding the page: ${hukou}`);
});

test('a damaged draft in IndexedDB: the app starts, lists the saved households, the banner exports or discards it, autosave works', async () => {
  const { page, watch } = await openApp({ desktop: true });
  await page.evaluate(async () => {
    const store = (window as unknown as { __huimin: { store: { putProfile(p: unknown): Promise<void>; listProfiles(): Promise<unknown[]> } } }).__huimin.store;
    const now = new Date().toISOString();
    await store.putProfile({ id: 'kept', name: '完好的一户', household: { version: 1, region: 'cn-gd-jiangmen', members: [{ relation: 'self', age: 70 }] }, createdAt: now, updatedAt: now });
    // What a half-written record or an old build can leave: a null member.
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.open('huimin');
      req.onsuccess = () => {
        const tx = req.result.transaction('draft', 'readwrite');
        tx.objectStore('draft').put({ household: { version: 1, region: 'cn-gd-jiangmen', members: [null] }, step: 'members', updatedAt: now }, 'current');
        tx.oncomplete = () => {
          req.result.close();
          ok();
        };
        tx.onerror = () => fail(tx.error);
      };
      req.onerror = () => fail(req.error);
    });
  });
  await page.reload();
  await waitForApp(page);
  const banner = page.locator('[data-testid=damaged-banner]');
  await banner.waitFor({ timeout: 10_000 });
  await page.locator('.start').waitFor();
  await page.locator('.tabs button').nth(1).click();
  await page.getByText('完好的一户').first().waitFor({ timeout: 10_000 });
  await banner.locator('button').first().click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=damaged-export]').click()]);
  const file = JSON.parse(await new Promise<string>((ok, fail) => {
    void download.createReadStream().then((s) => {
      let text = '';
      s.on('data', (d: Buffer) => (text += d));
      s.on('end', () => ok(text));
      s.on('error', fail);
    }, fail);
  })) as { format: string; store: string; content: { household: { members: unknown[] } } };
  assert(file.format === 'huimin-damaged-record' && file.store === 'draft' && file.content.household.members[0] === null, `the exported file is not the damaged draft: ${JSON.stringify(file).slice(0, 200)}`);
  await page.locator('[data-testid=damaged-discard]').click();
  await page.locator('[data-testid=damaged-discard-confirm]').click();
  await banner.waitFor({ state: 'detached' });
  // The wizard works and autosaves.
  await page.locator('.tabs button').nth(0).click();
  await begin(page);
  await pickRegion(page, '江门', '江门市');
  await page.waitForFunction(async () => {
    const store = (window as unknown as { __huimin: { store: { loadDraft(): Promise<{ household: { region: string } } | null> } } }).__huimin.store;
    return (await store.loadDraft())?.household.region === 'cn-gd-jiangmen';
  });
  assert(watch.problems.length === 0, watch.problems.join('\n'));
});

test('import: a small file is previewed and imported in well under a second; a household already here is never replaced without a choice', async () => {
  const { page } = await openApp({ desktop: true });
  const household = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'jiangmen-couple.json'), 'utf8')) as unknown;
  const at = '2025-08-01T08:00:00.000Z';
  const profile = (id: string, name: string) => ({ id, name, household, createdAt: at, updatedAt: at });
  await page.evaluate(async (p) => {
    const store = (window as unknown as { __huimin: { store: { putProfile(p: unknown): Promise<void> } } }).__huimin.store;
    await store.putProfile(p);
  }, { ...profile('h1', '本机的陈家'), updatedAt: '2025-09-01T08:00:00.000Z' });
  const file = JSON.stringify({ format: 'huimin-export', formatVersion: 1, exportedAt: at, profiles: [profile('h1', '文件里的陈家'), profile('h2', '李家'), profile('h3', '王家')] });
  await page.locator('.tabs button').nth(1).click();
  await page.locator('.caseload .segmented button').nth(2).click();
  await page.locator('#import-file').setInputFiles({ name: 'huimin-export.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  let t0 = Date.now();
  await page.locator('.transfer-import form button[type=submit]').click();
  await page.locator('.import-preview').waitFor();
  const previewMs = Date.now() - t0;
  const importButton = page.locator('.import-preview .button:not(.secondary)').first();
  assert(await importButton.isDisabled(), 'import is possible before choosing what to do with the household already on this device');
  await page.locator('[data-conflict="h1"]').getByLabel('保留本机的').check();
  t0 = Date.now();
  await importButton.click();
  await page.locator('.ok-box').waitFor();
  const importMs = Date.now() - t0;
  const names = await page.evaluate(async () => {
    const store = (window as unknown as { __huimin: { store: { listProfiles(): Promise<{ id: string; name: string }[]> } } }).__huimin.store;
    return (await store.listProfiles()).map((p) => `${p.id}:${p.name}`).sort();
  });
  assert(JSON.stringify(names) === JSON.stringify(['h1:本机的陈家', 'h2:李家', 'h3:王家']), `after import: ${names.join(', ')}`);
  console.log(`    import of 3 households: preview ${previewMs} ms, import ${importMs} ms`);
  assert(previewMs + importMs < 5_000, `importing 3 households took ${previewMs + importMs} ms`);
});

test('update: new build detected, "rules updated" signalled, applied with exactly one reload, draft kept', async () => {
  const [a, b] = await getBuilds();
  assert(a.version.rules !== b.version.rules, 'builds A and B have the same rules version');
  const port = await freePort();
  let server = await serve(a.dir, port);
  cleanups.push(() => server.stop());
  const context = await browser!.newContext();
  cleanups.push(() => context.close());
  const watch = watchContext(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForApp(page);
  await waitForController(page);
  const shownBuild = (await hooksOf(page))?.build ?? null;
  // The values in the message: this failed once (2026-12-03) and passed on the rerun; the next failure says which side moved.
  assert(shownBuild?.rules === a.version.rules, `window.__huimin.build.rules is not build A: page ${JSON.stringify(shownBuild)}, A ${a.version.rules}, B ${b.version.rules}, page URL ${page.url()}`);
  const saved = await fillHalfHousehold(page);

  // Deploy B.
  await server.stop();
  server = await serve(b.dir, port);
  cleanups.push(() => server.stop());
  const loads = countLoads(page);
  await triggerUpdateCheck(page);
  const info = await waitForUpdateSignal(page);
  assert(info.rulesChanged === true, `rulesChanged should be true: ${JSON.stringify(info)}`);
  assert(info.rulesVersion === b.version.rules, `rulesVersion ${info.rulesVersion}, expected ${b.version.rules}`);
  assert(info.lastVerified === (b.version.lastVerified ?? undefined), `lastVerified ${info.lastVerified}`);
  assert(loads() === 0, 'the page reloaded before the update was applied');

  const reloaded = page.waitForEvent('load', { timeout: 20_000 });
  await apply(page);
  await reloaded;
  await waitForApp(page);
  await sleep(2_500); // a loop would reload again by now
  assert(loads() === 1, `expected exactly one reload, saw ${loads()}`);
  const after = await hooksOf(page);
  assert(after?.build?.rules === b.version.rules, `after the update the page runs ${after?.build?.rules}, expected ${b.version.rules}`);
  assert(after.justUpdated === true, 'window.__huimin.justUpdated is not set after the update reload');
  assert(!after.updateAvailable, 'the update is still offered after applying it');
  assert(await page.evaluate(async () => !(await navigator.serviceWorker.getRegistration())?.waiting), 'a worker is still waiting');
  assert(JSON.stringify(await readDraft(page)) === JSON.stringify(saved), 'the draft did not survive the update');
  // Outdated precache entries are gone: the caches hold exactly build B's manifest.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname.slice(1));
    return urls.sort();
  });
  const wanted = precacheUrls(b.dir).sort();
  assert(JSON.stringify(cached) === JSON.stringify(wanted), `caches after the update: ${cached.join(', ')}; expected ${wanted.join(', ')}`);
  assert(watch.problems.length === 0, watch.problems.join('\n'));
});

test('update with two tabs: only the tab that applies reloads; the other keeps the prompt, then updates once', async () => {
  const [a, b] = await getBuilds();
  const port = await freePort();
  let server = await serve(a.dir, port);
  cleanups.push(() => server.stop());
  const context = await browser!.newContext();
  cleanups.push(() => context.close());
  const one = await context.newPage();
  await one.goto(server.url);
  await waitForApp(one);
  await waitForController(one);
  const two = await context.newPage();
  await two.goto(server.url);
  await waitForApp(two);
  await waitForController(two);

  await server.stop();
  server = await serve(b.dir, port);
  cleanups.push(() => server.stop());
  const loadsOne = countLoads(one);
  const loadsTwo = countLoads(two);
  await triggerUpdateCheck(one);
  await waitForUpdateSignal(one);
  await waitForUpdateSignal(two);

  const reloaded = one.waitForEvent('load', { timeout: 20_000 });
  await apply(one);
  await reloaded;
  await waitForApp(one);
  await sleep(2_500);
  assert(loadsOne() === 1, `tab 1: expected one reload, saw ${loadsOne()}`);
  assert(loadsTwo() === 0, `tab 2 reloaded (${loadsTwo()}) although it did not ask`);
  assert((await hooksOf(one))?.build?.rules === b.version.rules, 'tab 1 does not run build B');
  const twoNow = await hooksOf(two);
  assert(twoNow?.updateAvailable, 'tab 2 lost its update prompt');
  assert(twoNow.build?.rules === a.version.rules, 'tab 2 changed build without reloading?');

  const reloadedTwo = two.waitForEvent('load', { timeout: 20_000 });
  await apply(two);
  await reloadedTwo;
  await waitForApp(two);
  await sleep(1_500);
  assert(loadsTwo() === 1, `tab 2: expected one reload, saw ${loadsTwo()}`);
  assert(loadsOne() === 1, `tab 1 reloaded again (${loadsOne()})`);
  assert((await hooksOf(two))?.build?.rules === b.version.rules, 'tab 2 does not run build B after applying');
});

// ── runner ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const started = Date.now();
  if (!existsSync(join(DIST, 'sw.js'))) throw new Error('dist/ has no production build: run `npm run build` first (npm test does)');
  void getBuilds().catch(() => undefined); // start the update builds now; awaited (and errors reported) by their tests
  browser = await launchChromium();
  const passed = new Set<string>();
  let failed = 0;
  // While working on one test: HUIMIN_BROWSER_ONLY=<part of a name> runs only the matching ones (and what they need).
  const only = process.env.HUIMIN_BROWSER_ONLY;
  const wanted = new Set<string>();
  const want = (n: string): void => {
    if (wanted.has(n)) return;
    wanted.add(n);
    tests.find((x) => x.name === n)?.after?.forEach(want);
  };
  if (only) tests.filter((x) => x.name.includes(only)).forEach((x) => want(x.name));
  for (const t of tests) {
    if (only && !wanted.has(t.name)) continue;
    const t0 = Date.now();
    const blocked = t.after?.filter((n) => !passed.has(n)) ?? [];
    if (blocked.length) {
      failed++;
      console.log(`✗ ${t.name}\n    not run: needs "${blocked.join('", "')}"`);
      continue;
    }
    try {
      await withTimeout(t.fn(), 90_000, t.name);
      passed.add(t.name);
      console.log(`✓ ${t.name}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`✗ ${t.name}  (${((Date.now() - t0) / 1000).toFixed(1)} s)\n    ${String((e as Error).message ?? e).split('\n').join('\n    ')}`);
    }
  }
  console.log(`\n${passed.size} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${ms / 1000} s: ${name}`)), ms))),
  ]);
}

// Whatever happens (a hung browser, a reload loop), the run ends: a watchdog for the whole run, a cap per cleanup.
const watchdog = setTimeout(() => {
  console.error('✗ browser tests: still running after 9 minutes, giving up');
  process.exit(1);
}, 9 * 60_000);
watchdog.unref();
const capped = (p: Promise<unknown>) => withTimeout(p, 10_000, 'cleanup').catch(() => undefined);

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`✗ ${(e as Error).message}`);
} finally {
  for (const c of cleanups.reverse()) await capped(Promise.resolve().then(c));
  await capped(browser?.close() ?? Promise.resolve());
  if (builds) await capped(builds.then((bs) => bs.forEach((b) => b.remove())));
}
process.exit(code);
