/**
 * The order of the wizard, worked out from the household: start → region → who lives here → for each person their
 * details, then their income → the household's situation → "was anyone in hospital?" → a bill page for each person
 * who was → check your answers → results. Pure and small (first paint): the step components are a lazy chunk.
 */
import type { Household } from '../../engine/household';

/** What the wizard remembers besides the household (kept with the draft). */
export interface WizardMemory {
  /** Text of answers that could not be read, by household path (see ../validity.ts). */
  invalid?: Record<string, string>;
  /** "Was anyone in hospital?" — unanswered, yes or no. */
  hospital?: boolean;
  /** The household-level "any family-planning special situation?" answer. */
  familyPlanning?: boolean;
}

export type StepId = string;

export const FIXED_STEPS = ['start', 'region', 'members', 'household', 'hospital', 'check', 'results'] as const;

/** Members the bill pages are for: those marked as having been in hospital. */
export function hospitalised(h: Household): number[] {
  return h.members.flatMap((m, i) => (m.hospitalBill ? [i] : []));
}

/** Every step in order for this household (results last). */
export function stepList(h: Household, mem: WizardMemory): StepId[] {
  const people = h.members.flatMap((_, i) => [`person-${i}`, `income-${i}`]);
  const bills = mem.hospital === false ? [] : hospitalised(h).map((i) => `bill-${i}`);
  return ['start', 'region', 'members', ...people, 'household', 'hospital', ...bills, 'check', 'results'];
}

/** The steps the progress bar counts ("step 3 of 9"): the questions and the check page, not start or results. */
export function countedSteps(list: StepId[]): StepId[] {
  return list.filter((s) => s !== 'start' && s !== 'results');
}

const PERSON_STEP = /^(person|income|bill)-(\d+)$/;

/** The member a step is about, if any. */
export function memberOfStep(step: StepId): number | null {
  const m = PERSON_STEP.exec(step);
  return m ? Number(m[2]) : null;
}

export function stepKind(step: StepId): string {
  return PERSON_STEP.exec(step)?.[1] ?? step;
}

/**
 * A step id from a draft, a saved link or an older version, made valid for this household: the old single
 * "details" and "income" pages open at the first person, a person who is no longer there opens the members list.
 */
export function validStep(step: string | undefined, h: Household, mem: WizardMemory): StepId {
  const old: Record<string, string> = { details: 'person-0', income: 'income-0', assets: 'household' };
  const s = old[step ?? ''] ?? step ?? 'start';
  const list = stepList(h, mem);
  if (list.includes(s)) return s;
  if (memberOfStep(s) !== null) return stepKind(s) === 'bill' ? 'hospital' : 'members';
  return 'start';
}

export function nextStep(step: StepId, h: Household, mem: WizardMemory): StepId {
  const list = stepList(h, mem);
  const i = list.indexOf(step);
  return list[Math.min(list.length - 1, i + 1)] ?? 'results';
}

export function previousStep(step: StepId, h: Household, mem: WizardMemory): StepId | null {
  const list = stepList(h, mem);
  const i = list.indexOf(step);
  return i > 0 ? list[i - 1]! : null;
}

const MEMBER_PATH = /^members\[(\d+)\]\.([^.]+)/;
const BASICS = ['relation', 'name', 'age', 'sex', 'birthDate'];
const HOUSEHOLD_PAGE = ['assetsMeetLocalRules', 'statuses', 'suddenHardship', 'familyPlanning', 'onlyChild', 'fpSurgeryComplication'];

/** The step on which the question at `path` is asked (for 修改 on the check page and links from error messages). */
export function stepOfPath(path: string): StepId {
  const m = MEMBER_PATH.exec(path);
  if (!m) {
    if (path === 'region' || path === 'hukou' || path === 'date') return 'region';
    if (path === 'hospital') return 'hospital';
    if (path === 'members') return 'members';
    return 'household';
  }
  const [, i, field] = m;
  if (BASICS.includes(field!)) return 'members';
  if (field === 'income') return `income-${i}`;
  if (field === 'hospitalBill' || field === 'insurance') return `bill-${i}`;
  if (HOUSEHOLD_PAGE.includes(field!)) return 'household';
  return `person-${i}`;
}
