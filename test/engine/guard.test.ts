/**
 * Issue 13: `evaluate` guards itself. Random *unvalidated* input (valid households with random fields replaced by
 * junk) either gets a report or a typed InvalidHouseholdError naming the path in both languages — never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { generateHouseholds } from '../../src/build/bench-households';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate, InvalidHouseholdError } from '../../src/engine/evaluate';
import { MEMBER_KEYS, HOUSEHOLD_KEYS } from '../../src/engine/validate';

const cp = compilePack(loadPackFromDisk());

/** Small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK: unknown[] = [null, undefined, 'abc', '', 0, -1, 1e12, NaN, true, false, [], [null], ['x'], {}, { a: 1 }, '2025-13-45', [1, 2], 'dibao'];
const NESTED: Record<string, string[]> = {
  income: ['wages', 'pension', 'other'],
  disability: ['certificate', 'grade', 'kind'],
  selfCare: ['eating', 'bathing'],
  school: ['stage', 'boarding'],
  hospitalBill: ['inPolicyCost', 'selfPaid'],
};

function mutate(h: Record<string, unknown>, r: () => number): unknown {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const junk = () => structuredClone(pick(JUNK));
  const roll = r();
  if (roll < 0.02) return junk(); // not even an object
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const where = r();
    const members = h.members as Record<string, unknown>[];
    if (where < 0.25 || !Array.isArray(members) || members.length === 0) {
      h[pick(HOUSEHOLD_KEYS.filter((k) => k !== 'region'))] = junk();
    } else if (where < 0.35) {
      members[Math.floor(r() * members.length)] = junk() as Record<string, unknown>;
    } else {
      const m = members[Math.floor(r() * members.length)];
      if (typeof m !== 'object' || m === null) continue;
      const key = pick(MEMBER_KEYS);
      if (NESTED[key] && r() < 0.5 && typeof m[key] === 'object' && m[key] !== null) (m[key] as Record<string, unknown>)[pick(NESTED[key]!)] = junk();
      else m[key] = junk();
    }
  }
  return h;
}

describe('evaluate on unvalidated input', () => {
  it('20,000 random damaged households: a report or an InvalidHouseholdError, never a TypeError', () => {
    const base = generateHouseholds(500, 7);
    const r = rng(13);
    const failures: string[] = [];
    let guarded = 0;
    for (let i = 0; i < 20_000; i++) {
      const h = mutate(structuredClone(base[i % base.length]!) as unknown as Record<string, unknown>, r);
      try {
        evaluate(h as never, cp, { date: '2025-08-01', explain: i % 2 === 0 });
      } catch (e) {
        if (e instanceof InvalidHouseholdError) {
          guarded++;
          expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
          expect(e.en).toContain(e.path || 'the top');
          continue;
        }
        if (failures.length < 5) failures.push(`${String(e)} for ${JSON.stringify(h)?.slice(0, 300)}`);
        else failures.push('');
      }
    }
    expect(failures.filter(Boolean), `${failures.length} of 20,000 threw something else`).toEqual([]);
    expect(guarded).toBeGreaterThan(1000); // the mutations do reach the shapes the guard checks
  });

  it('names the path: a null member, members "abc", statuses not a list', () => {
    const [h] = generateHouseholds(1, 1);
    const cases: [unknown, string][] = [
      [{ ...h, members: [null] }, 'members[0]'],
      [{ ...h, members: 'abc' }, 'members'],
      [{ ...h, statuses: 'dibao' }, 'statuses'],
      [{ ...h, members: [{ ...h!.members[0], income: 5 }] }, 'members[0].income'],
    ];
    for (const [bad, path] of cases) {
      expect(() => evaluate(bad as never, cp, { date: '2025-08-01' })).toThrow(InvalidHouseholdError);
      try {
        evaluate(bad as never, cp, { date: '2025-08-01' });
      } catch (e) {
        expect((e as InvalidHouseholdError).path).toBe(path);
        expect((e as InvalidHouseholdError).message).toContain(path);
      }
    }
  });
});
