/**
 * Household format, version 1 — what the wizard saves, what the CLI reads, what the engine evaluates.
 * The JSON Schema in `household.schema.json` documents the same format for other tools; a test keeps both in step.
 *
 * Every field except `region` and `members` may be left out: a left-out answer is *unknown*, never "no" or 0.
 * The one convention: when a member's `income` object is present, kinds it leaves out are 0 (the person listed
 * all their income); when `income` itself is absent, the member's income is unknown.
 */

export const HOUSEHOLD_FORMAT = 'huimin-household';
export const HOUSEHOLD_VERSION = 1;

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const HUKOU = ['urban', 'rural'] as const;
export type Hukou = (typeof HUKOU)[number];

/**
 * Monthly income by kind (yuan). Which kinds count for a programme is decided by the rules, not here.
 */
export const INCOME_KINDS = [
  'wages', // 工资性收入
  'business', // 经营净收入
  'property', // 财产净收入
  'pension', // 离退休金、职工养老金
  'maintenance', // 赡养费、抚养费、扶养费
  'unemploymentInsurance', // 失业保险金
  'residentsBasicPension', // 城乡居民基础养老金
  'familyPlanning', // 计划生育奖励扶助金
  'disabilitySubsidy', // 残疾人两项补贴
  'scholarship', // 奖学金、助学金
  'socialAssistance', // 其他社会救助金（孤儿、特困、临时救助等）
  'veteransBenefits', // 优待抚恤金
  'childcareSubsidy', // 育儿补贴
  'other', // 其他收入
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

export const DISABILITY_KINDS = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'] as const;
export type DisabilityKind = (typeof DISABILITY_KINDS)[number];

/** The six daily activities of the self-care assessment (特困人员生活自理能力). true = can do it alone. */
export const DAILY_ACTIVITIES = ['eating', 'dressing', 'transfer', 'toileting', 'walkingIndoors', 'bathing'] as const;
export type DailyActivity = (typeof DAILY_ACTIVITIES)[number];

export const SCHOOL_STAGES = ['none', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'] as const;
export type SchoolStage = (typeof SCHOOL_STAGES)[number];

/** A parent's situation, as the orphan and de-facto-orphan rules need it (民发〔2019〕62号). */
export const PARENT_SITUATIONS = [
  'present', // alive and able to care
  'dead',
  'missing', // 宣告失踪 / 下落不明
  'severely-disabled',
  'seriously-ill',
  'prison', // 服刑在押、被羁押
  'drug-rehab', // 强制隔离戒毒
  'deprived-liberty', // 被执行其他限制人身自由的措施
  'out-of-contact', // 失联 ≥ 6 months
  'guardianship-revoked',
  'deported',
  'unsure',
] as const;
export type ParentSituation = (typeof PARENT_SITUATIONS)[number];

export const AWAY = ['none', 'working-away', 'studying-away', 'prison', 'drug-rehab', 'declared-missing'] as const;
export type Away = (typeof AWAY)[number];

/**
 * What the person mainly does. Everyone can answer it, and it settles two things at once: whether the person has a
 * job (无业 in the one-person dibao rule) and whether school questions apply at all.
 */
export const WORK = ['employed', 'unemployed', 'unable', 'student', 'preschool', 'retired'] as const;
export type Work = (typeof WORK)[number];

export const SUPPORTERS = ['none', 'unable', 'able'] as const;
export type Supporters = (typeof SUPPORTERS)[number];

export const ONLY_CHILD = ['none', 'died', 'disabled'] as const;
export type OnlyChild = (typeof ONLY_CHILD)[number];

export const INSURANCE = ['residents', 'employees', 'none'] as const;
export type Insurance = (typeof INSURANCE)[number];

export const ASSETS = ['yes', 'no', 'unsure'] as const;
export type AssetsAnswer = (typeof ASSETS)[number];

export const ORPHAN_CARE = ['institution', 'relatives'] as const;
export type OrphanCare = (typeof ORPHAN_CARE)[number];

export const SEX = ['female', 'male'] as const;
export type Sex = (typeof SEX)[number];

/**
 * 住房情况, as the housing programmes need it: `lacking` is 住房困难 (no home of its own, or less room than the local
 * standard), `unsafe` a dangerous house (危房).
 */
export const HOUSING = ['adequate', 'lacking', 'unsafe', 'unsure'] as const;
export type Housing = (typeof HOUSING)[number];

/** Statuses a household is already recognised for. */
export const HOUSEHOLD_STATUSES = ['dibao', 'dibao-edge', 'expenditure-type', 'temporary-aid'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** Statuses or payments a person already has. */
export const PERSON_STATUSES = [
  'tekun',
  'orphan',
  'de-facto-orphan',
  'distressed-child',
  'disability-living',
  'disability-care',
  'family-planning',
  'elderly-allowance',
  'childcare-subsidy',
  'six-categories', // 六类对象 (local category, seed 001)
  'two-categories', // 两类人员 (local category, seed 001)
  'streamlined-retiree', // 城乡精简退职对象
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface Disability {
  certificate: boolean;
  grade?: 1 | 2 | 3 | 4;
  kind?: DisabilityKind;
  /**
   * For a multiple disability (多重残疾): the kind of its most severe component, the one its grade is assessed by
   * (GB/T 26341-2010 残疾人残疾分类和分级: 多重残疾按所属残疾中最重类别残疾分级). Asked only for `kind: multiple`.
   */
  mainKind?: Exclude<DisabilityKind, 'multiple'>;
  needsLongTermCare?: boolean;
}

export interface School {
  stage: SchoolStage;
  boarding?: boolean;
  /** The school is in a rural area (乡镇、村). */
  rural?: boolean;
  /** Kindergarten only: a public kindergarten or a recognised 普惠性 private one. */
  inclusive?: boolean;
}

export interface HospitalBill {
  /** Total in-policy inpatient cost (政策范围内住院费用), yuan. */
  inPolicyCost?: number;
  /** What is left for the patient after insurance, when known from the settlement slip (结算单), yuan. */
  selfPaid?: number;
}

export interface Member {
  /** Stable id for the UI; not used by the rules. */
  id?: string;
  /** A display name; optional and never used by the rules. */
  name?: string;
  relation: Relation;
  sex?: Sex;
  age?: number;
  birthDate?: string;
  away?: Away;
  work?: Work;
  income?: Partial<Record<IncomeKind, number>>;
  disability?: Disability;
  selfCare?: Partial<Record<DailyActivity, boolean>>;
  school?: School;
  father?: ParentSituation;
  mother?: ParentSituation;
  orphanCare?: OrphanCare;
  seriousIllness?: boolean;
  /** Diagnosed with HIV (艾滋病病毒感染): read for children by the HIV-infected children's allowance. */
  hivInfected?: boolean;
  /** Takes part in government pre-employment training (劳动预备制培训). */
  preEmploymentTraining?: boolean;
  legalSupporters?: Supporters;
  workInjuryCareAllowance?: boolean;
  onlyChild?: OnlyChild;
  fpSurgeryComplication?: 0 | 1 | 2 | 3;
  insurance?: Insurance;
  hospitalBill?: HospitalBill;
  /** Monthly basic-living payment the child already receives, for 补差 top-ups (yuan). */
  allowanceReceived?: number;
  statuses?: PersonStatus[];
}

export interface Household {
  format?: typeof HOUSEHOLD_FORMAT;
  version: typeof HOUSEHOLD_VERSION;
  region: string;
  hukou?: Hukou;
  /** Evaluation date, YYYY-MM-DD. The CLI's --date and the app's date field override it. */
  date?: string;
  members: Member[];
  assetsMeetLocalRules?: AssetsAnswer;
  statuses?: HouseholdStatus[];
  suddenHardship?: boolean;
  housing?: Housing;
}

/**
 * The same member with every field present (undefined when not answered), in one order: members parsed from JSON
 * come in many shapes, and reading fields from objects of many shapes is slow in the engine's inner loop.
 */
export function normalizeMember(m: Member): Member {
  return {
    id: m.id,
    name: m.name,
    relation: m.relation,
    sex: m.sex,
    age: m.age,
    birthDate: m.birthDate,
    away: m.away,
    work: m.work,
    income: m.income,
    disability: m.disability,
    selfCare: m.selfCare,
    school: m.school,
    father: m.father,
    mother: m.mother,
    orphanCare: m.orphanCare,
    seriousIllness: m.seriousIllness,
    hivInfected: m.hivInfected,
    preEmploymentTraining: m.preEmploymentTraining,
    legalSupporters: m.legalSupporters,
    workInjuryCareAllowance: m.workInjuryCareAllowance,
    onlyChild: m.onlyChild,
    fpSurgeryComplication: m.fpSurgeryComplication,
    insurance: m.insurance,
    hospitalBill: m.hospitalBill,
    allowanceReceived: m.allowanceReceived,
    statuses: m.statuses,
  };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days && y >= 1900 && y <= 2200;
}


