/** The value algebra: Kleene logic, interval numbers for 约 figures, floors and ranges, and why-unknown tracking. */
import { describe, expect, it } from 'vitest';
import {
  add, and, approxNumber, compare, equals, floor, hull, isRange, isUnknown, max, memberOf, mul, not, or, range, sub,
  unknown, type Val,
} from '../../src/engine/values';

const U = (m: string) => unknown([m]);

describe('three-valued logic', () => {
  it('and: false wins over unknown, unknown over true', () => {
    expect(and(true, true)).toBe(true);
    expect(and(false, U('a'))).toBe(false);
    expect(and(U('a'), false)).toBe(false);
    const u = and(true, U('a'));
    expect(isUnknown(u) && u.missing).toEqual(['a']);
    const both = and(U('a'), U('b'));
    expect(isUnknown(both) && [...both.missing].sort()).toEqual(['a', 'b']);
  });
  it('or: true wins over unknown, unknown over false', () => {
    expect(or(false, false)).toBe(false);
    expect(or(true, U('a'))).toBe(true);
    expect(or(U('a'), true)).toBe(true);
    expect(isUnknown(or(false, U('a')))).toBe(true);
  });
  it('not keeps unknown unknown', () => {
    expect(not(true)).toBe(false);
    const u = U('x');
    expect(not(u)).toBe(u);
  });
});

describe('comparisons keep the document’s words', () => {
  it('低于 is strict', () => {
    expect(compare('<', 949, 950)).toBe(true);
    expect(compare('<', 950, 950)).toBe(false);
    expect(compare('<=', 950, 950)).toBe(true);
    expect(compare('>=', 60, 60)).toBe(true);
    expect(compare('>', 60, 60)).toBe(false);
  });
  it('an approximate single figure (约1030) compares as that figure', () => {
    expect(compare('<', 1000, approxNumber(1030))).toBe(true);
    expect(compare('<', 1030, approxNumber(1030))).toBe(false);
  });
  it('a range decides only when every value in it agrees', () => {
    const standard = range(385, 640);
    expect(compare('<', 300, standard)).toBe(true);
    expect(compare('<', 700, standard)).toBe(false);
    expect(isUnknown(compare('<', 500, standard))).toBe(true);
  });
  it('a floor (不低于) decides from below', () => {
    expect(compare('<', 100, floor(1235))).toBe(true);
    expect(isUnknown(compare('<', 2000, floor(1235)))).toBe(true);
  });
  it('unknown on either side is unknown, with both sides’ reasons', () => {
    const r = compare('<', U('income'), unknown([], ['dibao.standard']));
    expect(isUnknown(r) && r.missing).toEqual(['income']);
    expect(isUnknown(r) && r.params).toEqual(['dibao.standard']);
  });
  it('equality and membership', () => {
    expect(equals('urban', 'urban')).toBe(true);
    expect(equals('urban', 'rural')).toBe(false);
    expect(isUnknown(equals(U('hukou'), 'urban'))).toBe(true);
    expect(memberOf('dead', ['dead', 'missing'])).toBe(true);
    expect(memberOf('present', ['dead', 'missing'])).toBe(false);
  });
});

describe('arithmetic over uncertain numbers', () => {
  it('exact numbers stay plain numbers', () => {
    expect(add(1, 2)).toBe(3);
    expect(mul(sub(950, 500), 2)).toBe(900);
  });
  it('approximation propagates', () => {
    const v = mul(sub(approxNumber(1030), 30), 1) as Val;
    expect(isRange(v) && v.approx && v.lo === 1000 && v.hi === 1000).toBe(true);
  });
  it('ranges widen correctly, keeping what would narrow them', () => {
    const std = range(385, 640, false, ['hukou']);
    const v = sub(std, 300);
    expect(isRange(v) && [v.lo, v.hi, v.missing]).toEqual([85, 340, ['hukou']]);
  });
  it('max can be known even when one side is a range', () => {
    expect(max(0.9, range(0.5, 0.8))).toBe(0.9);
    expect(isRange(max(0.85, range(0.5, 0.9)))).toBe(true);
  });
  it('hull of two equal values is known even when the condition is not', () => {
    expect(hull(950, 950, U('hukou'))).toBe(950);
    const h = hull(640, 385, U('hukou'));
    expect(isRange(h) && [h.lo, h.hi, h.missing]).toEqual([385, 640, ['hukou']]);
  });
  it('unknown arithmetic stays unknown and never becomes 0', () => {
    const v = add(unknown([], ['p']), 5);
    expect(isUnknown(v)).toBe(true);
  });
});
