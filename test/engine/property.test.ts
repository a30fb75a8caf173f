/**
 * Property-based tests (fast-check): random and malformed households never make the engine throw — every input gets
 * either a validation error naming a field, or a report — and a few things that must hold for any household.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import {
  ASSETS, AWAY, DISABILITY_KINDS, HOUSEHOLD_STATUSES, HOUSING, HUKOU, INCOME_KINDS, INSURANCE, ONLY_CHILD, PARENT_SITUATIONS,
  PERSON_STATUSES, RELATIONS, SCHOOL_STAGES, SEX, SUPPORTERS, WORK, type Household,
} from '../../src/engine/household';
import { validateHousehold } from '../../src/engine/validate';

const cp = compilePack(loadPackFromDisk());
const regions = Object.keys(cp.pack.regions);

const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const money = fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.double({ min: 0, max: 20_000, noNaN: true }));

const member = fc.record(
  {
    relation: fc.constantFrom(...RELATIONS),
    sex: maybe(fc.constantFrom(...SEX)),
    age: maybe(fc.integer({ min: 0, max: 110 })),
    away: maybe(fc.constantFrom(...AWAY)),
    work: maybe(fc.constantFrom(...WORK)),
    income: maybe(fc.dictionary(fc.constantFrom(...INCOME_KINDS), money, { maxKeys: 4 })),
    disability: maybe(
      fc.record(
        { certificate: fc.boolean(), grade: maybe(fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>), kind: maybe(fc.constantFrom(...DISABILITY_KINDS)), needsLongTermCare: maybe(fc.boolean()) },
        { requiredKeys: ['certificate'] },
      ),
    ),
    school: maybe(fc.record({ stage: fc.constantFrom(...SCHOOL_STAGES), boarding: maybe(fc.boolean()), rural: maybe(fc.boolean()), inclusive: maybe(fc.boolean()) }, { requiredKeys: ['stage'] })),
    father: maybe(fc.constantFrom(...PARENT_SITUATIONS)),
    mother: maybe(fc.constantFrom(...PARENT_SITUATIONS)),
    seriousIllness: maybe(fc.boolean()),
    hivInfected: maybe(fc.boolean()),
    preEmploymentTraining: maybe(fc.boolean()),
    legalSupporters: maybe(fc.constantFrom(...SUPPORTERS)),
    workInjuryCareAllowance: maybe(fc.boolean()),
    onlyChild: maybe(fc.constantFrom(...ONLY_CHILD)),
    fpSurgeryComplication: maybe(fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>),
    insurance: maybe(fc.constantFrom(...INSURANCE)),
    hospitalBill: maybe(fc.record({ inPolicyCost: maybe(fc.integer({ min: 0, max: 500_000 })) }, { requiredKeys: [] })),
    allowanceReceived: maybe(fc.integer({ min: 0, max: 3000 })),
    statuses: maybe(fc.subarray([...PERSON_STATUSES])),
  },
  { requiredKeys: ['relation'] },
);

const household: fc.Arbitrary<Household> = fc.record(
  {
    version: fc.constant(1 as const),
    region: fc.constantFrom(...regions),
    hukou: maybe(fc.constantFrom(...HUKOU)),
    members: fc.array(member, { minLength: 1, maxLength: 6 }),
    assetsMeetLocalRules: maybe(fc.constantFrom(...ASSETS)),
    statuses: maybe(fc.subarray([...HOUSEHOLD_STATUSES])),
    suddenHardship: maybe(fc.boolean()),
    housing: maybe(fc.constantFrom(...HOUSING)),
  },
  { requiredKeys: ['version', 'region', 'members'] },
) as fc.Arbitrary<Household>;

const date = fc.date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Remove undefined keys, as JSON would. */
const clean = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('random households', () => {
  it('are valid and always get a complete report', () => {
    fc.assert(
      fc.property(household, date, (h0, d) => {
        const h = clean(h0);
        const v = validateHousehold(h, regions);
        expect(v.ok, JSON.stringify(!v.ok && v.errors)).toBe(true);
        const r = evaluate(h, cp, { date: d });
        expect(r.programs.length).toBeGreaterThan(10);
        for (const p of r.programs) {
          expect(['eligible', 'ineligible', 'undetermined']).toContain(p.status);
          if (p.status === 'ineligible') expect(p.amount).toBeNull();
          if (p.status === 'undetermined') expect(p.missing.length + p.unknownFigures.length + (hasDiscretion(p.members?.flatMap((m) => m.reasons ?? []) ?? p.reasons) ? 1 : 0)).toBeGreaterThan(0);
          for (const m of p.missing) expect(m).toMatch(/^(hukou|assetsMeetLocalRules|statuses|suddenHardship|housing|members\[\d+\]\.[A-Za-z.]+)$/);
        }
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('give the same verdicts with explanations on or off', () => {
    fc.assert(
      fc.property(household, (h0) => {
        const h = clean(h0);
        const a = evaluate(h, cp, { date: '2025-08-01' });
        const b = evaluate(h, cp, { date: '2025-08-01', explain: false });
        expect(b.programs.map((p) => [p.id, p.status, p.amount, p.missing])).toEqual(a.programs.map((p) => [p.id, p.status, p.amount, p.missing]));
        expect(b.totals).toEqual(a.totals);
      }),
      { numRuns: 200 },
    );
  });

  it('more wages never turn dibao from not eligible into eligible', () => {
    fc.assert(
      fc.property(household, fc.integer({ min: 1, max: 3000 }), (h0, raise) => {
        const h = clean(h0);
        const richer: Household = { ...h, members: h.members.map((m, i) => (i === 0 ? { ...m, income: { ...(m.income ?? {}), wages: (m.income?.wages ?? 0) + raise } } : m)) };
        const before = evaluate(h, cp, { date: '2025-08-01', explain: false }).programs.find((p) => p.id === 'dibao')!;
        const after = evaluate(richer, cp, { date: '2025-08-01', explain: false }).programs.find((p) => p.id === 'dibao')!;
        if (before.status === 'ineligible' && h.members[0]!.income) expect(after.status).not.toBe('eligible');
      }),
      { numRuns: 200 },
    );
  });
});

function hasDiscretion(reasons: { discretionary?: boolean; children?: unknown[] }[] | undefined): boolean {
  return (reasons ?? []).some((r) => r.discretionary === true || hasDiscretion(r.children as never));
}

describe('malformed input', () => {
  it('never throws: anything gets a list of errors naming a field in both languages, or passes', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withSet: true }), (x) => {
        const v = validateHousehold(x, regions);
        if (!v.ok) {
          expect(v.errors.length).toBeGreaterThan(0);
          for (const e of v.errors) {
            expect(typeof e.path).toBe('string');
            expect(e.zh.length).toBeGreaterThan(0);
            expect(e.en.length).toBeGreaterThan(0);
          }
        } else {
          expect(() => evaluate(v.household, cp, { date: '2025-08-01' })).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('households with one field broken are refused with that field’s path', () => {
    const breakers: [string, (h: Record<string, unknown>) => void][] = [
      ['members[0].age', (h) => ((h.members as Record<string, unknown>[])[0]!.age = -3)],
      ['members[0].income.wages', (h) => ((h.members as Record<string, unknown>[])[0]!.income = { wages: 'lots' })],
      ['hukou', (h) => (h.hukou = 'city')],
      ['date', (h) => (h.date = '2025-02-30')],
      ['members[0].disability.grade', (h) => ((h.members as Record<string, unknown>[])[0]!.disability = { certificate: true, grade: 7 })],
      ['members', (h) => (h.members = [])],
      ['region', (h) => (h.region = 'cn-xx')],
    ];
    fc.assert(
      fc.property(household, fc.constantFrom(...breakers), (h0, [path, breakIt]) => {
        const h = clean(h0) as unknown as Record<string, unknown>;
        breakIt(h);
        const v = validateHousehold(h, regions);
        expect(v.ok).toBe(false);
        if (!v.ok) expect(v.errors.map((e) => e.path)).toContain(path);
      }),
      { numRuns: 100 },
    );
  });
});
