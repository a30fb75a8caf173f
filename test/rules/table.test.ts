/**
 * The coverage table committed in rules/README.md must be what `npm run rules:table` generates from the current rules,
 * for the date the README states ("as of YYYY-MM-DD"). A rule change that moves a figure makes this fail until the
 * table is regenerated with `npm run rules:table -- --date <that date> --write`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { README, cell, committedSection, renderCoverage, replaceSection } from '../../src/build/rules-table';
import { compilePack } from '../../src/engine/compile';

const cp = compilePack(loadPackFromDisk());
const readme = readFileSync(README, 'utf8');
const prog = (id: string) => cp.pack.programmes.find((p) => p.id === id)!;

describe('coverage table in rules/README.md', () => {
  const { section, date } = committedSection(readme);

  it('is there, between the markers, and states its date', () => {
    expect(section, 'rules/README.md needs a generated table between <!-- coverage:start --> and <!-- coverage:end -->').not.toBe('');
    expect(date, 'the section must say "as of YYYY-MM-DD"').toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('is up to date with the rules (regenerate: npm run rules:table -- --date <date> --write)', () => {
    expect(section).toBe(renderCoverage(cp, date!));
  });

  it('regenerating it changes nothing but the section', () => {
    const again = replaceSection(readme, renderCoverage(cp, date!));
    expect(again).toBe(readme);
  });
});

describe('amount kinds are read from the resolved parameters', () => {
  it('known: Jiangmen 2025 低保 950 a month', () => {
    const c = cell(cp, 'cn-gd-jiangmen', prog('dibao'), '2025-08-01');
    expect(c.amount).toBe('known: 950 元/月');
    expect(c.sources).toContain('004_e0ebf8d8385a4f3f.txt');
  });

  it('approximate: Longnan 2025 低保 约1030 / 约895', () => {
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('dibao'), '2025-06-01').amount).toBe('approximate: 约1030、约895 元/月');
  });

  it('floor: Longnan 2019 特困 ≥ 1.3 × the 低保 standard (no published standard)', () => {
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('tekun'), '2019-10-01').amount).toBe('floor: ≥ 832、≥ 500.5 元/月');
  });

  it('range: Jiangxi senior-high grant 1000–3000 a year', () => {
    expect(cell(cp, 'cn-jx-shangrao', prog('edu-senior-grant'), '2025-06-01').amount).toBe('range: 1000–3000 元/年');
  });

  it('unknown: Shangrao 特困 (由当地确定), naming the missing figures', () => {
    const c = cell(cp, 'cn-jx-shangrao', prog('tekun'), '2025-06-01');
    expect(c.amount).toBe('unknown: 由当地确定 (dibao.standard.rural, dibao.standard.urban, tekun.basicStandard)');
    expect(c.eligibility).toBe('✓ (unknown: dibao.standard.rural, dibao.standard.urban)');
  });

  it('the date matters: Jiangxi education amounts are unknown before the Shangrao plan (2022-05-31)', () => {
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('edu-boarding'), '2022-05-30').amount).toBe('unknown: 由当地确定 (edu.boarding.junior, edu.boarding.primary)');
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('edu-boarding'), '2022-05-31').amount).toBe('known: 1250、1000 元/年');
    // School meals are help in kind: never a cash amount (issue 9, item 3).
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('edu-nutrition'), '2022-05-31').amount).toBe('in kind (no cash)');
  });

  it('— where the programme does not apply', () => {
    const c = cell(cp, 'cn-gd-jiangmen', prog('distressed-child'), '2025-08-01');
    expect(c).toMatchObject({ applies: false, eligibility: '—', amount: '—' });
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('distressed-child'), '2025-06-01').applies).toBe(true);
    expect(cell(cp, 'cn-gd-jiangmen', prog('elderly-allowance'), '2025-08-01').applies).toBe(false);
    // seed 003 states the 高龄津贴 for 镇雄 only (issue 9, item 7): not for the city as a whole
    expect(cell(cp, 'cn-yn-zhaotong', prog('elderly-allowance'), '2025-08-01').applies).toBe(false);
    expect(cell(cp, 'cn-yn-zhaotong-zhenxiong', prog('elderly-allowance'), '2025-08-01').applies).toBe(true);
  });
});

describe('kind, strength and horizon per figure', () => {
  it('Jiangmen 低保: cash, seed figures stated for 2025, past their horizon in 2026', () => {
    const now = cell(cp, 'cn-gd-jiangmen', prog('dibao'), '2025-08-01');
    expect(now.kind).toBe('cash');
    expect(now.figures).toEqual(['dibao.standard.rural: seed, to 2025-12-31', 'dibao.standard.urban: seed, to 2025-12-31']);
    expect(cell(cp, 'cn-gd-jiangmen', prog('dibao'), '2026-06-01').figures).toEqual([
      'dibao.standard.rural: seed, to 2025-12-31 (past)',
      'dibao.standard.urban: seed, to 2025-12-31 (past)',
    ]);
  });

  it('Longnan 低保 in 2021: the 2019 actual, past its year; in 2025 the 约 target, planned', () => {
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('dibao'), '2021-06-01').figures).toContain('dibao.standard.urban: seed, to 2019-12-31 (past)');
    expect(cell(cp, 'cn-jx-ganzhou-longnan', prog('dibao'), '2025-06-01').figures).toContain('dibao.standard.urban: planned, to 2025-12-31');
  });

  it('names the kind of every programme, and national rules have no horizon', () => {
    expect(cell(cp, 'cn-jx-shangrao', prog('edu-nutrition'), '2025-06-01').kind).toBe('in kind');
    expect(cell(cp, 'cn-gd-jiangmen', prog('dibao-edge'), '2025-06-01').kind).toBe('status');
    expect(cell(cp, 'cn-gd-jiangmen', prog('tekun'), '2025-06-01').figures).toContain('tekun.oldAge: national, no horizon');
    expect(renderCoverage(cp, '2026-12-02')).toContain('| kind | eligibility | amount | figures: strength, horizon | sources |');
  });
});
