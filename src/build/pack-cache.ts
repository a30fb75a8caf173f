/**
 * Where the compiled rule pack is cached (generated/rule-pack.json) and whether the cached copy is still newer than
 * every rule file. Light on purpose (no YAML or schema code): the CLI reads a fresh cache through this and loads the
 * rule compiler only when the cache must be rebuilt.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the nearest folder above this file with a package.json and rules/ (also from a bundled CLI). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (package.json and rules/)');
    dir = up;
  }
}

export const ROOT = findRoot();
/** HUIMIN_RULES_DIR points the CLI and tools at another rules folder (tests use it); no cache is kept for it. */
export const RULES_DIR = process.env.HUIMIN_RULES_DIR ?? join(ROOT, 'rules');
export const PACK_CACHE = join(ROOT, 'generated', 'rule-pack.json');

export function newestRuleFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestRuleFile(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The cached pack's text when it is newer than every rule file (and no other rules folder is asked for), else null. */
export function freshPackText(): string | null {
  if (process.env.HUIMIN_RULES_DIR) return null;
  if (!existsSync(PACK_CACHE) || statSync(PACK_CACHE).mtimeMs < newestRuleFile(RULES_DIR)) return null;
  return readFileSync(PACK_CACHE, 'utf8');
}
