/**
 * The CLI batch's validation: a yes-or-no check that settles valid input without building a path or a message for
 * every field, and validateHousehold (every problem worded) for the rest. Kept apart from validate.ts so the app,
 * which validates one household at a time, does not ship it.
 */
import {
  ASSETS, AWAY, DAILY_ACTIVITIES, DISABILITY_KINDS, HOUSEHOLD_FORMAT, HOUSEHOLD_STATUSES, HOUSEHOLD_VERSION, HOUSING, HUKOU,
  INCOME_KINDS, INSURANCE, ONLY_CHILD, ORPHAN_CARE, PARENT_SITUATIONS, PERSON_STATUSES, RELATIONS, SCHOOL_STAGES, SEX,
  SUPPORTERS, WORK, isValidDate, type Household, type IncomeKind,
} from './household';
import { codeOfId } from './regions';
import { HOUSEHOLD_KEYS, isObj, MAX_MEMBERS, MAX_MONEY, MEMBER_KEYS, validateHousehold, type Validated } from './validate';

/** validateHousehold's answer, found faster for valid input. */
export function quickValidateHousehold(input: unknown, knownRegions?: readonly string[]): Validated {
  if (isValidHousehold(input, knownRegions)) return { ok: true, household: input as unknown as Household };
  return validateHousehold(input, knownRegions);
}

/*
 * The same checks as validateHousehold, as a yes-or-no answer: true exactly when validateHousehold finds no problem
 * (a test holds the two to that on valid and broken households). A batch validates every line, and building a path
 * string for every field checked, problem or not, cost about as much as evaluating the household.
 */

const within = (v: unknown, allowed: readonly unknown[]): boolean => allowed.includes(v);
const optEnum = (v: unknown, allowed: readonly unknown[]): boolean => v === undefined || allowed.includes(v);
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const optMoney = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_MONEY);
const GRADE_VALUES = [1, 2, 3, 4] as const;
const COMPLICATION_VALUES = [0, 1, 2, 3] as const;
const DISABILITY_KEYS = ['certificate', 'grade', 'kind', 'mainKind', 'needsLongTermCare'];
const MAIN_KINDS = DISABILITY_KINDS.filter((k) => k !== 'multiple');
const SCHOOL_KEYS = ['stage', 'boarding', 'rural', 'inclusive'];
const BILL_KEYS = ['inPolicyCost', 'selfPaid'];

/** Own keys all among `allowed`. */
function keysWithin(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k) && !allowed.includes(k)) return false;
  return true;
}

function listWithin(v: unknown, allowed: readonly string[]): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  // Holes are skipped, as forEach skips them in the full check.
  for (let i = 0; i < v.length; i++) if (i in v && !allowed.includes(v[i])) return false;
  return true;
}

function isValidMember(m: unknown): boolean {
  if (!isObj(m) || !keysWithin(m, MEMBER_KEYS)) return false;
  if (!within(m.relation, RELATIONS)) return false;
  if (m.id !== undefined && typeof m.id !== 'string') return false;
  if (m.name !== undefined && (typeof m.name !== 'string' || m.name.length > 100)) return false;
  if (!optEnum(m.sex, SEX)) return false;
  const age = m.age;
  if (age !== undefined && (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 130)) return false;
  if (m.birthDate !== undefined && !isValidDate(m.birthDate)) return false;
  if (!optEnum(m.away, AWAY) || !optEnum(m.work, WORK)) return false;
  const inc = m.income;
  if (inc !== undefined) {
    if (!isObj(inc)) return false;
    for (const k in inc) {
      if (!Object.prototype.hasOwnProperty.call(inc, k)) continue;
      if (!INCOME_KINDS.includes(k as IncomeKind) || !optMoney(inc[k])) return false;
    }
  }
  const d = m.disability;
  if (d !== undefined) {
    if (!isObj(d) || !keysWithin(d, DISABILITY_KEYS)) return false;
    if (typeof d.certificate !== 'boolean' || !optEnum(d.grade, GRADE_VALUES) || !optEnum(d.kind, DISABILITY_KINDS) || !optEnum(d.mainKind, MAIN_KINDS) || !optBool(d.needsLongTermCare)) return false;
  }
  const sc = m.selfCare;
  if (sc !== undefined) {
    if (!isObj(sc) || !keysWithin(sc, DAILY_ACTIVITIES)) return false;
    for (const k in sc) if (Object.prototype.hasOwnProperty.call(sc, k) && !optBool(sc[k])) return false;
  }
  const s = m.school;
  if (s !== undefined) {
    if (!isObj(s) || !keysWithin(s, SCHOOL_KEYS)) return false;
    if (!within(s.stage, SCHOOL_STAGES) || !optBool(s.boarding) || !optBool(s.rural) || !optBool(s.inclusive)) return false;
  }
  if (!optEnum(m.father, PARENT_SITUATIONS) || !optEnum(m.mother, PARENT_SITUATIONS) || !optEnum(m.orphanCare, ORPHAN_CARE)) return false;
  if (!optBool(m.seriousIllness) || !optBool(m.hivInfected) || !optBool(m.preEmploymentTraining)) return false;
  if (!optEnum(m.legalSupporters, SUPPORTERS) || !optBool(m.workInjuryCareAllowance) || !optEnum(m.onlyChild, ONLY_CHILD)) return false;
  if (!optEnum(m.fpSurgeryComplication, COMPLICATION_VALUES) || !optEnum(m.insurance, INSURANCE)) return false;
  const b = m.hospitalBill;
  if (b !== undefined) {
    if (!isObj(b) || !keysWithin(b, BILL_KEYS) || !optMoney(b.inPolicyCost) || !optMoney(b.selfPaid)) return false;
    if (typeof b.inPolicyCost === 'number' && typeof b.selfPaid === 'number' && b.selfPaid > b.inPolicyCost) return false;
  }
  return optMoney(m.allowanceReceived) && listWithin(m.statuses, PERSON_STATUSES);
}

/** Whether validateHousehold would accept `input` (same arguments), without saying why not. */
export function isValidHousehold(input: unknown, knownRegions?: readonly string[]): boolean {
  if (!isObj(input) || !keysWithin(input, HOUSEHOLD_KEYS)) return false;
  if (input.format !== undefined && input.format !== HOUSEHOLD_FORMAT) return false;
  if (input.version !== HOUSEHOLD_VERSION) return false;
  const region = input.region;
  if (typeof region !== 'string') return false;
  if (knownRegions && !knownRegions.includes(region) && codeOfId(region) === null) return false;
  if (!optEnum(input.hukou, HUKOU)) return false;
  if (input.date !== undefined && !isValidDate(input.date)) return false;
  const members = input.members;
  if (!Array.isArray(members) || members.length === 0 || members.length > MAX_MEMBERS) return false;
  for (let i = 0; i < members.length; i++) if (i in members && !isValidMember(members[i])) return false;
  if (!optEnum(input.assetsMeetLocalRules, ASSETS) || !listWithin(input.statuses, HOUSEHOLD_STATUSES)) return false;
  return optBool(input.suddenHardship) && optEnum(input.housing, HOUSING);
}
