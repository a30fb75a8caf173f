/**
 * Generated households for the engine benchmark: deterministic, spread over regions, ages, incomes and answers.
 * They carry the answers the wizard asks for (work, disability, illness, supporters…), with a share left "not sure"
 * or unanswered where people often do not know (assets, supporters), so undetermined paths are exercised too.
 */
import type { Household, Member } from '../engine/household';

/** Deterministic PRNG (mulberry32) so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const REGIONS = ['cn-gd-jiangmen', 'cn-jx-ganzhou-longnan', 'cn-jx-shangrao', 'cn-yn-zhaotong', 'cn'];

export function household(r: () => number): Household {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = 1 + Math.floor(r() * 5);
  const members: Member[] = [];
  for (let i = 0; i < n; i++) {
    const age = i === 0 ? 20 + Math.floor(r() * 70) : Math.floor(r() * 90);
    const disabled = r() < 0.15;
    members.push({
      relation: i === 0 ? 'self' : pick(['spouse', 'child', 'parent', 'grandchild'] as const),
      sex: pick(['female', 'male'] as const),
      age,
      work: age < 6 ? 'preschool' : age < 18 ? 'student' : age >= 60 ? 'retired' : pick(['employed', 'unemployed', 'unable'] as const),
      income: r() < 0.9 ? { wages: Math.floor(r() * 2500), residentsBasicPension: age >= 60 ? 150 : 0 } : undefined,
      disability: disabled ? { certificate: true, grade: pick([1, 2, 3, 4] as const), kind: pick(['physical', 'intellectual', 'visual'] as const), needsLongTermCare: r() < 0.5 } : { certificate: false },
      seriousIllness: r() < 0.08,
      workInjuryCareAllowance: disabled ? r() < 0.05 : undefined,
      legalSupporters: r() < 0.1 ? undefined : pick(['none', 'unable', 'able', 'able'] as const),
      insurance: pick(['residents', 'employees'] as const),
      school: age >= 6 && age < 18 ? { stage: age < 12 ? 'primary' : age < 15 ? 'junior' : 'senior', boarding: r() < 0.3, rural: r() < 0.5 } : undefined,
      father: age < 18 ? pick(['present', 'dead', 'prison'] as const) : undefined,
      mother: age < 18 ? pick(['present', 'dead', 'missing'] as const) : undefined,
      onlyChild: 'none',
      fpSurgeryComplication: 0,
      statuses: [],
    });
  }
  return {
    version: 1,
    region: pick(REGIONS),
    hukou: pick(['urban', 'rural'] as const),
    assetsMeetLocalRules: pick(['yes', 'yes', 'no', 'unsure'] as const),
    statuses: [],
    suddenHardship: r() < 0.1,
    members,
  };
}

export function generateHouseholds(n: number, seed: number): Household[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => household(r));
}
