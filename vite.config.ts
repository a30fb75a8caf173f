/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { buildPack, RuleBuildError } from './src/build/rules';

const root = fileURLToPath(new URL('.', import.meta.url));
const RULES = `${root}rules`;
const VIRTUAL = 'virtual:rule-pack';

/**
 * Compiles rules/*.yaml into the rule pack at build time (YAML and schema tooling never reach the bundle) and
 * emits it as a hashed JSON asset the app fetches. A rule error fails the build with file, path and problem.
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
        json = JSON.stringify(pack);
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
        res.end(JSON.stringify(buildPack(RULES)));
      });
      server.watcher.add(RULES);
    },
  };
}

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

export default defineConfig({
  root: 'src/app',
  publicDir: '../../public',
  base: './',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [preact(), rulePack()],
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
