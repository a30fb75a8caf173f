/**
 * The CLI benchmark (part of `npm run bench`): 10,000 generated households through the real command — `node
 * src/cli/run.mjs`, what `npm run evaluate` starts (npm's own start-up, ≈ 0.3 s, is left out: tools call node) —
 * end to end, into a file and into a pipe, for each --explain level; --jobs 2 against --jobs 1; peak memory (RSS)
 * for two input sizes.
 *
 * Rates: households ÷ the command's wall time from spawn to exit, start-up included ("end to end"), and the same
 * after subtracting the start-up (the median time of the same command on an empty batch, measured in the same run):
 * the streaming rate, which is what the budget compares with the in-process rate (≥ 40 % of it at --explain summary
 * on one core). Each figure is the median of `rounds` runs; CPU time (user + system of the command) is reported too,
 * steadier than wall time on a shared machine.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateHouseholds } from './bench-households';
import { ROOT } from './pack-cache';

const RUN = join(ROOT, 'src', 'cli', 'run.mjs');
const DIR = join(ROOT, 'generated', 'bench-cli');
/** Loaded into the command with --require: reports its CPU time and peak RSS on fd 3 as it exits. */
const PRELOAD = join(DIR, 'usage.cjs');

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssKB: number;
  bytes: number;
}

function runOnce(args: string[], sink: 'file' | 'pipe'): Promise<Run> {
  const outFile = join(DIR, 'out');
  const out = sink === 'file' ? openSync(outFile, 'w') : 'pipe';
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', PRELOAD, RUN, ...args], { cwd: ROOT, stdio: ['ignore', out, 'inherit', 'pipe'] });
  let bytes = 0;
  let usage = '';
  child.stdout?.on('data', (c: Buffer) => (bytes += c.length));
  child.stdio[3]!.on('data', (c: Buffer) => (usage += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (typeof out === 'number') {
        closeSync(out);
        bytes = statSync(outFile).size;
      }
      if (code !== 0) return reject(new Error(`the CLI exited with ${code}: ${args.join(' ')}`));
      const u = JSON.parse(usage) as { userCPUTime: number; systemCPUTime: number; maxRSS: number };
      resolve({ wallMs, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKB: u.maxRSS, bytes });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(args: string[], sink: 'file' | 'pipe', rounds: number): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await runOnce(args, sink));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), maxRssKB: median(runs.map((r) => r.maxRssKB)), bytes: runs[0]!.bytes };
}

export interface CliFigure {
  explain: string;
  sink: 'file' | 'pipe';
  jobs: number;
  /** Streaming rate: start-up subtracted (the budget figure). */
  householdsPerSecond: number;
  /** Start-up included. */
  endToEndHouseholdsPerSecond: number;
  /** By the command's CPU time, start-up's subtracted. */
  cpuHouseholdsPerSecond: number;
  bytesPerHousehold: number;
}

export interface CliBench {
  households: number;
  startupMs: number;
  figures: CliFigure[];
  /** Peak RSS (MB) for two input sizes, --explain summary. */
  rss: { households: number; maxRssMB: number }[];
  /**
   * The streaming rate of the bigger of those runs (5 × the households, into a file, one run): a fresh process spends
   * its first couple of thousand households in V8's interpreter and baseline code while the optimising compiler
   * catches up, which a longer batch spreads thinner. Reported beside the budget figure, not instead of it.
   */
  long: { households: number; householdsPerSecond: number };
  /**
   * The same households in process, each figure from a fresh process's first pass (bench-cold.ts): evaluate()
   * alone, and the CLI's own batch code without the I/O (cut lines, parse, validate, evaluate, summary). What the
   * CLI would do with free I/O, and so what its streaming rate can be held against like for like.
   */
  cold: { evaluateHouseholdsPerSecond: number; pipelineHouseholdsPerSecond: number };
}

const COLD = join(ROOT, 'src', 'build', 'bench-cold.ts');

/** One fresh process's in-process pass over `file` (see CliBench.cold). */
function runCold(mode: 'evaluate' | 'pipeline', file: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', COLD, mode, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as { householdsPerSecond: number }).householdsPerSecond) : reject(new Error(`bench-cold.ts ${mode} exited with ${code}`))));
  });
}

function writeInput(n: number): string {
  const file = join(DIR, `households-${n}.jsonl`);
  const lines = generateHouseholds(n, 42).map((h) => JSON.stringify({ ...h, date: '2025-08-01' }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export async function benchCli(n = 10_000, rounds = 3, log: (s: string) => void = () => undefined): Promise<CliBench> {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(PRELOAD, "process.on('exit', () => { try { require('fs').writeSync(3, JSON.stringify(process.resourceUsage())); } catch {} });\n");
  const input = writeInput(n);
  const empty = join(DIR, 'empty.jsonl');
  writeFileSync(empty, '');
  await runOnce([empty, '--batch'], 'file'); // builds the bundle if needed, warms the disk cache
  const startup = await measure([empty, '--batch'], 'file', rounds + 2);
  log(`CLI start-up (empty batch): ${startup.wallMs.toFixed(0)} ms wall, ${startup.cpuMs.toFixed(0)} ms CPU`);
  const figures: CliFigure[] = [];
  const configs: { explain: string; sink: 'file' | 'pipe'; jobs: number }[] = [];
  for (const explain of ['none', 'summary', 'full']) for (const sink of ['file', 'pipe'] as const) configs.push({ explain, sink, jobs: 1 });
  configs.push({ explain: 'summary', sink: 'pipe', jobs: 2 }, { explain: 'summary', sink: 'file', jobs: 2 });
  for (const c of configs) {
    const r = await measure([input, '--batch', '--explain', c.explain, '--jobs', String(c.jobs)], c.sink, c.explain === 'full' ? 1 : rounds);
    const f: CliFigure = {
      ...c,
      householdsPerSecond: Math.round(n / (Math.max(r.wallMs - startup.wallMs, 1) / 1000)),
      endToEndHouseholdsPerSecond: Math.round(n / (r.wallMs / 1000)),
      cpuHouseholdsPerSecond: Math.round(n / (Math.max(r.cpuMs - startup.cpuMs, 1) / 1000)),
      bytesPerHousehold: Math.round(r.bytes / n),
    };
    figures.push(f);
    log(`  --explain ${c.explain.padEnd(7)} --jobs ${c.jobs} into a ${c.sink.padEnd(4)}: ${f.householdsPerSecond.toLocaleString('en')}/s streaming, ${f.endToEndHouseholdsPerSecond.toLocaleString('en')}/s end to end, ${f.bytesPerHousehold.toLocaleString('en')} B/household`);
  }
  const rss: CliBench['rss'] = [];
  let long: CliBench['long'] = { households: 0, householdsPerSecond: 0 };
  for (const size of [n, n * 5]) {
    const file = size === n ? input : writeInput(size);
    const r = await measure([file, '--batch'], 'file', 1);
    rss.push({ households: size, maxRssMB: Math.round(r.maxRssKB / 102.4) / 10 });
    long = { households: size, householdsPerSecond: Math.round(size / (Math.max(r.wallMs - startup.wallMs, 1) / 1000)) };
    if (file !== input) rmSync(file);
  }
  log(`  --explain summary --jobs 1 into a file, ${long.households.toLocaleString('en')} households: ${long.householdsPerSecond.toLocaleString('en')}/s streaming`);
  const coldRuns = { evaluate: [] as number[], pipeline: [] as number[] };
  for (let i = 0; i < rounds; i++) for (const mode of ['evaluate', 'pipeline'] as const) coldRuns[mode].push(await runCold(mode, input));
  const cold = { evaluateHouseholdsPerSecond: median(coldRuns.evaluate), pipelineHouseholdsPerSecond: median(coldRuns.pipeline) };
  log(`  in process, a fresh process's first pass: evaluate() ${cold.evaluateHouseholdsPerSecond.toLocaleString('en')}/s, the CLI's batch code without I/O ${cold.pipelineHouseholdsPerSecond.toLocaleString('en')}/s`);
  rmSync(join(DIR, 'out'), { force: true });
  return { households: n, startupMs: Math.round(startup.wallMs), figures, rss, long, cold };
}
