#!/usr/bin/env node
/**
 * What `npm run evaluate` starts. The CLI runs bundled: esbuild turns src/cli/evaluate.ts and everything it
 * imports into plain JavaScript under generated/cli/, so a run costs Node's own start-up plus a few milliseconds,
 * not tsx compiling TypeScript each time (≈ 0.5 s, more than 10,000 households take to evaluate).
 *
 * The bundle is built on demand: on the first run of a fresh clone, and again whenever one of the files it was built
 * from has changed (their sizes and modification times are kept in generated/cli/manifest.json). Builds go to a
 * folder of their own and are renamed into place, so parallel runs never see half a bundle.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'generated', 'cli');
const MANIFEST = join(OUT, 'manifest.json');

function stamp(file) {
  try {
    const s = statSync(join(ROOT, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** The current bundle's folder, if every file it was built from is unchanged. */
function current() {
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    for (const [file, s] of Object.entries(m.inputs)) if (stamp(file) !== s) return null;
    const dir = join(OUT, m.dir);
    return existsSync(join(dir, 'evaluate.mjs')) ? dir : null;
  } catch {
    return null;
  }
}

export async function buildCli() {
  const esbuild = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  const tmp = join(OUT, `.build-${process.pid}-${Date.now()}`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { evaluate: 'src/cli/evaluate.ts', worker: 'src/cli/worker.ts' },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS (the YAML and schema code, loaded only to rebuild the rule pack) may call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'package-lock.json']) {
    const rel = relative(ROOT, resolve(ROOT, file));
    inputs[rel] = stamp(rel);
  }
  const name = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  const dir = join(OUT, name);
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another run built the same bundle first
  }
  const manifestTmp = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, JSON.stringify({ dir: name, inputs }));
  renameSync(manifestTmp, MANIFEST);
  // Bundles from older sources, a day unused (a run that started from one may still need its worker file).
  for (const entry of readdirSync(OUT)) {
    const p = join(OUT, entry);
    if (entry !== name && !entry.endsWith('.json') && Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = current() ?? (await buildCli());
  await import(pathToFileURL(join(dir, 'evaluate.mjs')).href);
}
