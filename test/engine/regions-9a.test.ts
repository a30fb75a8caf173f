/**
 * Region files added under 昭通 (镇雄, 永善, 昭阳) and 赣州 (between 江西 and 龙南): a household saved with a catalogue
 * id before the files existed (cn-530627) evaluates as the new county at once, and 龙南's own figures are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';

const cp = compilePack(loadPackFromDisk());

const elder = (region: string): Household =>
  ({
    format: 'huimin-household', version: 1, region, hukou: 'rural', date: '2025-06-01', assetsMeetLocalRules: 'yes', statuses: ['dibao'], suddenHardship: false,
    members: [{ relation: 'self', sex: 'female', age: 82, work: 'retired', income: {}, disability: { certificate: false }, legalSupporters: 'able', onlyChild: 'none', fpSurgeryComplication: 0, statuses: [] }],
  }) as Household;

describe('county regions under 昭通 and 赣州 (issue 9, item 7)', () => {
  it('a household saved as cn-530627 (镇雄 by its code) gets the 镇雄 file: the old-age allowance is evaluated', () => {
    expect(cp.chains.get('cn-530627')).toEqual(['cn-530627', 'cn-yn-zhaotong-zhenxiong', 'cn-yn-zhaotong', 'cn-yn', 'cn']);
    const r = evaluate(elder('cn-530627'), cp, { date: '2025-06-01' });
    expect(r.programs.find((p) => p.id === 'elderly-allowance')?.status).toBe('eligible');
  });

  it('永善 (cn-530625) and 彝良 (cn-530628, no file) get no old-age allowance: the seed states it for 镇雄 only', () => {
    expect(cp.chains.get('cn-530625')).toEqual(['cn-530625', 'cn-yn-zhaotong-yongshan', 'cn-yn-zhaotong', 'cn-yn', 'cn']);
    for (const region of ['cn-530625', 'cn-530628', 'cn-530602']) {
      expect(evaluate(elder(region), cp, { date: '2025-06-01' }).programs.find((p) => p.id === 'elderly-allowance'), region).toBeUndefined();
    }
  });

  it('龙南 sits under 赣州; another 赣州 county (瑞金, cn-360781) gets Jiangxi rules through the city', () => {
    expect(cp.chains.get('cn-jx-ganzhou-longnan')).toEqual(['cn-jx-ganzhou-longnan', 'cn-jx-ganzhou', 'cn-jx', 'cn']);
    expect(cp.chains.get('cn-360781')).toEqual(['cn-360781', 'cn-jx-ganzhou', 'cn-jx', 'cn']);
    const dibao = evaluate({ ...elder('cn-jx-ganzhou-longnan'), statuses: [] }, cp, { date: '2019-10-01' }).programs.find((p) => p.id === 'dibao')!;
    expect(dibao.status).toBe('eligible');
    expect(dibao.amount).toEqual({ value: 385, period: 'month', exactness: 'exact' }); // seed 001 表2-1 农村：385
  });
});
