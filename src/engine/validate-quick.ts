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

/*
 * Allowed values and keys as Sets: `has` is one hash lookup where `includes` compared with every entry, and a batch
 * checks some forty keys and values per household. Both use SameValueZero, so the answers are the same.
 */
const setCache = new WeakMap<readonly unknown[], ReadonlySet<unknown>>();
function setOf(allowed: readonly unknown[]): ReadonlySet<unknown> {
  let s = setCache.get(allowed);
  if (!s) {
    s = new Set(allowed);
    setCache.set(allowed, s);
  }
  return s;
}
const S = {
  relations: setOf(RELATIONS), sex: setOf(SEX), away: setOf(AWAY), work: setOf(WORK), incomeKinds: setOf(INCOME_KINDS),
  grades: setOf([1, 2, 3, 4]), disabilityKinds: setOf(DISABILITY_KINDS), mainKinds: setOf(DISABILITY_KINDS.filter((k) => k !== 'multiple')),
  schoolStages: setOf(SCHOOL_STAGES), parents: setOf(PARENT_SITUATIONS), orphanCare: setOf(ORPHAN_CARE), supporters: setOf(SUPPORTERS),
  onlyChild: setOf(ONLY_CHILD), complications: setOf([0, 1, 2, 3]), insurance: setOf(INSURANCE), personStatuses: setOf(PERSON_STATUSES),
  householdStatuses: setOf(HOUSEHOLD_STATUSES), hukou: setOf(HUKOU), assets: setOf(ASSETS), housing: setOf(HOUSING),
  memberKeys: setOf(MEMBER_KEYS), householdKeys: setOf(HOUSEHOLD_KEYS), disabilityKeys: setOf(['certificate', 'grade', 'kind', 'mainKind', 'needsLongTermCare']),
  schoolKeys: setOf(['stage', 'boarding', 'rural', 'inclusive']), billKeys: setOf(['inPolicyCost', 'selfPaid']), activities: setOf(DAILY_ACTIVITIES),
};

const within = (v: unknown, allowed: ReadonlySet<unknown>): boolean => allowed.has(v);
const optEnum = (v: unknown, allowed: ReadonlySet<unknown>): boolean => v === undefined || allowed.has(v);
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const optMoney = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_MONEY);

/** Own keys all among `allowed`. */
function keysWithin(o: Record<string, unknown>, allowed: ReadonlySet<unknown>): boolean {
  for (const k in o) if (!allowed.has(k) && Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

function listWithin(v: unknown, allowed: ReadonlySet<unknown>): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  // Holes are skipped, as forEach skips them in the full check.
  for (let i = 0; i < v.length; i++) if (i in v && !allowed.has(v[i])) return false;
  return true;
}

function isValidMember(m: unknown): boolean {
  if (!isObj(m) || !keysWithin(m, S.memberKeys)) return false;
  if (!within(m.relation, S.relations)) return false;
  if (m.id !== undefined && typeof m.id !== 'string') return false;
  if (m.name !== undefined && (typeof m.name !== 'string' || m.name.length > 100)) return false;
  if (!optEnum(m.sex, S.sex)) return false;
  const age = m.age;
  if (age !== undefined && (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 130)) return false;
  if (m.birthDate !== undefined && !isValidDate(m.birthDate)) return false;
  if (!optEnum(m.away, S.away) || !optEnum(m.work, S.work)) return false;
  const inc = m.income;
  if (inc !== undefined) {
    if (!isObj(inc)) return false;
    for (const k in inc) {
      if (!Object.prototype.hasOwnProperty.call(inc, k)) continue;
      if (!S.incomeKinds.has(k) || !optMoney(inc[k])) return false;
    }
  }
  const d = m.disability;
  if (d !== undefined) {
    if (!isObj(d) || !keysWithin(d, S.disabilityKeys)) return false;
    if (typeof d.certificate !== 'boolean' || !optEnum(d.grade, S.grades) || !optEnum(d.kind, S.disabilityKinds) || !optEnum(d.mainKind, S.mainKinds) || !optBool(d.needsLongTermCare)) return false;
  }
  const sc = m.selfCare;
  if (sc !== undefined) {
    if (!isObj(sc) || !keysWithin(sc, S.activities)) return false;
    for (const k in sc) if (Object.prototype.hasOwnProperty.call(sc, k) && !optBool(sc[k])) return false;
  }
  const s = m.school;
  if (s !== undefined) {
    if (!isObj(s) || !keysWithin(s, S.schoolKeys)) return false;
    if (!within(s.stage, S.schoolStages) || !optBool(s.boarding) || !optBool(s.rural) || !optBool(s.inclusive)) return false;
  }
  if (!optEnum(m.father, S.parents) || !optEnum(m.mother, S.parents) || !optEnum(m.orphanCare, S.orphanCare)) return false;
  if (!optBool(m.seriousIllness) || !optBool(m.hivInfected) || !optBool(m.preEmploymentTraining)) return false;
  if (!optEnum(m.legalSupporters, S.supporters) || !optBool(m.workInjuryCareAllowance) || !optEnum(m.onlyChild, S.onlyChild)) return false;
  if (!optEnum(m.fpSurgeryComplication, S.complications) || !optEnum(m.insurance, S.insurance)) return false;
  const b = m.hospitalBill;
  if (b !== undefined) {
    if (!isObj(b) || !keysWithin(b, S.billKeys) || !optMoney(b.inPolicyCost) || !optMoney(b.selfPaid)) return false;
    if (typeof b.inPolicyCost === 'number' && typeof b.selfPaid === 'number' && b.selfPaid > b.inPolicyCost) return false;
  }
  return optMoney(m.allowanceReceived) && listWithin(m.statuses, S.personStatuses);
}

/** Whether validateHousehold would accept `input` (same arguments), without saying why not. */
export function isValidHousehold(input: unknown, knownRegions?: readonly string[]): boolean {
  if (!isObj(input) || !keysWithin(input, S.householdKeys)) return false;
  if (input.format !== undefined && input.format !== HOUSEHOLD_FORMAT) return false;
  if (input.version !== HOUSEHOLD_VERSION) return false;
  const region = input.region;
  if (typeof region !== 'string') return false;
  if (knownRegions && !setOf(knownRegions).has(region) && codeOfId(region) === null) return false;
  if (!optEnum(input.hukou, S.hukou)) return false;
  if (input.date !== undefined && !isValidDate(input.date)) return false;
  const members = input.members;
  if (!Array.isArray(members) || members.length === 0 || members.length > MAX_MEMBERS) return false;
  for (let i = 0; i < members.length; i++) if (i in members && !isValidMember(members[i])) return false;
  if (!optEnum(input.assetsMeetLocalRules, S.assets) || !listWithin(input.statuses, S.householdStatuses)) return false;
  return optBool(input.suddenHardship) && optEnum(input.housing, S.housing);
}
