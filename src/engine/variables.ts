/**
 * The variables rules can read: the only bridge between the household format and the rule files.
 * Each variable knows its scope (household or person), its unit (for explanations) and which question decides it
 * (the input path an undetermined verdict names). Rule files refer to these by name; the build rejects any other.
 */
import type { Household, Member } from './household';
import { memberAge } from './age';
import { DAILY_ACTIVITIES } from './household';
import type { Unit } from './pack';
import { NOT_APPLICABLE, range, unknown, type Val } from './values';

export interface VarCtx {
  readonly household: Household;
  /** Evaluation date as [year, month, day]. */
  readonly ymd: readonly [number, number, number];
}

export interface VariableDef {
  scope: 'household' | 'person';
  unit: Unit | 'enum' | 'bool';
  compute: (ctx: VarCtx, member: Member | undefined, index: number) => Val;
}

/**
 * Input paths and their "missing" values are made once and reused: the engine asks for them on every evaluation,
 * and building strings in the hot loop costs more than the rules themselves.
 */
const pathCache = new Map<string, string[]>();
export function memberPath(i: number, field: string): string {
  let row = pathCache.get(field);
  if (!row) {
    row = [];
    pathCache.set(field, row);
  }
  return (row[i] ??= `members[${i}].${field}`);
}
const mp = memberPath;
const missingCache = new Map<string, Val>();
export function missingAt(path: string): Val {
  let v = missingCache.get(path);
  if (!v) {
    v = Object.freeze(unknown([path]));
    missingCache.set(path, v);
  }
  return v;
}

/*
 * Each variable reads its field with its own small function (`(m) => m.sex`), not `m[key]` in one shared function:
 * a shared function sees every key and becomes a slow generic lookup, a dedicated one is a single fast field read.
 */
function field(key: keyof Member, get: (m: Member) => unknown): VariableDef {
  return {
    scope: 'person',
    unit: 'enum',
    compute: (_c, m, i) => {
      const v = m ? get(m) : undefined;
      return v === undefined || v === 'unsure' ? missingAt(mp(i, key)) : (v as Val);
    },
  };
}

function flag(key: keyof Member, get: (m: Member) => boolean | undefined): VariableDef {
  return {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m, i) => {
      const v = m ? get(m) : undefined;
      return typeof v === 'boolean' ? v : missingAt(mp(i, key));
    },
  };
}

type Disability = NonNullable<Member['disability']>;
type School = NonNullable<Member['school']>;

/** A disability detail: not applicable (and so never asked) when the person has no certificate. */
function disabilityDetail(key: 'grade' | 'kind' | 'mainKind' | 'needsLongTermCare', unit: VariableDef['unit'], get: (d: Disability) => Val | undefined): VariableDef {
  const path = `disability.${key}`;
  return {
    scope: 'person',
    unit,
    compute: (_c, m, i) => {
      const d = m?.disability;
      if (!d) return missingAt(mp(i, 'disability'));
      if (!d.certificate) return NOT_APPLICABLE;
      const v = get(d);
      return v === undefined ? missingAt(mp(i, path)) : v;
    },
  };
}

function schoolDetail(key: 'boarding' | 'rural', get: (s: School) => boolean | undefined): VariableDef {
  const path = `school.${key}`;
  return {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m, i) => {
      const s = m?.school;
      if (!s) return m?.work !== undefined && m.work !== 'student' ? NOT_APPLICABLE : missingAt(mp(i, m?.work === undefined ? 'work' : 'school'));
      if (s.stage === 'none') return NOT_APPLICABLE;
      const v = get(s);
      return typeof v === 'boolean' ? v : missingAt(mp(i, path));
    },
  };
}

export const VARIABLES: Record<string, VariableDef> = {
  // ── household ────────────────────────────────────────────────────────────
  hukou: {
    scope: 'household',
    unit: 'enum',
    compute: (c) => c.household.hukou ?? missingAt('hukou'),
  },
  assetsMeetLocalRules: {
    scope: 'household',
    unit: 'bool',
    compute: (c) => {
      const a = c.household.assetsMeetLocalRules;
      if (a === 'yes') return true;
      if (a === 'no') return false;
      return missingAt('assetsMeetLocalRules');
    },
  },
  suddenHardship: {
    scope: 'household',
    unit: 'bool',
    compute: (c) => (typeof c.household.suddenHardship === 'boolean' ? c.household.suddenHardship : missingAt('suddenHardship')),
  },
  memberCount: {
    scope: 'household',
    unit: 'count',
    compute: (c) => c.household.members.length,
  },
  /** 'adequate', 'lacking' (住房困难) or 'unsafe' (危房); "not sure" is unknown. */
  housing: {
    scope: 'household',
    unit: 'enum',
    compute: (c) => {
      const v = c.household.housing;
      return v === undefined || v === 'unsure' ? missingAt('housing') : v;
    },
  },

  // ── person ───────────────────────────────────────────────────────────────
  age: {
    scope: 'person',
    unit: 'years',
    compute: (c, m, i) => (m ? memberAge(m, c.ymd) : undefined) ?? missingAt(mp(i, 'age')),
  },
  relation: field('relation', (m) => m.relation),
  sex: field('sex', (m) => m.sex),
  away: {
    scope: 'person',
    unit: 'enum',
    // Not saying where someone lives means they live at home: the wizard only asks about the exceptions.
    compute: (_c, m) => m?.away ?? 'none',
  },
  work: field('work', (m) => m.work),
  disabled: {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m, i) => (m?.disability ? m.disability.certificate : missingAt(mp(i, 'disability'))),
  },
  disabilityGrade: disabilityDetail('grade', 'grade', (d) => d.grade),
  disabilityKind: disabilityDetail('kind', 'enum', (d) => d.kind),
  /**
   * The kind a disability's grade is assessed by: the kind itself, or for a multiple disability (多重残疾) the kind
   * of its most severe component — unknown until that is answered, never "none of the kinds".
   */
  disabilityGradedKind: {
    scope: 'person',
    unit: 'enum',
    compute: (_c, m, i) => {
      const d = m?.disability;
      if (!d) return missingAt(mp(i, 'disability'));
      if (!d.certificate) return NOT_APPLICABLE;
      if (d.kind === undefined) return missingAt(mp(i, 'disability.kind'));
      if (d.kind !== 'multiple') return d.kind;
      return d.mainKind ?? missingAt(mp(i, 'disability.mainKind'));
    },
  },
  needsLongTermCare: disabilityDetail('needsLongTermCare', 'bool', (d) => d.needsLongTermCare),
  /** How many of the six daily activities the person cannot do alone (0–6). */
  selfCareLimitations: {
    scope: 'person',
    unit: 'count',
    compute: (_c, m, i) => {
      const s = m?.selfCare;
      if (!s) return missingAt(mp(i, 'selfCare'));
      let cannot = 0;
      let open = 0;
      for (const a of DAILY_ACTIVITIES) {
        const v = s[a];
        if (v === false) cannot += 1;
        else if (v === undefined) open += 1;
      }
      return open === 0 ? cannot : range(cannot, cannot + open, false, [mp(i, 'selfCare')]);
    },
  },
  schoolStage: {
    scope: 'person',
    unit: 'enum',
    // Only students are asked about school; anyone whose main activity is something else is not in school.
    compute: (_c, m, i) => {
      if (m?.school) return m.school.stage;
      if (m?.work === undefined) return missingAt(mp(i, 'work'));
      return m.work === 'student' ? missingAt(mp(i, 'school')) : 'none';
    },
  },
  boarding: schoolDetail('boarding', (s) => s.boarding),
  ruralSchool: schoolDetail('rural', (s) => s.rural),
  /**
   * Goes to kindergarten (幼儿园). A pre-school-age child may or may not, so for them it is asked, never assumed
   * (schoolStage reads such a child as not in school, which the school-age programmes need).
   */
  inKindergarten: {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m, i) => {
      if (m?.school) return m.school.stage === 'preschool';
      if (m?.work === undefined) return missingAt(mp(i, 'work'));
      return m.work === 'student' || m.work === 'preschool' ? missingAt(mp(i, 'school')) : false;
    },
  },
  /** The kindergarten is public or a recognised 普惠性 private one; not applicable to anyone not in kindergarten. */
  kindergartenInclusive: {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m, i) => {
      const s = m?.school;
      if (!s) {
        if (m?.work === undefined) return missingAt(mp(i, 'work'));
        return m.work === 'student' || m.work === 'preschool' ? missingAt(mp(i, 'school')) : NOT_APPLICABLE;
      }
      if (s.stage !== 'preschool') return NOT_APPLICABLE;
      return typeof s.inclusive === 'boolean' ? s.inclusive : missingAt(mp(i, 'school.inclusive'));
    },
  },
  father: field('father', (m) => m.father),
  mother: field('mother', (m) => m.mother),
  orphanCare: field('orphanCare', (m) => m.orphanCare),
  seriousIllness: flag('seriousIllness', (m) => m.seriousIllness),
  hivInfected: flag('hivInfected', (m) => m.hivInfected),
  preEmploymentTraining: flag('preEmploymentTraining', (m) => m.preEmploymentTraining),
  legalSupporters: field('legalSupporters', (m) => m.legalSupporters),
  workInjuryCareAllowance: flag('workInjuryCareAllowance', (m) => m.workInjuryCareAllowance),
  onlyChild: field('onlyChild', (m) => m.onlyChild),
  fpSurgeryComplication: {
    scope: 'person',
    unit: 'grade',
    compute: (_c, m, i) => m?.fpSurgeryComplication ?? missingAt(mp(i, 'fpSurgeryComplication')),
  },
  insurance: field('insurance', (m) => m.insurance),
  /** The wife's age in this person's couple: the national 特别扶助 rule reads the woman's age (女方年满49周岁). */
  wifeAge: {
    scope: 'person',
    unit: 'years',
    compute: (c, m, i) => {
      if (!m) return NOT_APPLICABLE;
      if (m.sex === undefined) return missingAt(mp(i, 'sex'));
      if (m.sex === 'female') return memberAge(m, c.ymd) ?? missingAt(mp(i, 'age'));
      // The partner is found by relation: the applicant's spouse, or the other parent / grandparent.
      const partnerRelation = m.relation === 'self' ? 'spouse' : m.relation === 'spouse' ? 'self' : m.relation;
      const members = c.household.members;
      for (let j = 0; j < members.length; j++) {
        const o = members[j]!;
        if (j !== i && o.relation === partnerRelation && o.sex === 'female') {
          return memberAge(o, c.ymd) ?? missingAt(mp(j, 'age'));
        }
      }
      return missingAt(mp(i, 'wifeAge'));
    },
  },
  inPolicyInpatientCost: {
    scope: 'person',
    unit: 'yuan',
    compute: (_c, m, i) => m?.hospitalBill?.inPolicyCost ?? missingAt(mp(i, 'hospitalBill.inPolicyCost')),
  },
  selfPaidInpatientCost: {
    scope: 'person',
    unit: 'yuan',
    compute: (_c, m, i) => m?.hospitalBill?.selfPaid ?? missingAt(mp(i, 'hospitalBill.selfPaid')),
  },
  hasHospitalBill: {
    scope: 'person',
    unit: 'bool',
    compute: (_c, m) => m?.hospitalBill?.inPolicyCost !== undefined || m?.hospitalBill?.selfPaid !== undefined,
  },
  allowanceReceived: {
    scope: 'person',
    unit: 'yuan-month',
    compute: (_c, m, i) => m?.allowanceReceived ?? missingAt(mp(i, 'allowanceReceived')),
  },
};

/**
 * Built-ins that depend on the programme being evaluated (its household composition and which income kinds it
 * counts). Listed here so the build can check names; computed in `evaluate.ts`.
 */
export const PROGRAMME_VARIABLES: Record<string, { scope: 'household' | 'person'; unit: Unit }> = {
  countedMemberCount: { scope: 'household', unit: 'count' },
  countedIncome: { scope: 'household', unit: 'yuan-month' },
  perCapitaCountedIncome: { scope: 'household', unit: 'yuan-month' },
  ownCountedIncome: { scope: 'person', unit: 'yuan-month' },
};

/** Functions expressions may call, with their arity (min, max). */
export const FUNCTIONS: Record<string, [number, number]> = {
  max: [2, 2],
  min: [2, 2],
  if: [3, 3],
  coalesce: [2, 2],
  atLeast: [1, 1],
  /** holds('x'): the programme's verdict is eligible, or the household/person already receives it. */
  holds: [1, 1],
  /** receives('x'): recognised status (household or person), from the statuses answers. */
  receives: [1, 1],
  /** anyMember(cond): the condition holds for at least one member (household scope). */
  anyMember: [1, 1],
};

export { memberAge };
