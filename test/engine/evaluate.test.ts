/**
 * The evaluator on small rule sets written for the test: short-circuiting, traces, near misses, dated and inherited
 * parameters, person-level results, programme interactions, amounts of every exactness.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../src/build/rules';
import { compilePack, type CompiledPack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { Reason } from '../../src/engine/report';

const SOURCES = `
nat:
  kind: national
  title: { zh: 测试文件, en: Test document }
`;
const PARAMS = `
line:
  label: { zh: 线, en: Line }
  unit: yuan-month
pay:
  label: { zh: 金额, en: Pay }
  unit: yuan-month
minAge:
  label: { zh: 年龄, en: Age }
  unit: years
`;

/** Build a pack from region and programme YAML written inline. */
function miniPack(regions: Record<string, string>, programmes: Record<string, string>): CompiledPack {
  const dir = mkdtempSync(join(tmpdir(), 'huimin-rules-'));
  mkdirSync(join(dir, 'regions'));
  mkdirSync(join(dir, 'programmes'));
  mkdirSync(join(dir, 'seeds'));
  writeFileSync(join(dir, 'sources.yaml'), SOURCES);
  writeFileSync(join(dir, 'parameters.yaml'), PARAMS);
  writeFileSync(join(dir, 'strings.yaml'), '{}\n');
  writeFileSync(join(dir, 'catalogue.yaml'), `order: [${Object.keys(programmes).join(', ')}]\n`);
  for (const [id, y] of Object.entries(regions)) writeFileSync(join(dir, 'regions', `${id}.yaml`), y);
  for (const [id, y] of Object.entries(programmes)) writeFileSync(join(dir, 'programmes', `${id}.yaml`), y);
  return compilePack(buildPack(dir));
}

const REGIONS = {
  cn: `
id: cn
name: { zh: 全国, en: National }
parent: null
lastVerified: 2026-01-01
parameters:
  minAge:
    - { from: 2000-01-01, value: 60, strength: national, source: { doc: nat } }
`,
  'cn-a': `
id: cn-a
name: { zh: 甲省, en: A }
parent: cn
lastVerified: 2026-01-01
parameters:
  line:
    - { from: 2020-01-01, value: 500, strength: national, source: { doc: nat } }
    - { from: 2024-01-01, value: 600, strength: national, source: { doc: nat } }
`,
  'cn-a-b': `
id: cn-a-b
name: { zh: 乙市, en: B }
parent: cn-a
lastVerified: 2026-02-01
parameters:
  line:
    - { from: 2025-01-01, value: 800, strength: national, source: { doc: nat } }
`,
};

const HH = `
id: hh
name: { zh: 家庭项目, en: Household programme }
unit: household
kind: cash
regions: [cn]
receivedAs: dibao
sources: [{ doc: nat }]
eligibility:
  all:
    - id: assets
      label: { zh: 财产, en: Assets }
      test: assetsMeetLocalRules
      source: { doc: nat }
    - id: income
      label: { zh: "收入 {{left}} 低于 {{right}}", en: "Income {{left}} below {{right}}" }
      test: perCapitaCountedIncome < line
      source: { doc: nat }
amount:
  period: month
  expr: (line - perCapitaCountedIncome) * countedMemberCount
`;

const PERSON = `
id: old
name: { zh: 老人项目, en: Old-age programme }
unit: person
kind: cash
regions: [cn]
sources: [{ doc: nat }]
eligibility:
  all:
    - id: age
      label: { zh: 年龄, en: Age }
      test: age >= minAge
      source: { doc: nat }
    - id: not-hh
      label: { zh: 不在家庭项目, en: Not on the household programme }
      not: { id: in-hh, label: { zh: 在, en: In }, test: "holds('hh')" }
      source: { doc: nat }
amount:
  period: month
  expr: pay
`;

const cp = miniPack(REGIONS, { hh: HH, old: PERSON });

const household = (members: Household['members'], extra: Partial<Household> = {}): Household => ({ version: 1, region: 'cn-a-b', members, ...extra });

function find(reasons: Reason[] | undefined, id: string): Reason | undefined {
  for (const r of reasons ?? []) {
    if (r.id === id) return r;
    const c = find(r.children, id);
    if (c) return c;
  }
  return undefined;
}

describe('dated and inherited parameters', () => {
  const h = household([{ relation: 'self', age: 30, income: { wages: 550 } }], { assetsMeetLocalRules: 'yes' });
  it('a child region inherits its parent’s value until it sets its own', () => {
    expect(evaluate(h, cp, { date: '2023-06-01' }).programs[0]!.status).toBe('ineligible'); // cn-a 500
    expect(evaluate(h, cp, { date: '2024-06-01' }).programs[0]!.status).toBe('eligible'); // cn-a 600
    const r = evaluate(h, cp, { date: '2025-06-01' }).programs[0]!; // cn-a-b 800
    expect(r.amount).toEqual({ value: 250, period: 'month', exactness: 'exact' });
    expect(r.figures?.find((f) => f.id === 'line')).toMatchObject({ value: 800, region: 'cn-a-b', from: '2025-01-01' });
  });
  it('before the first value anywhere the figure is unknown, not 0', () => {
    const r = evaluate(h, cp, { date: '2019-06-01' }).programs[0]!;
    expect(r.status).toBe('undetermined');
    expect(r.unknownFigures).toEqual(['line']);
    expect(r.amount?.exactness).toBe('unknown');
  });
  it('the lookup uses the evaluation date, region by region', () => {
    const r = evaluate({ ...h, region: 'cn-a' }, cp, { date: '2025-06-01' }).programs[0]!;
    expect(r.amount).toEqual({ value: 50, period: 'month', exactness: 'exact' });
  });
});

describe('three-valued evaluation', () => {
  it('a known no decides even when other answers are missing (short-circuit)', () => {
    const r = evaluate(household([{ relation: 'self' }], { assetsMeetLocalRules: 'no' }), cp, { date: '2025-06-01' }).programs[0]!;
    expect(r.status).toBe('ineligible');
    expect(r.missing).toEqual([]);
  });
  it('missing answers make it undetermined and name exactly the questions that decide it', () => {
    const r = evaluate(household([{ relation: 'self' }, { relation: 'spouse', income: {} }]), cp, { date: '2025-06-01' }).programs[0]!;
    expect(r.status).toBe('undetermined');
    expect([...r.missing].sort()).toEqual(['assetsMeetLocalRules', 'members[0].income']);
    expect(find(r.reasons, 'assets')?.outcome).toBe('unknown');
    expect(find(r.reasons, 'assets')?.missing).toEqual(['assetsMeetLocalRules']);
  });
  it('"not sure" is unknown, not no', () => {
    const r = evaluate(household([{ relation: 'self', income: {} }], { assetsMeetLocalRules: 'unsure' }), cp, { date: '2025-06-01' }).programs[0]!;
    expect(r.status).toBe('undetermined');
    expect(r.missing).toEqual(['assetsMeetLocalRules']);
    // The amount it would be is still shown.
    expect(r.amount).toEqual({ value: 800, period: 'month', exactness: 'exact' });
  });
});

describe('traces and near misses', () => {
  it('each condition carries its label key, values, outcome and source', () => {
    const r = evaluate(household([{ relation: 'self', income: { wages: 850 } }], { assetsMeetLocalRules: 'yes' }), cp, { date: '2025-06-01' }).programs[0]!;
    const income = find(r.reasons, 'income')!;
    expect(income).toMatchObject({ label: 'prog.hh.cond.income', outcome: 'not-met', values: { left: 850, right: 800, op: '<' }, source: { doc: 'nat' } });
    expect(income.nearMiss?.difference).toBe(50);
    expect(cp.pack.strings['zh-CN'][income.label]).toBe('收入 {{left}} 低于 {{right}}');
  });
  it('explanations off gives the same verdicts and amounts', () => {
    const h = household([{ relation: 'self', income: { wages: 100 } }], { assetsMeetLocalRules: 'yes' });
    const a = evaluate(h, cp, { date: '2025-06-01' });
    const b = evaluate(h, cp, { date: '2025-06-01', explain: false });
    expect(b.programs.map((p) => [p.id, p.status, p.amount])).toEqual(a.programs.map((p) => [p.id, p.status, p.amount]));
    expect(b.programs[0]!.reasons).toEqual([]);
  });
});

describe('person-level programmes and interactions', () => {
  it('reports each member separately', () => {
    const r = evaluate(household([{ relation: 'self', age: 70, income: { wages: 5000 } }, { relation: 'spouse', age: 50, income: {} }], { assetsMeetLocalRules: 'yes' }), cp, { date: '2025-06-01' });
    const old = r.programs.find((p) => p.id === 'old')!;
    expect(old.members?.map((m) => [m.index, m.status])).toEqual([
      [0, 'eligible'],
      [1, 'ineligible'],
    ]);
    expect(old.members?.[0]?.amount?.exactness).toBe('unknown'); // pay has no value anywhere
  });
  it('reads another programme’s verdict (holds) in dependency order', () => {
    const r = evaluate(household([{ relation: 'self', age: 70, income: {} }], { assetsMeetLocalRules: 'yes' }), cp, { date: '2025-06-01' });
    expect(r.programs.find((p) => p.id === 'hh')!.status).toBe('eligible');
    expect(r.programs.find((p) => p.id === 'old')!.status).toBe('ineligible');
  });
  it('an unknown verdict it depends on makes it unknown, naming the questions behind it', () => {
    const r = evaluate(household([{ relation: 'self', age: 70, income: {} }]), cp, { date: '2025-06-01' });
    const old = r.programs.find((p) => p.id === 'old')!;
    expect(old.status).toBe('undetermined');
    expect(old.missing).toEqual(['assetsMeetLocalRules']);
  });
  it('a recognised status counts as holding the programme, even when the answers say otherwise', () => {
    const h = household([{ relation: 'self', age: 70, income: { wages: 5000 } }], { assetsMeetLocalRules: 'yes' });
    expect(evaluate(h, cp, { date: '2025-06-01' }).programs.find((p) => p.id === 'old')!.status).toBe('eligible');
    const r = evaluate({ ...h, statuses: ['dibao'] }, cp, { date: '2025-06-01' });
    const hh = r.programs.find((p) => p.id === 'hh')!;
    expect([hh.status, hh.alreadyReceives]).toEqual(['ineligible', true]);
    expect(r.programs.find((p) => p.id === 'old')!.status).toBe('ineligible');
  });
});

describe('robustness', () => {
  it('throws a clear error for an unknown region', () => {
    expect(() => evaluate(household([{ relation: 'self' }], { region: 'cn-zz' }), cp, { date: '2025-06-01' })).toThrow(/unknown region "cn-zz"/);
  });
  it('refuses a pack that is not a rule pack', () => {
    expect(() => compilePack({ hello: 1 })).toThrow(/not a Huimin rule pack/);
    expect(() => compilePack(null)).toThrow();
  });
});
