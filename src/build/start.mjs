// `npm start`: install what is missing, build the production app and serve it on http://localhost:4173
// with the same headers as production hosting (see README: caching and Content-Security-Policy).
import { ensureDependencies, run } from './ensure.mjs';

try {
  ensureDependencies();
  run('npx', ['vite', 'build', '--configLoader', 'runner']);
  run('node', ['--import', 'tsx', 'src/build/serve.ts', ...process.argv.slice(2)]);
} catch (e) {
  console.error(e.message);
  process.exit(e.exitCode ?? 1);
}
