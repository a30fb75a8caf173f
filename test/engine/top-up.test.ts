/**
 * Jiangxi's 补差 (seed 002 专栏1-8) with a known figure: 困境儿童 and 事实无人抚养儿童 are both topped up to the
 * scattered-orphan standard — the amount is that standard minus what the child already receives. The sources give
 * no Jiangxi figure, so a figure is entered the way an office would (a local figure for Shangrao), and the formula
 * is checked on it; Jiangmen's de-facto standard (seed 004: 2375) is paid in full whatever the child receives.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { withFigures } from '../../src/engine/overlay';

const cp = compilePack(loadPackFromDisk());
const DATE = '2025-08-01';
/** A scattered-orphan standard entered on the device for Shangrao (the test's own figure, not a rule's). */
const shangrao = withFigures(cp, [
  { id: 'f1', region: 'cn-jx-shangrao', code: '361100', param: 'orphan.standard.scattered', from: '2025-01-01', value: 1300, strength: 'local', entered: { at: '2026-12-02', source: 'test figure' } },
]);

function household(region: string, child: Record<string, unknown>, statuses: string[] = []): Household {
  return {
    format: 'huimin-household', version: 1, region, hukou: 'rural', date: DATE, assetsMeetLocalRules: 'yes', statuses, suddenHardship: false,
    members: [
      { relation: 'self', sex: 'female', age: 40, work: 'unable', income: {}, disability: { certificate: false }, legalSupporters: 'able', onlyChild: 'none', fpSurgeryComplication: 0, statuses: [] },
      { relation: 'child', sex: 'male', age: 10, work: 'student', school: { stage: 'primary', boarding: false, rural: true }, income: {}, legalSupporters: 'able', onlyChild: 'none', fpSurgeryComplication: 0, statuses: [], ...child },
    ],
  } as Household;
}

const child = (h: Household, c: typeof cp, id: string) => evaluate(h, c, { date: DATE }).programs.find((p) => p.id === id)!.members!.find((m) => m.index === 1)!;

describe('补差 to the scattered-orphan standard (seed 002 专栏1-8)', () => {
  it('困境儿童: a severely disabled child in a 低保 household receiving ¥300 is topped up by ¥1,000 (¥1,300 − ¥300)', () => {
    const h = household('cn-jx-shangrao', { disability: { certificate: true, grade: 1, kind: 'physical', needsLongTermCare: true }, father: 'present', mother: 'present', allowanceReceived: 300 }, ['dibao']);
    expect(child(h, shangrao, 'distressed-child')).toMatchObject({ status: 'eligible', amount: { value: 1000, period: 'month', exactness: 'exact' } });
  });

  it('事实无人抚养儿童 in Jiangxi: the same top-up (¥1,300 − ¥500 = ¥800), never the full standard', () => {
    const h = household('cn-jx-shangrao', { disability: { certificate: false }, father: 'prison', mother: 'dead', allowanceReceived: 500 });
    expect(child(h, shangrao, 'de-facto-orphan')).toMatchObject({ status: 'eligible', amount: { value: 800, period: 'month', exactness: 'exact' } });
    // without the figure the amount is set locally, never a number
    expect(child(h, cp, 'de-facto-orphan').amount).toEqual({ period: 'month', exactness: 'unknown' });
  });

  it('Jiangmen pays the de-facto standard in full (seed 004: 2375), whatever the child already receives', () => {
    const h = household('cn-gd-jiangmen', { disability: { certificate: false }, father: 'prison', mother: 'dead', allowanceReceived: 500 });
    expect(child(h, cp, 'de-facto-orphan')).toMatchObject({ status: 'eligible', amount: { value: 2375, period: 'month', exactness: 'exact' } });
  });
});
