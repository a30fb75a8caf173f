/**
 * The rule build's error messages, as a policy officer meets them. Each test copies rules/ to a temporary directory,
 * breaks it the way someone editing the YAML by hand typically would, builds it, and checks that the error names the
 * file, the path inside the file and the problem in words one can act on (and, where it helps, the fix).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES_DIR } from '../../src/build/pack-file';
import { checkRules, formatProblem } from '../../src/build/rules-check';
import { RuleBuildError, buildPack } from '../../src/build/rules';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

type Edit = { file: string; from: string; to: string };

/** A copy of rules/ (in a directory named "rules", so messages read rules/…) with the edits applied. */
function brokenCopy(...edits: Edit[]): string {
  const root = mkdtempSync(join(tmpdir(), 'huimin-rules-'));
  temps.push(root);
  const dir = join(root, 'rules');
  cpSync(RULES_DIR, dir, { recursive: true });
  for (const e of edits) {
    const path = join(dir, e.file);
    const text = readFileSync(path, 'utf8');
    // Guard against the rules drifting away from the test: the text to break must be there.
    expect(text, `${e.file} should contain the text this test breaks`).toContain(e.from);
    writeFileSync(path, text.replace(e.from, e.to));
  }
  return dir;
}

function buildError(dir: string): RuleBuildError {
  try {
    buildPack(dir);
  } catch (e) {
    if (e instanceof RuleBuildError) return e;
    throw e;
  }
  throw new Error('the broken rules built without an error');
}

/** The single problem line for a file, as the officer reads it: "file: path: problem". */
function lineFor(err: RuleBuildError, file: string): string {
  const lines = err.message.split('\n').filter((l) => l.includes(file));
  expect(lines.length, `a problem reported for ${file}:\n${err.message}`).toBeGreaterThan(0);
  return lines[0]!.trim();
}

describe('the untouched rules', () => {
  it('build without problems from a copy', () => {
    expect(() => buildPack(brokenCopy())).not.toThrow();
  });
});

describe('rule build errors name the file, the path and the problem', () => {
  it('a typo in a parameter name inside an expression, with a suggestion', () => {
    const err = buildError(
      brokenCopy({
        file: 'programmes/dibao.yaml',
        from: "if(hukou == 'urban', dibao.standard.urban, dibao.standard.rural)",
        to: "if(hukou == 'urban', dibao.standard.urbn, dibao.standard.rural)",
      }),
    );
    expect(lineFor(err, 'rules/programmes/dibao.yaml')).toBe(
      'rules/programmes/dibao.yaml: let.standard: unknown name "dibao.standard.urbn" — did you mean "dibao.standard.urban"?',
    );
    expect(err.problems).toHaveLength(1);
  });

  it('a typo in a parameter name in a region file, pointing to parameters.yaml', () => {
    const err = buildError(brokenCopy({ file: 'regions/cn-gd-jiangmen.yaml', from: '  dibao.standard.rural:', to: '  dibao.standard.rurall:' }));
    const line = lineFor(err, 'rules/regions/cn-gd-jiangmen.yaml');
    expect(line).toContain('rules/regions/cn-gd-jiangmen.yaml: parameters.dibao.standard.rurall:');
    expect(line).toContain('is not declared in rules/parameters.yaml');
    expect(line).toContain('did you mean "dibao.standard.rural"?');
  });

  it('a seed quote that is not in the seed (a mistyped figure)', () => {
    const err = buildError(
      brokenCopy({
        file: 'regions/cn-gd-jiangmen.yaml',
        from: 'quote: 特困人员基本生活供养标准为每人每月1520元',
        to: 'quote: 特困人员基本生活供养标准为每人每月1250元',
      }),
    );
    const line = lineFor(err, 'rules/regions/cn-gd-jiangmen.yaml');
    expect(line).toContain('parameters.tekun.basicStandard[0].source.quote:');
    expect(line).toContain('the quote "特困人员基本生活供养标准为每人每月1250元" is not in seed 004_e0ebf8d8385a4f3f.txt');
    expect(line).toContain('the words must match exactly');
  });

  it('a seed quote longer than 40 characters', () => {
    const err = buildError(
      brokenCopy({
        file: 'regions/cn-jx.yaml',
        from: 'quote: 小学生每生每年1000元 }',
        to: 'quote: 为义务教育家庭经济困难寄宿制学生提供补助，小学生每生每年1000元，初中生每生每年1250元。 }',
      }),
    );
    const line = lineFor(err, 'rules/regions/cn-jx.yaml');
    expect(line).toContain('parameters.edu.boarding.primary[0].source.quote:');
    expect(line).toMatch(/quote is \d+ characters; keep it to 40 or fewer/);
  });

  it('a value with strength unknown but a number (a made-up figure)', () => {
    const err = buildError(
      brokenCopy({
        file: 'regions/cn-jx.yaml',
        from: '      value: null\n      strength: unknown\n      source: { doc: seed-002, where: 专栏1-10, quote: 不低于当地上年度城镇常住居民人均生活消费支出的70% }',
        to: '      value: 1200\n      strength: unknown\n      source: { doc: seed-002, where: 专栏1-10, quote: 不低于当地上年度城镇常住居民人均生活消费支出的70% }',
      }),
    );
    expect(lineFor(err, 'rules/regions/cn-jx.yaml')).toBe(
      'rules/regions/cn-jx.yaml: parameters.orphan.standard.institution[0].value: use value: null exactly when strength is "unknown" (and never a made-up number)',
    );
  });

  it('a ratio written as 80 instead of 0.8', () => {
    const err = buildError(
      brokenCopy({
        file: 'regions/cn-jx-ganzhou-longnan.yaml',
        from: '      value: 0.8\n      strength: seed\n      source: { doc: seed-001, where: 表2-1 医疗救助住院自付费救助比率, quote: 最低生活保障对象按80% }',
        to: '      value: 80\n      strength: seed\n      source: { doc: seed-001, where: 表2-1 医疗救助住院自付费救助比率, quote: 最低生活保障对象按80% }',
      }),
    );
    expect(lineFor(err, 'rules/regions/cn-jx-ganzhou-longnan.yaml')).toBe(
      'rules/regions/cn-jx-ganzhou-longnan.yaml: parameters.medicalAid.ratio.dibao[0].value: a ratio is written as a fraction: 80% is 0.8',
    );
  });

  it('a condition without a label', () => {
    const err = buildError(
      brokenCopy({
        file: 'programmes/temporary-aid.yaml',
        from: '      label:\n        zh: 因意外事故、火灾、重病或必需支出突然增加，基本生活暂时出现严重困难\n        en: An accident, fire, serious illness or a sudden jump in necessary spending has left the household in serious temporary hardship\n',
        to: '',
      }),
    );
    expect(lineFor(err, 'rules/programmes/temporary-aid.yaml')).toBe(
      'rules/programmes/temporary-aid.yaml: eligibility.all[0]: this condition needs a "label" ({ zh, en }) saying what it checks, in plain words',
    );
  });

  it('a label key that is not in strings.yaml', () => {
    const err = buildError(brokenCopy({ file: 'programmes/dibao-edge.yaml', from: 'label: cond.assets', to: 'label: cond.asset' }));
    const line = lineFor(err, 'rules/programmes/dibao-edge.yaml');
    expect(line).toContain('eligibility.all[3].label:');
    expect(line).toContain('label "cond.asset" is not in rules/strings.yaml — did you mean "cond.assets"?');
  });

  it('an unknown programme in holds(), with a suggestion', () => {
    const err = buildError(
      brokenCopy({
        file: 'programmes/disability-living.yaml',
        from: "test: holds('dibao') or holds('dibao-single')",
        to: "test: holds('dibao') or holds('dibao-singel')",
      }),
    );
    expect(lineFor(err, 'rules/programmes/disability-living.yaml')).toBe(
      'rules/programmes/disability-living.yaml: eligibility.all[1].test: holds(\'dibao-singel\'): no programme with that id — did you mean "dibao-single"?',
    );
  });

  it('a condition without a source', () => {
    const err = buildError(
      brokenCopy({ file: 'programmes/temporary-aid.yaml', from: '      source: [{ doc: seed-002, where: 专栏7-4, quote: 导致生活暂时出现严重困难的 }, { doc: sc-649, where: 第四十七条 }]\n', to: '' }),
    );
    expect(lineFor(err, 'rules/programmes/temporary-aid.yaml')).toBe(
      'rules/programmes/temporary-aid.yaml: eligibility.all[0]: this condition has no source: add source: { doc, where, quote } here or on a group around it',
    );
  });

  it('a seed without the region it speaks for, and one with an unknown region', () => {
    const err = buildError(
      brokenCopy({ file: 'sources.yaml', from: '  region: cn-jx-shangrao', to: '' }, { file: 'sources.yaml', from: '  region: cn-gd-jiangmen', to: '  region: cn-gd-jiangmenn' }),
    );
    const lines = err.problems.filter((p) => p.file === 'rules/sources.yaml').map((p) => `${p.path}: ${p.problem}`);
    expect(lines).toContain('seed-002: a seed needs "region": the region it speaks for (e.g. cn-jx-shangrao for the Shangrao plan)');
    expect(lines).toContain('seed-004.region: unknown region "cn-gd-jiangmenn" (a region id from rules/regions)');
  });

  it('a nationwide condition that cites only a city plan has no citation in the other regions', () => {
    // Without the national document, 临时救助's condition would cite the Shangrao plan to every household.
    const err = buildError(
      brokenCopy({
        file: 'programmes/temporary-aid.yaml',
        from: '      source: [{ doc: seed-002, where: 专栏7-4, quote: 导致生活暂时出现严重困难的 }, { doc: sc-649, where: 第四十七条 }]\n',
        to: '      source: { doc: seed-002, where: 专栏7-4, quote: 导致生活暂时出现严重困难的 }\n',
      }),
    );
    const line = lineFor(err, 'rules/programmes/temporary-aid.yaml');
    expect(line).toContain('rules/programmes/temporary-aid.yaml: condition sudden-hardship: no citation applies in cn-gd-jiangmen, cn-gd,');
    expect(line).not.toMatch(/applies in [^(]*cn-jx-shangrao[, ]/);
    expect(line).toContain('(it cites seed-002 (cn-jx-shangrao)): add the national document that states it');
  });

  it('a figure that cites another region\'s document must say it is a reading', () => {
    const err = buildError(brokenCopy({ file: 'regions/cn-jx.yaml', from: '      note: *edu-reading\n', to: '' }));
    expect(err.problems.map((p) => `${p.file}: ${p.path}`)).toContain('rules/regions/cn-jx.yaml: parameters.edu.boarding.junior[0].source');
    expect(err.message).toContain('cites seed-002, which speaks for cn-jx-shangrao, not for cn-jx');
  });

  it('a place in a document with words in it needs its English in where.yaml', () => {
    const err = buildError(brokenCopy({ file: 'where.yaml', from: '单人户施保: "Coverage as a one-person unit"\n', to: '' }));
    expect(lineFor(err, 'rules/where.yaml')).toBe('rules/where.yaml: 单人户施保: no English for this location: add "<the Chinese>: <English>" to rules/where.yaml');
  });

  it('a source document id that is not in sources.yaml', () => {
    const err = buildError(brokenCopy({ file: 'programmes/orphan.yaml', from: '  - { doc: gov-2010-54 }', to: '  - { doc: gov-2010-45 }' }));
    const line = lineFor(err, 'rules/programmes/orphan.yaml');
    expect(line).toContain('sources[0].doc: unknown source "gov-2010-45" — add it to rules/sources.yaml — did you mean "gov-2010-54"?');
  });

  it('a YAML syntax error names the file and the line', () => {
    const err = buildError(brokenCopy({ file: 'programmes/orphan.yaml', from: 'unit: person\n', to: 'unit: person\n  kind: cash\n' }));
    const line = lineFor(err, 'rules/programmes/orphan.yaml');
    expect(line).toMatch(/^rules\/programmes\/orphan\.yaml: line 4: YAML syntax: /);
  });

  it('two values starting on the same date', () => {
    const err = buildError(
      brokenCopy({ file: 'regions/cn-jx-ganzhou-longnan.yaml', from: '    - from: 2022-01-01\n      value: 835', to: '    - from: 2019-01-01\n      value: 835' }),
    );
    expect(lineFor(err, 'rules/regions/cn-jx-ganzhou-longnan.yaml')).toBe(
      'rules/regions/cn-jx-ganzhou-longnan.yaml: parameters.dibao.standard.urban[1].from: two values start on 2019-01-01',
    );
  });

  it('a planned (约) figure must cite the seed that states it', () => {
    const err = buildError(
      brokenCopy({
        file: 'regions/cn-jx-ganzhou-longnan.yaml',
        from: '      value: 835\n      strength: planned\n      source: { doc: seed-001, where: 表2-1 最低生活保障标准 2022年, quote: 农村约：640；城市约：835 }',
        to: '      value: 835\n      strength: planned\n      source: { doc: mca-2021-57, where: §1 }',
      }),
    );
    expect(lineFor(err, 'rules/regions/cn-jx-ganzhou-longnan.yaml')).toBe(
      'rules/regions/cn-jx-ganzhou-longnan.yaml: parameters.dibao.standard.urban[1].strength: a planned (约) figure must cite the seed that states it',
    );
  });

  it('POLICY.md (the catalogue) is never a source', () => {
    const err = buildError(
      brokenCopy({
        file: 'sources.yaml',
        from: 'sc-649:\n  kind: national',
        to: 'catalogue:\n  kind: national\n  file: POLICY.md\n  title: { zh: 目录, en: Catalogue }\nsc-649:\n  kind: national',
      }),
    );
    expect(lineFor(err, 'rules/sources.yaml')).toBe(
      'rules/sources.yaml: catalogue: POLICY.md (the catalogue) is never a source: cite the seed or the national document by number',
    );
  });

  it('every problem is reported at once, not one per run', () => {
    const err = buildError(
      brokenCopy(
        { file: 'regions/cn-gd-jiangmen.yaml', from: 'quote: 特困人员基本生活供养标准为每人每月1520元', to: 'quote: 特困人员基本生活供养标准为每人每月1250元' },
        { file: 'programmes/disability-living.yaml', from: "holds('dibao-single')", to: "holds('dibao-singel')" },
        { file: 'programmes/temporary-aid.yaml', from: '      source: [{ doc: seed-002, where: 专栏7-4, quote: 导致生活暂时出现严重困难的 }, { doc: sc-649, where: 第四十七条 }]\n', to: '' },
      ),
    );
    expect(err.problems.map((p) => p.file).sort()).toEqual([
      'rules/programmes/disability-living.yaml',
      'rules/programmes/temporary-aid.yaml',
      'rules/regions/cn-gd-jiangmen.yaml',
    ]);
    expect(err.message).toMatch(/^3 problem\(s\) in the rule files:/);
  });
});

describe('rules:check', () => {
  it('reports ok with counts for the real rules', () => {
    const r = checkRules(RULES_DIR);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pack?.programmes.length).toBeGreaterThan(0);
    expect(r.cases).toBeGreaterThan(0);
  });

  it('lists every problem of the rules and of the case files, as "file: path: problem"', () => {
    const dir = brokenCopy(
      { file: 'regions/cn-jx-ganzhou-longnan.yaml', from: '      value: 0.8\n', to: '      value: 80\n' },
      { file: 'programmes/tekun.cases.yaml', from: '  checks: 老年人权益保障法 第二条 "六十周岁以上"; 民发〔2021〕43号 第六条\n', to: '' },
    );
    const r = checkRules(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toEqual([
      'rules/regions/cn-jx-ganzhou-longnan.yaml: parameters.medicalAid.ratio.dibao[0].value: a ratio is written as a fraction: 80% is 0.8',
      'rules/programmes/tekun.cases.yaml: [1]: missing "checks"',
    ]);
  });
});
