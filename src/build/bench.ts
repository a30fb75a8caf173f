/**
 * npm run bench [-- --json] [-- --seconds N]
 * Engine budgets (measured here, never asserted by timed tests):
 *   ≥ 100,000 household evaluations per second on one core with explanations off;
 *   one household with the full explanation in ≤ 1 ms; rule pack load + compile ≤ 20 ms.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compilePack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import type { Household, Member } from '../engine/household';
import { loadPackFromDisk, PACK_CACHE } from './pack-file';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 2;

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['cn-gd-jiangmen', 'cn-jx-ganzhou-longnan', 'cn-jx-shangrao', 'cn-yn-zhaotong', 'cn'];

function household(r: () => number): Household {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = 1 + Math.floor(r() * 5);
  const members: Member[] = [];
  for (let i = 0; i < n; i++) {
    const age = i === 0 ? 20 + Math.floor(r() * 70) : Math.floor(r() * 90);
    const disabled = r() < 0.15;
    members.push({
      relation: i === 0 ? 'self' : pick(['spouse', 'child', 'parent', 'grandchild'] as const),
      sex: pick(['female', 'male'] as const),
      age,
      work: age < 6 ? 'preschool' : age < 18 ? 'student' : age >= 60 ? 'retired' : pick(['employed', 'unemployed', 'unable'] as const),
      income: r() < 0.9 ? { wages: Math.floor(r() * 2500), residentsBasicPension: age >= 60 ? 150 : 0 } : undefined,
      disability: disabled ? { certificate: true, grade: pick([1, 2, 3, 4] as const), kind: pick(['physical', 'intellectual', 'visual'] as const), needsLongTermCare: r() < 0.5 } : { certificate: false },
      legalSupporters: pick(['none', 'unable', 'able'] as const),
      school: age >= 6 && age < 18 ? { stage: age < 12 ? 'primary' : age < 15 ? 'junior' : 'senior', boarding: r() < 0.3, rural: r() < 0.5 } : undefined,
      father: age < 18 ? pick(['present', 'dead', 'prison'] as const) : undefined,
      mother: age < 18 ? pick(['present', 'dead', 'missing'] as const) : undefined,
      onlyChild: 'none',
      fpSurgeryComplication: 0,
      statuses: [],
    });
  }
  return {
    version: 1,
    region: pick(REGIONS),
    hukou: pick(['urban', 'rural'] as const),
    assetsMeetLocalRules: pick(['yes', 'yes', 'no', 'unsure'] as const),
    statuses: [],
    suddenHardship: r() < 0.1,
    members,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

// Rule pack load + compile: parse the JSON the app downloads and build the closures (median of 20).
loadPackFromDisk();
const packText = readFileSync(PACK_CACHE, 'utf8');
const loadTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  compilePack(JSON.parse(packText));
  loadTimes.push(performance.now() - t0);
}
loadTimes.sort((a, b) => a - b);
const packLoadMs = percentile(loadTimes, 0.5);

const cp = compilePack(JSON.parse(packText));
const r = rng(42);
const households = Array.from({ length: 2000 }, () => household(r));
const DATE = '2025-08-01';

// Warm up the JIT, then count evaluations without explanations for a fixed time.
for (let i = 0; i < 20_000; i++) evaluate(households[i % households.length]!, cp, { date: DATE, explain: false });
let count = 0;
const end = performance.now() + seconds * 1000;
let t0 = performance.now();
while (performance.now() < end) {
  for (let i = 0; i < 1000; i++) evaluate(households[(count + i) % households.length]!, cp, { date: DATE, explain: false });
  count += 1000;
}
const householdsPerSecond = Math.round(count / ((performance.now() - t0) / 1000));

// One household with the full explanation: per-call latency.
const times: number[] = [];
for (let i = 0; i < 5000; i++) {
  t0 = performance.now();
  evaluate(households[i % households.length]!, cp, { date: DATE, explain: true });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const explainP50Micros = Math.round(percentile(times, 0.5) * 1000);
const explainP99Micros = Math.round(percentile(times, 0.99) * 1000);

const result = { householdsPerSecond, explainP50Micros, explainP99Micros, packLoadMs: Math.round(packLoadMs * 100) / 100 };
if (asJson) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const ok = (good: boolean): string => (good ? '✓' : '✗ over budget');
  console.log(`rules ${cp.version}, ${cp.programmes.length} programmes, ${households.length} generated households over ${REGIONS.length} regions`);
  console.log(`households/second (no explanation): ${householdsPerSecond.toLocaleString('en')}   budget ≥ 100,000 ${ok(householdsPerSecond >= 100_000)}`);
  console.log(`one household, full explanation: p50 ${explainP50Micros} µs, p99 ${explainP99Micros} µs   budget ≤ 1,000 µs ${ok(explainP99Micros <= 1000)}`);
  console.log(`rule pack load + compile: ${result.packLoadMs} ms   budget ≤ 20 ms ${ok(packLoadMs <= 20)}`);
}
