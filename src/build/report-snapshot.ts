/**
 * node --import tsx src/build/report-snapshot.ts write|check [DIR]
 *
 * Reports must not change when the engine or the CLI is made faster. This takes a snapshot of what the current code
 * says for a fixed set of generated households (the benchmark's generator, 2,000 households) in every region of the
 * rule pack and a catalogue one, on two dates — in process (full report, summary, none) and through the real command
 * (JSON Lines in: summary, none, full, --jobs 2, --summary json, a few bad lines) — and later checks the same run
 * against it, naming the first household that differs.
 *
 * A script, not a test: the snapshot is of one version of the rules (take it from main: `git archive main` into a
 * folder, run `write` there with DIR pointing here), so any rule change would break a test holding it.
 * DIR defaults to generated/report-snapshot.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compilePack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import { summaryJson } from '../engine/summary';
import { generateHouseholds } from './bench-households';
import { loadPackFromDisk, ROOT } from './pack-file';

const [mode, dirArg] = process.argv.slice(2);
if (mode !== 'write' && mode !== 'check') {
  console.error('usage: report-snapshot.ts write|check [DIR]');
  process.exit(2);
}
const DIR = resolve(dirArg ?? join(ROOT, 'generated', 'report-snapshot'));
const N = 2000;
const DATES = ['2025-08-01', '2026-12-03'];

const hash = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 16);

const pack = loadPackFromDisk();
const cp = compilePack(pack);
const regions = [...Object.keys(pack.regions), 'cn-530627'];
const households = generateHouseholds(N, 42);

/** Per (region, date, level): one hash per household, in order. */
const inProcess: Record<string, string[]> = {};
const t0 = performance.now();
for (const region of regions) {
  for (const date of DATES) {
    const full: string[] = [];
    const summary: string[] = [];
    const none: string[] = [];
    for (const h of households) {
      full.push(hash(JSON.stringify(evaluate(h, cp, { region, date, explain: true }))));
      const r = evaluate(h, cp, { region, date, explain: false });
      summary.push(hash(summaryJson(r, 'summary')));
      none.push(hash(summaryJson(r, 'none')));
    }
    inProcess[`${region} ${date} full`] = full;
    inProcess[`${region} ${date} summary`] = summary;
    inProcess[`${region} ${date} none`] = none;
  }
}
const inProcessMs = performance.now() - t0;

// The real command: every household in every region (its own line each), with a few bad lines among them.
mkdirSync(DIR, { recursive: true });
const work = join(ROOT, 'generated', 'report-snapshot-work');
mkdirSync(work, { recursive: true });
const lines: string[] = [];
for (let i = 0; i < households.length; i++) {
  for (let k = 0; k < regions.length; k++) {
    const h = households[i]!;
    lines.push(JSON.stringify({ ...h, region: regions[k], date: DATES[(i + k) % 2] }));
  }
  if (i % 500 === 7) lines.push('{"version":1,"region":"cn-gd-jiangmen","members":[{"relation":"self","age":-3}]}', 'not json', '', '{"version":1,"region":"nowhere","members":[{"relation":"self"}]}');
}
const big = join(work, 'all.jsonl');
writeFileSync(big, `${lines.join('\n')}\n`);
// Full reports are large: one line per household (in its own region) for those.
const small = join(work, 'own.jsonl');
writeFileSync(small, `${households.map((h, i) => JSON.stringify({ ...h, date: DATES[i % 2] })).join('\n')}\n`);

const RUN = join(ROOT, 'src', 'cli', 'run.mjs');
function cli(args: string[]): { out: string; err: string } {
  const r = spawnSync(process.execPath, [RUN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`CLI exited with ${r.status}: ${args.join(' ')}\n${r.stderr}`);
  return { out: r.stdout, err: r.stderr };
}
const perLine = (s: string): string[] => s.split('\n').map(hash);
const cliRuns: Record<string, string[]> = {};
const t1 = performance.now();
for (const [name, args] of [
  ['summary', [big, '--batch']],
  ['summary jobs2', [big, '--batch', '--jobs', '2']],
  ['none', [big, '--batch', '--explain', 'none']],
  ['full', [small, '--batch', '--explain', 'full']],
  ['full jobs2', [small, '--batch', '--explain', 'full', '--jobs', '2']],
  ['tally', [big, '--batch', '--summary=json', '--explain', 'none']],
] as const) {
  const r = cli([...args]);
  cliRuns[name] = perLine(r.out);
  if (name === 'tally') cliRuns['tally stderr'] = [hash(r.err)];
}
const cliMs = performance.now() - t1;

const current = { households: N, regions, dates: DATES, inProcess, cli: cliRuns };
const file = join(DIR, 'snapshot.json');
console.log(`in process: ${regions.length} regions × ${DATES.length} dates × ${N} households × 3 levels in ${(inProcessMs / 1000).toFixed(1)} s; CLI ${lines.length} lines in ${(cliMs / 1000).toFixed(1)} s`);
if (mode === 'write') {
  writeFileSync(file, JSON.stringify(current));
  console.log(`snapshot written: ${file}`);
} else {
  if (!existsSync(file)) {
    console.error(`no snapshot at ${file}: run with "write" first (on main)`);
    process.exit(2);
  }
  const old = JSON.parse(readFileSync(file, 'utf8')) as typeof current;
  let bad = 0;
  const compare = (kind: string, a: Record<string, string[]>, b: Record<string, string[]>): void => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = a[key] ?? [];
      const y = b[key] ?? [];
      const at = x.findIndex((v, i) => v !== y[i]);
      if (at !== -1 || x.length !== y.length) {
        bad++;
        const diffs = x.filter((v, i) => v !== y[i]).length + Math.abs(x.length - y.length);
        console.error(`✗ ${kind} ${key}: ${diffs} of ${x.length} differ, first at #${at === -1 ? Math.min(x.length, y.length) : at}`);
      }
    }
  };
  compare('in process', old.inProcess, current.inProcess);
  compare('CLI', old.cli, current.cli);
  if (bad) process.exit(1);
  console.log(`✓ identical to the snapshot (${Object.keys(old.inProcess).length} in-process runs, ${Object.keys(old.cli).length} CLI outputs)`);
}
