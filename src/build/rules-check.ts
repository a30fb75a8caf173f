/**
 * npm run rules:check
 *
 * Builds the rule pack from rules/ (always from the YAML, never from the cached pack in generated/), reads every
 * YAML case file next to the rules, and prints either every problem — "file: path: problem", all at once — or
 * "ok: N programmes, M parameters, K cases, version …". Exit code 1 when there is any problem.
 */
import { pathToFileURL } from 'node:url';
import { compilePack, PackError } from '../engine/compile';
import type { RulePack } from '../engine/pack';
import { RULES_DIR } from './pack-file';
import { cachedCatalogue, checkRegionCodes, readRegionHeads } from './region-catalogue';
import { RuleBuildError, buildPack, loadCases, type RuleProblem } from './rules';

export interface CheckResult {
  ok: boolean;
  problems: RuleProblem[];
  pack: RulePack | null;
  cases: number;
}

/** Check a rules directory: the pack, its compilation, and the case files. Never throws for rule problems. */
export function checkRules(rulesDir: string = RULES_DIR): CheckResult {
  const problems: RuleProblem[] = [];
  let pack: RulePack | null = null;
  try {
    pack = buildPack(rulesDir);
  } catch (e) {
    if (!(e instanceof RuleBuildError)) throw e;
    problems.push(...e.problems);
  }
  if (pack) {
    try {
      compilePack(pack);
    } catch (e) {
      if (!(e instanceof PackError)) throw e;
      problems.push({ file: 'rules', path: '', problem: `the pack does not compile: ${e.message}` });
    }
  }
  // Each rule file's GB/T 2260 code must be a real division under its parent's (as the app build checks).
  for (const text of checkRegionCodes(cachedCatalogue(), readRegionHeads(rulesDir))) {
    const [file, ...rest] = text.split(': ');
    problems.push({ file: file!, path: rest.length > 1 ? rest[0]! : '', problem: rest.slice(rest.length > 1 ? 1 : 0).join(': ') });
  }
  let cases = 0;
  try {
    cases = loadCases(rulesDir).length;
  } catch (e) {
    if (!(e instanceof RuleBuildError)) throw e;
    problems.push(...e.problems);
  }
  return { ok: problems.length === 0, problems, pack, cases };
}

export function formatProblem(p: RuleProblem): string {
  return `${p.file}${p.path ? `: ${p.path}` : ''}: ${p.problem}`;
}

function main(): number {
  const r = checkRules();
  if (!r.ok) {
    process.stderr.write(`${r.problems.length} problem(s) in the rule files:\n${r.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 1;
  }
  const pack = r.pack!;
  process.stdout.write(
    `ok: ${pack.programmes.length} programmes, ${Object.keys(pack.parameters).length} parameters, ${Object.keys(pack.regions).length} regions, ${r.cases} cases, version ${pack.version}\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main());
}
