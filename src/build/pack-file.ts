/**
 * Node-side access to the compiled rule pack: build it from rules/ when the cached copy in generated/ is missing or
 * older than any rule file. Used by the CLI, the benchmarks and the tests; the app gets the pack from the vite build.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RulePack } from '../engine/pack';
import { buildPack } from './rules';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** HUIMIN_RULES_DIR points the CLI and tools at another rules folder (tests use it); no cache is kept for it. */
export const RULES_DIR = process.env.HUIMIN_RULES_DIR ?? join(ROOT, 'rules');
export const PACK_CACHE = join(ROOT, 'generated', 'rule-pack.json');

function newestRuleFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestRuleFile(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function loadPackFromDisk(): RulePack {
  if (process.env.HUIMIN_RULES_DIR) return buildPack(RULES_DIR);
  if (existsSync(PACK_CACHE) && statSync(PACK_CACHE).mtimeMs >= newestRuleFile(RULES_DIR)) {
    return JSON.parse(readFileSync(PACK_CACHE, 'utf8')) as RulePack;
  }
  const pack = buildPack(RULES_DIR);
  mkdirSync(dirname(PACK_CACHE), { recursive: true });
  writeFileSync(PACK_CACHE, JSON.stringify(pack));
  return pack;
}
