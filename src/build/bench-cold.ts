/**
 * Run by the CLI benchmark in a fresh process: one pass over a JSON Lines file in process — no standard input or
 * output — so the CLI can be compared with the same work in the same state: a process that has not evaluated
 * anything yet. The in-process budget figure (bench.ts) is taken after 50,000 warm-up evaluations; a command
 * started for one batch never gets those.
 *
 *   node --import tsx src/build/bench-cold.ts evaluate|pipeline FILE   → {"householdsPerSecond": N} on stdout
 *
 * `evaluate`: the households parsed beforehand, only evaluate() timed (explanations off, the budget's unit of work).
 * `pipeline`: what the CLI does per line without the I/O — JSON.parse, validation, evaluate(), the summary line.
 */
import { readFileSync } from 'node:fs';
import { compilePack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import type { Household } from '../engine/household';
import { summaryJson } from '../engine/summary';
import { quickValidateHousehold } from '../engine/validate-quick';
import { PACK_CACHE } from './pack-file';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'evaluate' && mode !== 'pipeline') || !file) throw new Error('usage: bench-cold.ts evaluate|pipeline FILE');
const cp = compilePack(JSON.parse(readFileSync(PACK_CACHE, 'utf8')));
const regions = Object.keys(cp.pack.regions);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
const parsed = mode === 'evaluate' ? lines.map((l) => JSON.parse(l) as Household & { date: string }) : [];

let bytes = 0;
const t0 = performance.now();
if (mode === 'evaluate') {
  for (const h of parsed) evaluate(h, cp, { region: h.region, date: h.date, explain: false });
} else {
  for (const line of lines) {
    const v = quickValidateHousehold(JSON.parse(line), regions);
    if (!v.ok) throw new Error(`an invalid household in the benchmark input: ${JSON.stringify(v.errors[0])}`);
    const h = v.household;
    bytes += summaryJson(evaluate(h, cp, { region: h.region, date: h.date!, explain: false }), 'summary', '').length;
  }
}
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ householdsPerSecond: Math.round(lines.length / (ms / 1000)), bytes })}\n`);
