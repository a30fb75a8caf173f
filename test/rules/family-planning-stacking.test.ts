/**
 * 计划生育 特别扶助 and 并发症扶助 for one person: the sources do not say whether both are paid, so the amount is the
 * range "the higher one … both added up" with the question named as unknown — and an office that knows its rule
 * enters it (a local figure, familyPlanning.bothRoutesPaid) to get one exact amount.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { missingFigures, withFigures, type LocalFigure } from '../../src/engine/overlay';

const cp = compilePack(loadPackFromDisk());
const DATE = '2025-06-01';
const mother: Household = {
  version: 1,
  region: 'cn-jx-shangrao',
  members: [{ relation: 'self', sex: 'female', age: 60, work: 'retired', income: { pension: 1500 }, onlyChild: 'died', fpSurgeryComplication: 3 }],
} as Household;
const fp = (c: typeof cp) => evaluate(mother, c, { date: DATE }).programs.find((p) => p.id === 'family-planning')!;
const entered = (value: boolean): LocalFigure => ({
  id: 'fp-both',
  region: 'cn-jx-shangrao',
  code: '361100',
  param: 'familyPlanning.bothRoutesPaid',
  from: '2021-01-01',
  value,
  strength: 'local',
  entered: { at: '2026-12-03', source: '上饶市卫健委 答复' },
});

describe('both kinds of family-planning assistance', () => {
  it('shipped rules: 450–650 a month, the stacking question named as set locally', () => {
    const p = fp(cp);
    expect(p.amount).toEqual({ min: 450, max: 650, period: 'month', exactness: 'exact' });
    expect(p.unknownFigures).toEqual(['familyPlanning.bothRoutesPaid']);
    expect(missingFigures(cp, 'cn-jx-shangrao', DATE)).toContain('familyPlanning.bothRoutesPaid');
  });

  it('an office enters "both are paid": 650 exact; "one of them": the higher, 450', () => {
    expect(fp(withFigures(cp, [entered(true)])).amount).toEqual({ value: 650, period: 'month', exactness: 'exact' });
    expect(fp(withFigures(cp, [entered(false)])).amount).toEqual({ value: 450, period: 'month', exactness: 'exact' });
    expect(fp(withFigures(cp, [entered(false)])).unknownFigures).toEqual([]);
  });
});
