/**
 * Figures past their horizon (DatedValue.horizon): still used, and the result says so — per programme
 * (pastHorizon) and per figure in the explanation. A figure entered on the device has no horizon of its own.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { withFigures } from '../../src/engine/overlay';

const cp = compilePack(loadPackFromDisk());

function household(region: string, hukou: 'urban' | 'rural' = 'rural'): Household {
  return {
    format: 'huimin-household',
    version: 1,
    region,
    hukou,
    assetsMeetLocalRules: 'yes',
    statuses: [],
    members: [{ relation: 'self', age: 45, work: 'unemployed', income: { pension: 300 }, disability: { certificate: false }, legalSupporters: 'able', statuses: [] }],
  } as unknown as Household;
}

const dibao = (c: typeof cp, region: string, date: string, explain = true) =>
  evaluate(household(region), c, { date, explain }).programs.find((p) => p.id === 'dibao')!;

describe('figures past their horizon', () => {
  it('marks Jiangmen 低保 in 2026 (2025 standards) and not in 2025, with or without explanations', () => {
    for (const explain of [true, false]) {
      expect(dibao(cp, 'cn-gd-jiangmen', '2026-06-01', explain).pastHorizon?.horizon).toBe('2025-12-31');
      expect(dibao(cp, 'cn-gd-jiangmen', '2025-06-01', explain).pastHorizon).toBeUndefined();
    }
    expect(dibao(cp, 'cn-gd-jiangmen', '2026-06-01').amount).toEqual({ value: 650, period: 'month', exactness: 'exact' });
  });

  it('marks each figure in the explanation with its horizon, and the ones past it', () => {
    const f = dibao(cp, 'cn-gd-jiangmen', '2026-06-01').figures!.find((x) => x.id === 'dibao.standard.rural')!;
    expect(f).toMatchObject({ value: 950, horizon: '2025-12-31', pastHorizon: true });
    const g = dibao(cp, 'cn-gd-jiangmen', '2025-06-01').figures!.find((x) => x.id === 'dibao.standard.rural')!;
    expect(g.horizon).toBe('2025-12-31');
    expect(g.pastHorizon).toBeUndefined();
  });

  it('a figure entered on the device for 2026 has no horizon: the mark goes', () => {
    const over = withFigures(cp, [
      { id: 'f1', region: 'cn-gd-jiangmen', code: '440700', param: 'dibao.standard.rural', from: '2026-01-01', value: 1000, strength: 'local', entered: { at: '2026-12-02', source: '江门市民政局 2026年 公告' } },
      { id: 'f2', region: 'cn-gd-jiangmen', code: '440700', param: 'dibao.standard.urban', from: '2026-01-01', value: 1000, strength: 'local', entered: { at: '2026-12-02', source: '江门市民政局 2026年 公告' } },
    ]);
    const p = dibao(over, 'cn-gd-jiangmen', '2026-06-01');
    expect(p.amount).toEqual({ value: 700, period: 'month', exactness: 'exact' });
    expect(p.pastHorizon).toBeUndefined();
    expect(p.figures!.find((x) => x.id === 'dibao.standard.rural')!.pastHorizon).toBeUndefined();
    // Only one of the two entered: the other shipped figure is still past its horizon.
    const half = withFigures(cp, [{ id: 'f1', region: 'cn-gd-jiangmen', code: '440700', param: 'dibao.standard.rural', from: '2026-01-01', value: 1000, strength: 'local', entered: { at: '2026-12-02', source: 'x' } }]);
    expect(dibao(half, 'cn-gd-jiangmen', '2026-06-01').pastHorizon?.figures).toEqual(['dibao.standard.urban']);
  });

  it('national rules have no horizon', () => {
    const r = evaluate(household('cn-gd-jiangmen'), cp, { date: '2030-01-01' });
    const ages = r.programs.flatMap((p) => p.figures ?? []).filter((f) => f.id === 'tekun.oldAge');
    expect(ages.length).toBeGreaterThan(0);
    for (const f of ages) expect(f.horizon).toBeUndefined();
  });
});
