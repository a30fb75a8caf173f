/**
 * Helpers for the real-browser tests (test/browser/run.ts): production builds into temp dirs, the production server
 * (src/build/serve.ts) as a child process, Debian Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const RESULTS = join(ROOT, 'test-results');
export const CHROMIUM = process.env.HUIMIN_CHROMIUM ?? '/usr/bin/chromium';

/** The flags every Chromium of this project runs with (also src/build/lighthouse.ts). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--no-first-run',
];

/** Playwright gives every launch() a fresh temporary profile (its own --user-data-dir), removed on close. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run npm test (installs Debian's chromium as root) or set HUIMIN_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * A browser with a normal (non-incognito) profile in a fresh temp --user-data-dir, for what incognito contexts do
 * not allow (installability). close() also removes the profile.
 */
export async function launchPersistent(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const profile = mkdtempSync(join(tmpdir(), 'huimin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${out}`))));
  });
}

export interface Build {
  dir: string;
  /** version.json of the build. */
  version: { app: string; rules: string; lastVerified: string | null };
  remove(): void;
}

/** A production build into a fresh temp dir (tracked files untouched). `env` reaches vite.config.ts. */
export async function buildInto(label: string, env: Record<string, string> = {}): Promise<Build> {
  const dir = mkdtempSync(join(tmpdir(), `huimin-build-${label}-`));
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--configLoader', 'runner', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'],
    { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...env },
  );
  return {
    dir,
    version: JSON.parse(readFileSync(join(dir, 'version.json'), 'utf8')) as Build['version'],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Server {
  url: string;
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts src/build/serve.ts serving `dir` on `port` (a free one if omitted); resolves once it listens. */
export async function serve(dir: string, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'build', 'serve.ts'), '--port', String(p), '--dir', dir, '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 20 s:\n${log}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      log += d;
      if (log.includes('Serving ')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (log += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const origin = `http://127.0.0.1:${p}`;
  let stopped: Promise<void> | undefined;
  return {
    url: `${origin}/`,
    origin,
    port: p,
    stop: () =>
      (stopped ??= new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      })),
  };
}

/**
 * The app has rendered: `window.__huimin.appReady === true`, or `[data-testid=app-ready]` exists, or else `#app`
 * holds an element other than index.html's `.boot` loading placeholder.
 */
export async function waitForApp(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () => {
      if ((window as unknown as { __huimin?: { appReady?: boolean } }).__huimin?.appReady === true) return true;
      if (document.querySelector('[data-testid=app-ready]')) return true;
      const app = document.getElementById('app');
      return !!app && [...app.children].some((c) => !c.classList.contains('boot'));
    },
    undefined,
    { timeout },
  );
}

/** Waits for an active service worker controlling the page; reloads once if the first load is not controlled. */
export async function waitForController(page: Page): Promise<string> {
  const hasRegistration = await page
    .waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration()), undefined, { timeout: 10_000, polling: 200 })
    .then(() => true)
    .catch(() => false);
  if (!hasRegistration) {
    throw new Error('no service worker registration: the app must call registerServiceWorker() from src/app/pwa/sw-client.ts at startup');
  }
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  let url = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  if (!url) {
    await page.reload();
    url = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  }
  if (!url) throw new Error('the service worker is active but does not control the page, even after a reload');
  return url;
}

/** URLs in the precache manifest of a build's sw.js. */
export function precacheUrls(dir: string): string[] {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  return [...new Set([...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!))];
}
