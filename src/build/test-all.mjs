// `npm test`: every test, in the order that fails fastest. Works on a fresh clone (installs what it needs).
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
import { ensureChromium, ensureDependencies, run } from './ensure.mjs';

const steps = [
  ['type check', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['type check (service worker)', 'npx', ['tsc', '--noEmit', '-p', 'src/sw']],
  ['unit, rule-case, UI and storage tests', 'npx', ['vitest', 'run']],
  ['production build', 'npx', ['vite', 'build', '--configLoader', 'runner', '--logLevel', 'warn']],
  ['size budgets', 'node', ['--import', 'tsx', 'src/build/size.ts']],
  ['browser tests (Chromium)', 'node', ['--import', 'tsx', 'test/browser/run.ts']],
];

try {
  ensureDependencies();
  ensureChromium();
  for (const [name, cmd, args] of steps) {
    console.log(`\n━━ ${name}`);
    run(cmd, args);
  }
  console.log('\n✓ all tests passed');
} catch (e) {
  console.error(`\n✗ ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
