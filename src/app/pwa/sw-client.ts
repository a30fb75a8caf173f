/**
 * Page side of offline support: registers the service worker (src/sw/sw.ts → sw.js) and tells the UI when a new
 * version is waiting. Framework-free; the UI decides when to show the prompt and when to apply.
 *
 *   registerServiceWorker();                         // once, at startup (does nothing outside production builds)
 *   const off = onUpdateAvailable((info) => showPrompt(info));
 *   //   info.rulesChanged → "规则已更新（规则对照来源文件核对于 {info.lastVerified}）"
 *   await applyUpdate(() => store.flushDraft());     // on the user's click: save, switch, reload this tab once
 *
 * Update flow. The browser finds a new sw.js (on navigation, or checkForUpdate()); it installs (precaches) and then
 * waits — never skipWaiting on its own. The page then fetches the new version.json from the network (no-store) and
 * compares its rule pack version with the running one (`packVersion`), and calls the listeners. applyUpdate() flushes
 * the caller's autosave, posts SKIP_WAITING to the waiting worker and reloads once when it takes control.
 *
 * Reload-loop guard: a tab reloads only if *it* called applyUpdate() in its current life (`requested`, in memory, so
 * a reloaded page never inherits it) and only once (`reloading`). Two tabs: when another tab applied the update,
 * this tab is not reloaded under the user's feet; it gets (or keeps) the prompt, and applying there just reloads.
 *
 * Tests and tooling: window.__huimin.{updateAvailable, applyUpdate, checkForUpdate, build, justUpdated} — see the
 * header of test/browser/run.ts. The app may set window.__huimin.flush (its autosave flush), used by the hook.
 *
 * Assumption: this module is bundled into a chunk directly under assets/ (Vite's default assetsDir), so the app
 * root — where sw.js and version.json live — is `../` from the chunk, whatever URL the document has (deep links).
 */
import { Workbox } from 'workbox-window';
import { packVersion } from 'virtual:rule-pack';

export interface UpdateInfo {
  /** The waiting version ships a different rule pack than the one running. */
  rulesChanged: boolean;
  /** Rule pack version of the waiting version, when version.json could be read. */
  rulesVersion?: string;
  /** Newest lastVerified date (YYYY-MM-DD) over the regions of the waiting version's rule pack. */
  lastVerified?: string;
}

/** The build's version.json (emitted by the huimin-service-worker plugin in vite.config.ts). */
export interface VersionInfo {
  app: string;
  rules: string;
  lastVerified: string | null;
  regions: Record<string, string>;
}

type Listener = (info: UpdateInfo) => void;
type Hooks = Record<string, unknown>;

const UPDATED_KEY = 'huimin:sw-updated';
const CHECK_EVERY_MS = 60 * 60 * 1000;

// Not written as `new URL('…', import.meta.url)`: Vite would try to resolve that as a build-time asset.
const moduleUrl = import.meta.url;
const appRoot = (): URL => new URL('../', moduleUrl);

let wb: Workbox | undefined;
let registration: ServiceWorkerRegistration | undefined;
let pending: UpdateInfo | null = null;
const listeners = new Set<Listener>();
const signalled = new WeakSet<ServiceWorker>();
/** A controller existed (page load, or first install claimed the page): a later controller change is an update. */
let hadController = false;
/** Another tab applied an update: this page runs old code under the new worker until it reloads. */
let controllerReplaced = false;
/** This tab asked for the update (applyUpdate) — the only way it ever reloads itself. */
let requested = false;
let reloading = false;
let justUpdated = false;
let lastCheck = 0;

function hooks(): Hooks {
  const w = window as unknown as { __huimin?: Hooks };
  return (w.__huimin ??= {});
}

function exposeHooks(): void {
  Object.assign(hooks(), {
    updateAvailable: pending,
    justUpdated,
    build: { app: __APP_VERSION__, rules: packVersion },
    checkForUpdate,
    applyUpdate: () => {
      const flush = hooks().flush;
      return applyUpdate(async () => {
        if (typeof flush === 'function') await (flush as () => unknown)();
      });
    },
  });
}

/** Registers ./sw.js (production builds only). Safe to call more than once. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || wb) return;
  if (typeof window === 'undefined' || !('serviceWorker' in navigator)) return;
  try {
    justUpdated = sessionStorage.getItem(UPDATED_KEY) !== null;
    sessionStorage.removeItem(UPDATED_KEY);
  } catch {
    // sessionStorage unavailable: only the "just updated" notice is lost
  }
  exposeHooks();
  hadController = navigator.serviceWorker.controller !== null;
  const root = appRoot();
  wb = new Workbox(new URL('sw.js', root).href, { scope: root.href, updateViaCache: 'none' });
  wb.addEventListener('waiting', (e) => void signalWaiting(e.sw ?? registration?.waiting ?? null));
  wb.addEventListener('controlling', onControlling);
  wb.register()
    .then((reg) => {
      if (!reg) return;
      registration = reg;
      lastCheck = Date.now();
      // Our own watch as well: workbox-window stops following updates it deems "external" (e.g. found >1 min after
      // registration, or started by another tab), and a long-lived tab must still see every new version.
      reg.addEventListener('updatefound', () => {
        const sw = reg.installing;
        sw?.addEventListener('statechange', () => {
          if (sw.state === 'installed') setTimeout(() => void signalWaiting(reg.waiting === sw ? sw : null), 200);
        });
      });
      if (reg.waiting) void signalWaiting(reg.waiting);
    })
    .catch((e: unknown) => console.warn('[huimin] service worker registration failed; the app works online only', e));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && Date.now() - lastCheck > CHECK_EVERY_MS) void checkForUpdate();
  });
}

/** Asks the browser to look for a new sw.js now. Resolves when the check is done (not when an update installed). */
export async function checkForUpdate(): Promise<void> {
  if (!registration) return;
  lastCheck = Date.now();
  try {
    await registration.update();
  } catch {
    // offline or server down: try again later
  }
}

/**
 * Calls `cb` when a new version is waiting (at once if one already is). Returns the unsubscribe function.
 */
export function onUpdateAvailable(cb: Listener): () => void {
  listeners.add(cb);
  if (pending) {
    const info = pending;
    queueMicrotask(() => listeners.has(cb) && cb(info));
  }
  return () => listeners.delete(cb);
}

/** The waiting update, if any (same value the listeners got). */
export function pendingUpdate(): UpdateInfo | null {
  return pending;
}

/** This page load is the reload that applied an update (show "已更新到新版本" once). */
export function wasJustUpdated(): boolean {
  return justUpdated;
}

/**
 * Applies the waiting update: awaits `beforeReload` (flush the autosave; if it rejects, nothing happens and the
 * error propagates), tells the waiting worker to take over and reloads this tab once when it controls the page.
 * If another tab already applied it, just reloads.
 */
export async function applyUpdate(beforeReload: () => Promise<void>): Promise<void> {
  if (reloading) return;
  await beforeReload();
  requested = true;
  const waiting = registration?.waiting;
  if (!waiting || !wb) {
    // Already in control (applied from another tab), or nothing left waiting: a reload loads the current version.
    reloadOnce();
    return;
  }
  const before = navigator.serviceWorker.controller;
  wb.messageSkipWaiting();
  // Normally `controlling` fires within a moment. Should the event be missed, reload anyway once the new worker
  // is in control; if it never takes control, stay put (the prompt remains) rather than reload for nothing.
  setTimeout(() => {
    if (navigator.serviceWorker.controller !== before) reloadOnce();
  }, 10_000);
}

/** Asks the browser not to evict our storage under pressure. True if granted (or already granted). */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

/** Whether storage is persistent, and how much is used out of the quota (bytes), where the browser says. */
export async function storageEstimate(): Promise<{ persisted: boolean; usage?: number; quota?: number }> {
  const out: { persisted: boolean; usage?: number; quota?: number } = { persisted: false };
  try {
    out.persisted = (await navigator.storage?.persisted?.()) ?? false;
    const est = await navigator.storage?.estimate?.();
    if (est?.usage !== undefined) out.usage = est.usage;
    if (est?.quota !== undefined) out.quota = est.quota;
  } catch {
    // not supported: persisted stays false
  }
  return out;
}

// ── internals ───────────────────────────────────────────────────────────────────────────────────────────────────

async function signalWaiting(sw: ServiceWorker | null): Promise<void> {
  if (!sw || signalled.has(sw)) return;
  signalled.add(sw);
  // No active worker means this is the first install, which activates by itself: not an update.
  const reg = registration ?? (await navigator.serviceWorker.getRegistration(appRoot().href));
  if (!reg?.active || reg.waiting !== sw) return;
  setPending(await describeUpdate());
}

function onControlling(): void {
  if (requested) {
    reloadOnce();
    return;
  }
  if (hadController && !controllerReplaced) {
    // Another tab applied an update. Do not reload this one; make sure it shows the prompt.
    controllerReplaced = true;
    if (!pending) void describeUpdate().then(setPending);
  }
  hadController = true;
}

/** Reads the deployed version.json (bypassing every cache, the service worker's included). */
async function describeUpdate(): Promise<UpdateInfo> {
  try {
    const res = await fetch(new URL('version.json', appRoot()).href, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const v = (await res.json()) as VersionInfo;
    const info: UpdateInfo = { rulesChanged: v.rules !== packVersion, rulesVersion: v.rules };
    if (v.lastVerified) info.lastVerified = v.lastVerified;
    return info;
  } catch {
    return { rulesChanged: false };
  }
}

function setPending(info: UpdateInfo): void {
  if (reloading) return;
  pending = info;
  hooks().updateAvailable = info;
  for (const cb of [...listeners]) {
    try {
      cb(info);
    } catch (e) {
      console.error(e);
    }
  }
}

function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  try {
    sessionStorage.setItem(UPDATED_KEY, JSON.stringify({ at: Date.now(), from: packVersion }));
  } catch {
    // the "just updated" notice is optional
  }
  window.location.reload();
}
