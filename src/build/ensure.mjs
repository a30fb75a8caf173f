// Shared by `npm start` and `npm test`: make a fresh clone ready without manual steps.
// Plain Node (no dependencies), because it runs before `npm ci` has installed anything.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) {
    const err = new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    err.exitCode = r.status ?? 1;
    throw err;
  }
}

/** Install dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('· installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

export const CHROMIUM = process.env.HUIMIN_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests drive Debian's Chromium. Install it when missing and the machine allows it (root with apt-get);
 * otherwise stop with a message naming the package — never skip the browser tests silently.
 */
export function ensureChromium() {
  // A CJK font, so screenshots taken in tests show Chinese (phones have their own system fonts; the app ships none).
  const hasCjkFont = existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') || existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  if (existsSync(CHROMIUM) && hasCjkFont) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (existsSync(CHROMIUM) && (!isRoot || !hasApt)) return; // screenshots will lack CJK glyphs, tests still run
  if (!isRoot || !hasApt) {
    throw Object.assign(
      new Error(`The browser tests need Debian's "chromium" package at ${CHROMIUM}. Install it (as root: apt-get install -y chromium) or set HUIMIN_CHROMIUM to a Chromium binary.`),
      { exitCode: 1 },
    );
  }
  console.log('· installing Debian chromium for the browser tests (apt-get)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null', { stdio: 'inherit' });
  if (!existsSync(CHROMIUM)) throw Object.assign(new Error(`apt-get finished but ${CHROMIUM} is still missing`), { exitCode: 1 });
}
