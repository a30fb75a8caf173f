/**
 * Running the real command as other tools do: `node src/cli/run.mjs` (what `npm run evaluate` starts), through
 * real pipes between processes where it matters.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHouseholds, household, rng } from '../src/build/bench-households';
import type { Household } from '../src/engine/household';

export const ROOT = join(__dirname, '..');
export const RUN = join(ROOT, 'src', 'cli', 'run.mjs');
export const FIXTURE = join(ROOT, 'test', 'fixtures', 'jiangmen-couple.json');
export const NODE = process.execPath;

export function cli(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(NODE, [RUN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A shell pipeline (sh -c); `$CLI` in it stands for the command. */
export function sh(script: string) {
  const r = spawnSync('sh', ['-c', script.replaceAll('$CLI', `"${NODE}" "${RUN}"`)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function tmp(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'huimin-cli-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** JSON Lines of generated households (the benchmark's), dated so results do not depend on today. */
export function jsonl(n: number, seed = 11): string {
  return generateHouseholds(n, seed).map((h) => JSON.stringify({ ...h, date: '2025-08-01' })).join('\n') + '\n';
}

/** A 30-member household: its full report is well over 1 MB. */
export function bigHousehold(): Household {
  const r = rng(3);
  const h = household(r);
  while (h.members.length < 30) h.members.push({ ...household(r).members[0]!, relation: 'child' });
  return { ...h, region: 'cn-gd-jiangmen', date: '2025-08-01' };
}

/** A reader at the other end of a pipe: prints the byte count and SHA-256 of what it got; slow on purpose. */
export const READER = `"${NODE}" -e "const h=require('crypto').createHash('sha256');let n=0;process.stdin.on('data',(c)=>{n+=c.length;h.update(c);process.stdin.pause();setTimeout(()=>process.stdin.resume(),2)});process.stdin.on('end',()=>console.log(JSON.stringify({bytes:n,sha256:h.digest('hex')})))"`;
