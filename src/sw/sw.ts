/**
 * The service worker — the only code in Huimin that touches caches.
 *
 * Built by the `huimin-service-worker` plugin in vite.config.ts after every production build: this file is bundled
 * (workbox modules included) and workbox-build's injectManifest replaces `self.__WB_MANIFEST` with the list of every
 * file the app needs offline — index.html, JS, CSS, the rule pack, locale chunks, version.json, the web app manifest
 * and the icons — so it all lands in the cache at install.
 *
 * - Navigations (deep links, reloads) are answered from the precached index.html, offline or not.
 * - Same-origin only: nothing here ever fetches from or caches another origin; there is no runtime caching.
 * - Updates wait: a new version installs in the background and stays "waiting" until a page asks it to take over
 *   with {type: 'SKIP_WAITING'} (src/app/pwa/sw-client.ts, after the page saved its draft). Never automatic.
 * - Precache entries from older versions are removed when the new version activates.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const scope = new URL(self.registration.scope);

// The page asks the network (cache: 'no-store') for version.json to describe a waiting update: that must be the
// deployed file, never the precached copy. Registered before the precache route so it wins.
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.cache === 'no-store' && url.pathname === `${scope.pathname}version.json`,
  new NetworkOnly(),
);

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/^utm_/, /^fbclid$/] });

/** The last path segment has a file extension (…/name.ext, any query after it): a file, not an app route. */
const FILE_LIKE = /\/[^/?]*\.[^/?]+(\?.*)?$/;

/**
 * App routes (any same-origin navigation in scope without a file extension) get the precached index.html. Its asset
 * URLs are relative (Vite `base: './'`), so below the root a `<base href>` pointing at the app root is added, or
 * `./assets/…` would resolve under the deep path.
 */
registerRoute(
  new NavigationRoute(
    async ({ request, url }) => {
      const cached = await matchPrecache('index.html');
      if (!cached) return fetch(request);
      const atRoot = url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`;
      if (atRoot) return cached;
      const html = (await cached.text()).replace(/<head(\s[^>]*)?>/i, (m) => `${m}<base href="${scope.pathname}">`);
      const headers = new Headers(cached.headers);
      headers.delete('content-length');
      return new Response(html, { status: 200, statusText: 'OK', headers });
    },
    { denylist: [FILE_LIKE] },
  ),
);

/*
 * Share target (manifest.webmanifest): a region file shared to the installed app from another app arrives here as a
 * POST. It is kept in a cache of its own until the page, opened at ?share=region-file, fetches it once (the page
 * itself never touches caches); nothing is sent anywhere.
 */
const SHARED = 'huimin-shared';
const SHARED_FILE = `${scope.pathname}__shared/region-file`;
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === `${scope.pathname}share-region-file`,
  async ({ request }) => {
    const form = await request.formData();
    const file = form.get('file');
    if (file && typeof file !== 'string') {
      const cache = await caches.open(SHARED);
      await cache.put(SHARED_FILE, new Response(await file.text(), { headers: { 'content-type': 'application/json' } }));
    }
    return Response.redirect(`${scope.pathname}?share=region-file`, 303);
  },
  'POST',
);
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === SHARED_FILE,
  async () => {
    const cache = await caches.open(SHARED);
    const hit = await cache.match(SHARED_FILE);
    await cache.delete(SHARED_FILE);
    return hit ?? new Response('', { status: 404 });
  },
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Take control of pages opened before the first install (first visit works offline without a reload). Updates do
// not depend on this: a waiting worker only activates after SKIP_WAITING.
clientsClaim();
