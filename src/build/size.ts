/**
 * Size budgets for the production build (`npm run size`, part of `npm test`). Reads dist/ (or --dir DIR):
 *
 * - first-paint JavaScript: the module scripts and modulepreloads index.html references, plus everything they
 *   import statically, transitively — lazy `import()` chunks and sw.js excluded. Budget: 50 KB gzipped.
 * - everything precached: the manifest injected into sw.js, plus sw.js itself. Budget: 250 KB gzipped.
 *
 * KB = 1024 bytes; gzip level 9. Prints both against their budgets and the 10 largest files; exits 1 when a budget
 * is exceeded (or the build is missing / has no precache manifest).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const KB = 1024;
export const BUDGETS = { firstPaintJs: 50 * KB, precache: 250 * KB };

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;
const fmt = (n: number) => `${(n / KB).toFixed(1)} KB`;

/** Static import / export-from specifiers of an ES module (not dynamic import()). */
export function staticImports(code: string): string[] {
  const sf = ts.createSourceFile('m.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const out: string[] = [];
  for (const st of sf.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

/** dist-relative paths of the JS needed for first paint. */
export function firstPaintJs(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (n: string) => tag.match(new RegExp(`\\b${n}\\s*=\\s*["']([^"']*)["']`, 'i'))?.[1];
    const isModuleScript = /^<script/i.test(tag) && attr('type') === 'module' && attr('src');
    const isPreload = /^<link/i.test(tag) && attr('rel') === 'modulepreload' && attr('href');
    const ref = isModuleScript ? attr('src') : isPreload ? attr('href') : undefined;
    if (ref && !/^[a-z]+:|^\/\//i.test(ref)) entries.push(posix.normalize(ref.replace(/^\//, '')));
  }
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const abs = join(dist, file);
    if (!existsSync(abs)) throw new Error(`index.html references missing ${file}`);
    for (const spec of staticImports(readFileSync(abs, 'utf8'))) {
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue; // bare specifiers cannot occur in a browser build
      walk(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec)));
    }
  };
  entries.forEach(walk);
  return [...seen];
}

/** dist-relative URLs in the precache manifest injected into sw.js. */
export function precachedFiles(dist: string): string[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  if (!urls.length) throw new Error('no precache manifest found in sw.js');
  return [...new Set(urls)];
}

function allFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p, base) : [relative(base, p).split('\\').join('/')];
  });
}

function main(): number {
  const i = process.argv.indexOf('--dir');
  const dist = resolve(i >= 0 ? process.argv[i + 1]! : join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist'));
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'sw.js'))) {
    console.error(`✗ ${dist} has no index.html/sw.js: run npm run build first`);
    return 1;
  }
  const sizes = new Map<string, { raw: number; gz: number }>();
  const size = (f: string) => {
    let s = sizes.get(f);
    if (!s) {
      const b = readFileSync(join(dist, f));
      s = { raw: b.length, gz: gz(b) };
      sizes.set(f, s);
    }
    return s;
  };
  for (const f of allFiles(dist)) size(f);

  const fp = firstPaintJs(dist);
  const fpGz = fp.reduce((t, f) => t + size(f).gz, 0);
  const pre = precachedFiles(dist);
  for (const f of pre) if (!sizes.has(f)) throw new Error(`sw.js precaches ${f}, which is not in ${dist}`);
  const preGz = [...pre, 'sw.js'].reduce((t, f) => t + size(f).gz, 0);
  const preRaw = [...pre, 'sw.js'].reduce((t, f) => t + size(f).raw, 0);

  const line = (label: string, value: number, budget: number) =>
    `${value <= budget ? '✓' : '✗'} ${label.padEnd(34)} ${fmt(value).padStart(10)} gzipped  (budget ${fmt(budget)})`;
  console.log(line(`first-paint JS (${fp.length} file${fp.length === 1 ? '' : 's'})`, fpGz, BUDGETS.firstPaintJs));
  for (const f of fp) console.log(`    ${f}  ${fmt(size(f).gz)}`);
  console.log(line(`precached (${pre.length} files + sw.js)`, preGz, BUDGETS.precache) + `  ${fmt(preRaw)} raw`);
  console.log('\nlargest files (gzipped):');
  const top = [...sizes.entries()].sort((a, b) => b[1].gz - a[1].gz).slice(0, 10);
  for (const [f, s] of top) console.log(`  ${fmt(s.gz).padStart(10)}  ${fmt(s.raw).padStart(10)} raw  ${f}`);

  const over = fpGz > BUDGETS.firstPaintJs || preGz > BUDGETS.precache;
  if (over) console.error('\n✗ size budget exceeded');
  return over ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`✗ ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
