/**
 * Catalogue regions (cn-<code>) and the layer of figures entered on this device or imported from a region file:
 * a local figure is used where it applies, a shipped figure of the same date wins, what nobody entered stays
 * unknown, and a figure never reaches another region.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { missingFigures, shippedFigureFor, withFigures, type LocalFigure } from '../../src/engine/overlay';
import type { RulePack } from '../../src/engine/pack';

const cp = compilePack(loadPackFromDisk());
const DATE = '2025-08-01';

/** One rural adult with ¥300 a month pension and no other means: eligible for 低保 wherever the standard is above 300. */
function household(region: string, hukou: 'urban' | 'rural' = 'rural'): Household {
  return {
    format: 'huimin-household',
    version: 1,
    region,
    hukou,
    date: DATE,
    assetsMeetLocalRules: 'yes',
    statuses: [],
    suddenHardship: false,
    members: [
      {
        relation: 'self', sex: 'female', age: 45, work: 'unemployed', income: { pension: 300 }, disability: { certificate: false },
        legalSupporters: 'able', onlyChild: 'none', fpSurgeryComplication: 0, statuses: [],
      },
    ],
  } as Household;
}

function figure(extra: Partial<LocalFigure> = {}): LocalFigure {
  return {
    id: 'f1',
    region: 'cn-530627',
    code: '530627',
    param: 'dibao.standard.rural',
    from: '2025-01-01',
    value: 800,
    strength: 'local',
    entered: { at: '2026-12-02', source: '镇雄县民政局 2025年 公告' },
    ...extra,
  };
}

const dibao = (c: typeof cp, region: string, hukou: 'urban' | 'rural' = 'rural', date = DATE) => {
  const r = evaluate(household(region, hukou), c, { region, date });
  return r.programs.find((p) => p.id === 'dibao')!;
};

describe('catalogue regions', () => {
  it('evaluates any county by its code, with national rules where no rule file exists', () => {
    const p = dibao(cp, 'cn-530627');
    expect(p.unknownFigures).toContain('dibao.standard.rural');
    expect(p.amount?.exactness).toBe('unknown');
  });

  it('gives a county the rule files of its prefecture and province (a county of Shangrao gets Shangrao figures)', () => {
    const chain = cp.chains.get('cn-361123')!; // 玉山县, 上饶市
    expect(chain).toEqual(['cn-361123', 'cn-jx-shangrao', 'cn-jx', 'cn']);
    expect(cp.chains.get('cn-530628')).toEqual(['cn-530628', 'cn-yn-zhaotong', 'cn-yn', 'cn']); // 彝良县
    const resolved = cp.resolve('cn-361123', DATE);
    const i = cp.paramIndex.get('familyPlanning.onlyChildDied')!;
    expect(resolved.values[i]).toBe(450);
    expect(resolved.origins[i]?.region).toBe('cn-jx-shangrao');
  });

  it('reaches a hand-written region through its code, so cn-<code> and the rule file id agree', () => {
    const longnan = cp.chains.get('cn-360783')!;
    expect(longnan.slice(0, 2)).toEqual(['cn-360783', 'cn-jx-ganzhou-longnan']);
    expect(longnan.slice(-2)).toEqual(['cn-jx', 'cn']);
    expect(dibao(cp, 'cn-360783').amount).toEqual(dibao(cp, 'cn-jx-ganzhou-longnan').amount);
  });

  it('refuses an id that is neither a rule file nor a code', () => {
    expect(() => evaluate(household('cn-nowhere'), cp, { date: DATE })).toThrow(/unknown region/);
  });
});

describe('figures entered on this device', () => {
  it('uses a local figure where the region has none, and says it is local', () => {
    const over = withFigures(cp, [figure()]);
    const p = dibao(over, 'cn-530627');
    expect(p.status).toBe('eligible');
    expect(p.amount).toMatchObject({ value: 500, exactness: 'exact' });
    const f = p.figures!.find((x) => x.id === 'dibao.standard.rural')!;
    expect(f).toMatchObject({ value: 800, strength: 'local', from: '2025-01-01', region: 'cn-530627' });
    expect(f.entered).toEqual({ at: '2026-12-02', source: '镇雄县民政局 2025年 公告' });
    // The shipped pack is untouched.
    expect(dibao(cp, 'cn-530627').amount?.exactness).toBe('unknown');
  });

  it('leaves unknown what nobody entered: the urban standard stays unknown with only a rural figure', () => {
    const p = dibao(withFigures(cp, [figure()]), 'cn-530627', 'urban');
    expect(p.unknownFigures).toContain('dibao.standard.urban');
    expect(p.amount?.exactness).toBe('unknown');
  });

  it('does not use a figure before its date', () => {
    const p = dibao(withFigures(cp, [figure({ from: '2026-01-01' })]), 'cn-530627');
    expect(p.amount?.exactness).toBe('unknown');
  });

  it('never reaches another region: not the neighbouring county, not the prefecture above, not another province', () => {
    const over = withFigures(cp, [figure()]);
    for (const region of ['cn-530625', 'cn-yn-zhaotong', 'cn-gd-jiangmen', 'cn-530000', 'cn']) {
      const p = dibao(over, region);
      expect(p.figures!.find((x) => x.id === 'dibao.standard.rural')?.strength, region).not.toBe('local');
    }
    expect(dibao(over, 'cn-530625').amount?.exactness).toBe('unknown');
  });

  it('reaches the counties below the region it was entered for, like any figure of that region', () => {
    const over = withFigures(cp, [figure({ region: 'cn-yn-zhaotong', code: '530600' })]);
    expect(dibao(over, 'cn-530627').amount).toMatchObject({ value: 500 });
    // The county's own figure wins over the prefecture's.
    const both = withFigures(cp, [figure({ region: 'cn-yn-zhaotong', code: '530600' }), figure({ id: 'f2', value: 900 })]);
    expect(dibao(both, 'cn-530627').amount).toMatchObject({ value: 600 });
    expect(dibao(both, 'cn-530625').amount).toMatchObject({ value: 500 });
  });

  it('lets a shipped figure of the same date win, and says which one', () => {
    const mine = figure({ region: 'cn-gd-jiangmen', code: '440700', value: 1000 });
    const p = dibao(withFigures(cp, [mine]), 'cn-gd-jiangmen');
    expect(p.amount).toMatchObject({ value: 650 });
    expect(p.figures!.find((x) => x.id === 'dibao.standard.rural')!.strength).toBe('seed');
    expect(shippedFigureFor(cp, mine)?.value).toMatchObject({ value: 950, from: '2025-01-01' });
    // A later local figure is used from its own date (the newer standard), the shipped one before it.
    const later = withFigures(cp, [{ ...mine, from: '2026-01-01' }]);
    expect(shippedFigureFor(cp, { ...mine, from: '2026-01-01' })).toBeNull();
    expect(dibao(later, 'cn-gd-jiangmen').amount).toMatchObject({ value: 650 });
    expect(dibao(later, 'cn-gd-jiangmen', 'rural', '2026-03-01').amount).toMatchObject({ value: 700 });
  });

  it('prefers a published figure to a local one of the same date', () => {
    const published = figure({ id: 'p1', value: 850, strength: 'published', entered: { at: '2026-11-01', source: '镇雄县民政局', publisher: { name: '镇雄县民政局', issued: '2026-11-01', keyId: 'k' } } });
    const p = dibao(withFigures(cp, [figure(), published]), 'cn-530627');
    expect(p.amount).toMatchObject({ value: 550 });
    expect(p.figures!.find((x) => x.id === 'dibao.standard.rural')!.strength).toBe('published');
  });

  it('follows the code when a rule file for the county arrives later', () => {
    const raw = structuredClone(cp.pack) as RulePack;
    raw.regions['cn-yn-zhaotong-zhenxiong'] = { id: 'cn-yn-zhaotong-zhenxiong', name: { zh: '镇雄县', en: 'Zhenxiong' }, parent: 'cn-yn-zhaotong', code: '530627', lastVerified: '2026-11-25' };
    const later = compilePack(raw);
    expect(dibao(withFigures(later, [figure()]), 'cn-yn-zhaotong-zhenxiong').amount).toMatchObject({ value: 500 });
    expect(later.chains.get('cn-530627')).toEqual(['cn-530627', 'cn-yn-zhaotong-zhenxiong', 'cn-yn-zhaotong', 'cn-yn', 'cn']);
  });

  it('lists the figures a region lacks for its programmes, and drops one once entered', () => {
    const lacking = missingFigures(cp, 'cn-530627', DATE);
    expect(lacking).toEqual(expect.arrayContaining(['dibao.standard.urban', 'dibao.standard.rural', 'tekun.basicStandard']));
    expect(missingFigures(cp, 'cn-gd-jiangmen', DATE)).not.toContain('dibao.standard.rural');
    expect(missingFigures(withFigures(cp, [figure()]), 'cn-530627', DATE)).not.toContain('dibao.standard.rural');
  });
});
