/**
 * The validator's quick check (isValidHousehold) must say yes exactly when the full check finds no problem, and
 * validateHousehold must give the full check's verdict and every one of its messages: on generated valid households
 * and on the same households broken at random places (fields set to wrong types, out-of-range values, unknown keys,
 * removed required answers).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHouseholds } from '../../src/build/bench-households';
import { checkHousehold, isValidHousehold, validateHousehold } from '../../src/engine/validate';

const REGIONS = ['cn', 'cn-gd-jiangmen', 'cn-jx-ganzhou-longnan', 'cn-jx-shangrao', 'cn-yn-zhaotong'];
const base = generateHouseholds(300, 5).map((h, i) => {
  const x = structuredClone(h) as unknown as Record<string, unknown>;
  // Fields the generator leaves out, so they are checked (and broken) too.
  if (i % 3 === 0) Object.assign(x, { date: '2025-08-01', housing: 'lacking', format: 'huimin-household', statuses: ['dibao'] });
  const m = (x.members as Record<string, unknown>[])[0]!;
  if (i % 4 === 0) Object.assign(m, { id: 'a', name: '张三', birthDate: '1960-02-29', away: 'none', selfCare: { eating: true, bathing: false }, hivInfected: false, preEmploymentTraining: true, orphanCare: 'relatives', hospitalBill: { inPolicyCost: 5000, selfPaid: 1200 }, allowanceReceived: 300, statuses: ['tekun'] });
  if (i % 5 === 0) (x.members as Record<string, unknown>[]).push({ relation: 'child', age: 4, school: { stage: 'preschool', inclusive: true } });
  return x;
});

const TRICKY: unknown[] = [
  undefined, null, true, false, 0, -1, 1, 2, 4, 5, 1.5, 130, 131, 1e9, Number.NaN, '', 'x', 'urban', 'yes', 'self', 'none', 'dibao',
  'preschool', '2025-02-30', '2024-02-29', [], ['dibao'], ['x'], {}, { certificate: true }, { stage: 'primary' }, 'cn-530627', 'cn-1',
];

/** Every path (array of keys) to a value inside the household. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(x, p, out);
    }
  }
  return out;
}

function mutate(h: Record<string, unknown>, path: (string | number)[], value: unknown, addKey: string | null): unknown {
  const x = structuredClone(h) as Record<string | number, unknown>;
  let o = x as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (addKey) (o as Record<string, unknown>)[addKey] = value;
  else if (value === undefined) delete o[last];
  else o[last] = value;
  return x;
}

describe('validation: the quick check and the full check agree', () => {
  it('generated households are valid by both', () => {
    for (const h of base) {
      expect(checkHousehold(h, REGIONS).ok).toBe(true);
      expect(isValidHousehold(h, REGIONS)).toBe(true);
    }
  });

  it('households broken at random places: the same verdict, and validateHousehold gives every message of the full check', () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(10_000), fc.nat(TRICKY.length - 1), fc.option(fc.constantFrom('extra', 'grade', 'inclusive', 'stage', 'wages', 'eating', 'age')), fc.boolean(), (hi, pi, vi, addKey, withRegions) => {
        const h = base[hi]!;
        const all = paths(h);
        const x = mutate(h, all[pi % all.length]!, TRICKY[vi], addKey);
        const regions = withRegions ? REGIONS : undefined;
        const full = checkHousehold(x, regions);
        expect(isValidHousehold(x, regions)).toBe(full.ok);
        expect(validateHousehold(x, regions)).toEqual(full);
        if (!full.ok) invalid++;
      }),
      { numRuns: 4000, seed: 7 },
    );
    // Most mutations break something: the test is about invalid input as much as valid.
    expect(invalid).toBeGreaterThan(1500);
  });

  it('non-objects, empty and overfull member lists, holes', () => {
    const ok = base[0]!;
    const members = ok.members as unknown[];
    const cases: unknown[] = [null, [], 'x', 1, { ...ok, members: [] }, { ...ok, members: Array.from({ length: 31 }, () => members[0]) }, { ...ok, members: Array.from({ length: 30 }, () => members[0]) }, { ...ok, version: 2 }, { ...ok, region: 'nowhere' }];
    const sparse = [...members];
    sparse.length = members.length + 2;
    sparse[members.length + 1] = members[0];
    cases.push({ ...ok, members: sparse });
    for (const x of cases) {
      const full = checkHousehold(x, REGIONS);
      expect(isValidHousehold(x, REGIONS)).toBe(full.ok);
      expect(validateHousehold(x, REGIONS)).toEqual(full);
    }
  });
});
