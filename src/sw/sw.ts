/**
 * The service worker — the only code in Huimin that touches caches.
 *
 * Built by the `huimin-service-worker` plugin in vite.config.ts after every production build: this file is bundled
 * and workbox-build's injectManifest replaces `self.__WB_MANIFEST` with the list of every file the app needs
 * offline — index.html, JS, CSS, the rule pack, locale chunks, version.json, the web app manifest and the icons — so
 * it all lands in the cache at install. Only precaching and the navigation fallback are needed, so they are written
 * here directly (a few hundred bytes) rather than with the workbox runtime modules (≈ 5 KB gz of the precache).
 *
 * - Install fetches every manifest file afresh (bypassing the HTTP cache) into a cache named after the manifest;
 *   any failure fails the install, so a version is either wholly offline-ready or not installed.
 * - Navigations (deep links, reloads) are answered from the precached index.html, offline or not.
 * - Same-origin only: nothing here ever fetches from or caches another origin; there is no runtime caching.
 * - Updates wait: a new version installs in the background and stays "waiting" until a page asks it to take over
 *   with {type: 'SKIP_WAITING'} (src/app/pwa/sw-client.ts, after the page saved its draft). Never automatic.
 * - Precache caches of older versions (and of the earlier workbox-based worker) are removed when this one activates.
 */
export {};

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: ({ url: string; revision?: string | null } | string)[] };

const scope = new URL(self.registration.scope);
const ENTRIES = self.__WB_MANIFEST; // injectManifest replaces this one occurrence
const MANIFEST = ENTRIES.map((e) => new URL(typeof e === 'string' ? e : e.url, scope).href);

/** The cache of this version: named after its manifest (file URLs with their revisions), so a new build gets its own. */
const PRECACHE = `huimin-precache-${hash(JSON.stringify(ENTRIES))}`;
const OLD_PRECACHE = /^(huimin-precache-|workbox-precache)/;
const INDEX = new URL('index.html', scope).href;
const PRECACHED = new Set(MANIFEST);

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(PRECACHE).then((cache) =>
      Promise.all(
        MANIFEST.map(async (url) => {
          const res = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
          if (!res.ok) throw new Error(`precache: ${url} answered ${res.status}`);
          await cache.put(url, res);
        }),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  // Take control of pages opened before the first install (first visit works offline without a reload). Updates do
  // not depend on this: a waiting worker only activates after SKIP_WAITING.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => OLD_PRECACHE.test(n) && n !== PRECACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** The precached URL a request is for, if any: tracking parameters dropped, a directory meaning its index.html. */
function precachedUrl(url: URL): string | undefined {
  const u = new URL(url.href);
  u.hash = '';
  if (PRECACHED.has(u.href)) return u.href;
  const tracking: string[] = [];
  u.searchParams.forEach((_v, name) => void ((/^utm_/.test(name) || name === 'fbclid') && tracking.push(name)));
  for (const name of tracking) u.searchParams.delete(name);
  if (PRECACHED.has(u.href)) return u.href;
  if (u.pathname.endsWith('/')) {
    u.pathname += 'index.html';
    if (PRECACHED.has(u.href)) return u.href;
  }
  return undefined;
}

async function fromPrecache(key: string, request: Request): Promise<Response> {
  return (await (await caches.open(PRECACHE)).match(key)) ?? fetch(request);
}

/** The last path segment has a file extension (…/name.ext, any query after it): a file, not an app route. */
const FILE_LIKE = /\/[^/?]*\.[^/?]+(\?.*)?$/;

/**
 * App routes (any same-origin navigation without a file extension) get the precached index.html. Its asset URLs are
 * relative (Vite `base: './'`), so below the root a `<base href>` pointing at the app root is added, or
 * `./assets/…` would resolve under the deep path.
 */
async function appShell(request: Request, url: URL): Promise<Response> {
  const cached = await (await caches.open(PRECACHE)).match(INDEX);
  if (!cached) return fetch(request);
  const atRoot = url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`;
  if (atRoot) return cached;
  const html = (await cached.text()).replace(/<head(\s[^>]*)?>/i, (m) => `${m}<base href="${scope.pathname}">`);
  const headers = new Headers(cached.headers);
  headers.delete('content-length');
  return new Response(html, { status: 200, statusText: 'OK', headers });
}

/*
 * Share target (manifest.webmanifest): a region file shared to the installed app from another app arrives here as a
 * POST. It is kept in a cache of its own until the page, opened at ?share=region-file, fetches it once (the page
 * itself never touches caches); nothing is sent anywhere.
 */
const SHARED = 'huimin-shared';
const SHARED_FILE = `${scope.pathname}__shared/region-file`;

async function receiveShare(request: Request): Promise<Response> {
  const form = await request.formData();
  const file = form.get('file');
  if (file && typeof file !== 'string') {
    const cache = await caches.open(SHARED);
    await cache.put(SHARED_FILE, new Response(await file.text(), { headers: { 'content-type': 'application/json' } }));
  }
  return Response.redirect(`${scope.pathname}?share=region-file`, 303);
}

async function handOverShare(): Promise<Response> {
  const cache = await caches.open(SHARED);
  const hit = await cache.match(SHARED_FILE);
  await cache.delete(SHARED_FILE);
  return hit ?? new Response('', { status: 404 });
}

self.addEventListener('fetch', (event: FetchEvent) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return; // another origin: not ours to answer (and never cached)
  if (request.method === 'POST') {
    if (url.pathname === `${scope.pathname}share-region-file`) event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET') return;
  // The page asks the network (cache: 'no-store') for version.json to describe a waiting update: that must be the
  // deployed file, never the precached copy.
  if (request.cache === 'no-store' && url.pathname === `${scope.pathname}version.json`) return;
  if (url.pathname === SHARED_FILE) return event.respondWith(handOverShare());
  const key = precachedUrl(url);
  if (key) return event.respondWith(fromPrecache(key, request));
  if (request.mode === 'navigate' && !FILE_LIKE.test(url.pathname + url.search)) event.respondWith(appShell(request, url));
});
