/**
 * node --import tsx src/build/wire-check.ts [N] [--dist DIR]
 *
 * The app reads the rule pack in its shipped wire form (src/engine/pack-wire.ts); the CLI, tests and benchmarks read
 * the disk pack. This checks that both give the same answers: the shipped pack (dist/assets/rules-*.json when a build
 * is there, else encoded here) decodes to exactly the disk pack (same JSON text), and N generated households
 * (default 2,000) in every region of the pack and a catalogue one, on two dates, get byte-identical full-explanation
 * reports from the pack compiled both ways. Prints the decode + compile time of the shipped pack.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import { decodePack, wireText } from '../engine/pack-wire';
import { generateHouseholds } from './bench-households';
import { loadPackFromDisk, ROOT } from './pack-file';

const args = process.argv.slice(2);
const di = args.indexOf('--dist');
const dist = di >= 0 ? args[di + 1]! : join(ROOT, 'dist');
const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--dist') ?? 2000);

const pack = loadPackFromDisk();
const assets = join(dist, 'assets');
const built = existsSync(assets) ? readdirSync(assets).find((f) => /^rules-.*\.json$/.test(f)) : undefined;
const text = built ? readFileSync(join(assets, built), 'utf8') : wireText(pack);
console.log(`shipped pack: ${built ? join(assets, built) : '(encoded here)'}, ${text.length} bytes`);

let t = performance.now();
const shipped = decodePack(JSON.parse(text));
const cpShipped = compilePack(shipped);
const loadMs = performance.now() - t;
if (JSON.stringify(shipped) !== JSON.stringify(pack)) {
  console.error('✗ the shipped pack does not decode to the disk pack (rebuild dist?)');
  process.exit(1);
}
const cpDisk = compilePack(pack);
const regions = [...Object.keys(pack.regions), 'cn-530627'];
const households = generateHouseholds(n, 42);
let count = 0;
t = performance.now();
for (const region of regions) {
  for (const date of ['2025-08-01', '2026-12-03']) {
    for (const [i, h] of households.entries()) {
      const a = JSON.stringify(evaluate(h, cpDisk, { region, date, explain: true }));
      const b = JSON.stringify(evaluate(h, cpShipped, { region, date, explain: true }));
      if (a !== b) {
        console.error(`✗ household ${i} in ${region} on ${date}: reports differ`);
        process.exit(1);
      }
      count++;
    }
  }
}
console.log(`✓ decoded pack identical; ${count} full reports identical (${regions.length} regions × 2 dates × ${n}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
console.log(`  shipped pack parse + decode + compile: ${loadMs.toFixed(1)} ms (first run, cold)`);
