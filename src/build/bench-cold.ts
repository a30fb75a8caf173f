/**
 * Run by the CLI benchmark in a fresh process: one pass over a JSON Lines file in process — no standard input or
 * output — so the CLI can be compared with the same work in the same state: a process that has not evaluated
 * anything yet. The in-process budget figure (bench.ts) is taken after 50,000 warm-up evaluations; a command
 * started for one batch never gets those.
 *
 *   node --import tsx src/build/bench-cold.ts evaluate|pipeline FILE   → {"householdsPerSecond": N} on stdout
 *
 * `evaluate`: the households parsed beforehand, only evaluate() timed (explanations off, the budget's unit of work).
 * `pipeline`: the CLI's own batch code (src/cli/lines.ts, src/cli/batch.ts) on the file's bytes in 64 KB reads, as
 * `--batch --explain summary` runs it — cutting lines, parsing, validating, evaluating, the summary text — with the
 * reading and writing left out.
 */
import { readFileSync } from 'node:fs';
import { BatchProcessor } from '../cli/batch';
import { lineChunks } from '../cli/lines';
import { compilePack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import type { Household } from '../engine/household';
import { PACK_CACHE } from './pack-file';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'evaluate' && mode !== 'pipeline') || !file) throw new Error('usage: bench-cold.ts evaluate|pipeline FILE');
const cp = compilePack(JSON.parse(readFileSync(PACK_CACHE, 'utf8')));
const bytes = readFileSync(file);

async function* reads(): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
}

let households = 0;
let t0 = 0;
if (mode === 'evaluate') {
  const parsed = bytes.toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Household & { date: string });
  t0 = performance.now();
  for (const h of parsed) evaluate(h, cp, { region: h.region, date: h.date, explain: false });
  households = parsed.length;
} else {
  const processor = new BatchProcessor(cp, { date: undefined, region: undefined, today: new Date().toISOString().slice(0, 10), lang: 'zh-CN', output: 'json', explain: 'summary', tally: false }, null);
  t0 = performance.now();
  for await (const item of lineChunks(reads())) {
    const res = processor.run(item);
    if (res.errors) throw new Error(`the benchmark input has ${res.errors} invalid line(s) near line ${item.firstLine}`);
    households += res.households;
  }
}
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ householdsPerSecond: Math.round(households / (ms / 1000)) })}\n`);
