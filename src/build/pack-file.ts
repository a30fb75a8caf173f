/**
 * Node-side access to the compiled rule pack: build it from rules/ when the cached copy in generated/ is missing or
 * older than any rule file. Used by the CLI, the benchmarks and the tests; the app gets the pack from the vite build.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RulePack } from '../engine/pack';
import { freshPackText, PACK_CACHE, ROOT, RULES_DIR } from './pack-cache';
import { buildPack } from './rules';

export { PACK_CACHE, ROOT, RULES_DIR };

export function loadPackFromDisk(): RulePack {
  if (process.env.HUIMIN_RULES_DIR) return buildPack(RULES_DIR);
  const cached = freshPackText();
  if (cached !== null) return JSON.parse(cached) as RulePack;
  const pack = buildPack(RULES_DIR);
  mkdirSync(dirname(PACK_CACHE), { recursive: true });
  // Written aside and renamed: several processes (parallel tests, CLI runs) may build it at once.
  const tmp = `${PACK_CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(pack));
  renameSync(tmp, PACK_CACHE);
  return pack;
}
