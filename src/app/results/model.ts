/**
 * Pure helpers behind the results page: grouping, the saved snapshot and "what changed since", and the
 * benefit-versus-income curve. No Preact here, so they are easy to test.
 */
import type { CompiledPack } from '../../engine/compile';
import { evaluate } from '../../engine/evaluate';
import type { Household } from '../../engine/household';
import type { Amount, ProgrammeResult, Reason, Report } from '../../engine/report';
import { enteredFigures } from '../../shared/figures';
import type { ResultSnapshot } from '../../storage/types';
import { isQuiet, quietOnlyQuestions } from '../../shared/sensitive';
import { withImpliedAnswers } from '../implied';

/** `quiet`: an undetermined result of a sensitive programme, listed apart at the end (src/shared/sensitive.ts). */
export type Group = 'eligible' | 'undetermined' | 'already' | 'ineligible' | 'quiet';

export function groupOf(p: ProgrammeResult): Group {
  if (p.alreadyReceives) return 'already';
  if (isQuiet(p)) return 'quiet';
  return p.status;
}

export function grouped(report: Report): Record<Group, ProgrammeResult[]> {
  const out: Record<Group, ProgrammeResult[]> = { eligible: [], undetermined: [], already: [], ineligible: [], quiet: [] };
  for (const p of report.programs) out[groupOf(p)].push(p);
  return out;
}

/** A programme missed only by money: some income line not met while everything else was. */
export function hasMoneyNearMiss(p: ProgrammeResult): boolean {
  const reasons = p.unit === 'household' ? p.reasons : (p.members ?? []).flatMap((m) => m.reasons ?? []);
  let money = 0;
  let other = 0;
  const walk = (rs: Reason[] | undefined): void => {
    for (const r of rs ?? []) {
      if (r.children?.length) walk(r.children);
      else if (r.outcome === 'not-met') {
        if (r.nearMiss && r.nearMiss.unit?.startsWith('yuan')) money += 1;
        else other += 1;
      }
    }
  };
  walk(reasons);
  return money > 0 && other === 0;
}

export function snapshot(report: Report, now = new Date()): ResultSnapshot {
  const quiet = quietOnlyQuestions(report);
  return {
    rulesVersion: report.rulesVersion,
    date: report.date,
    computedAt: now.toISOString(),
    programmes: report.programs.map((p) => {
      // Figures entered on the device or from a region file travel with the result, so the caseload can say so.
      const entered = enteredFigures(p.figures);
      return { id: p.id, status: p.status, amount: p.amount, alreadyReceives: p.alreadyReceives, ...(entered.length ? { figures: entered } : {}), ...(isQuiet(p) ? { quiet: true as const } : {}) };
    }),
    totals: report.totals,
    // A question only a quiet result asks (HIV status) is not on the caseload's list for the next visit.
    missing: [...new Set(report.programs.flatMap((p) => (p.status === 'undetermined' ? p.missing : [])))].filter((m) => !quiet.has(m)),
  };
}

export type Change =
  | { kind: 'rules'; from: string; to: string }
  | { kind: 'status'; id: string; name: string; from: string; to: string }
  | { kind: 'amount'; id: string; name: string; from: Amount | null; to: Amount | null };

const sameAmount = (a: Amount | null, b: Amount | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What differs between a saved result and a fresh evaluation (rules version, verdicts, amounts). */
export function changesSince(before: ResultSnapshot, now: Report): Change[] {
  const out: Change[] = [];
  if (before.rulesVersion !== now.rulesVersion) out.push({ kind: 'rules', from: before.rulesVersion, to: now.rulesVersion });
  for (const p of now.programs) {
    const old = before.programmes.find((x) => x.id === p.id);
    if (!old) continue;
    if (old.status !== p.status) out.push({ kind: 'status', id: p.id, name: p.name, from: old.status, to: p.status });
    else if (!sameAmount(old.amount, p.amount)) out.push({ kind: 'amount', id: p.id, name: p.name, from: old.amount, to: p.amount });
  }
  return out;
}

/** A single number for drawing: the value, the middle of a range, or the floor. */
export function amountPoint(a: Amount | null | undefined): number | null {
  if (!a || a.exactness === 'unknown') return null;
  if (a.value !== undefined) return a.value;
  if (a.min !== undefined && a.max !== undefined) return (a.min + a.max) / 2;
  return a.min ?? null;
}

export interface CurvePoint {
  /** The household's monthly counted income. */
  income: number;
  dibao: number | null;
  /** All cash benefits per month (yearly grants as their monthly share, for drawing only). */
  total: number | null;
  /** Income plus benefits: what the household has in hand each month (PolicyEngine's "net income"). */
  net: number | null;
  /** Monthly amount of each cash programme paying at this income. */
  paying: Record<string, number>;
}

/** Where, as income rises, a programme starts or stops and the benefits jump (a rise as well as a drop). */
export interface CurveEvent {
  /** Income (whole yuan) at which it happens. */
  income: number;
  started: string[];
  stopped: string[];
  /** Benefits just below and at that income. */
  before: number;
  after: number;
}

export interface Curve {
  points: CurvePoint[];
  here: CurvePoint;
  /** Income at which dibao stops, if it does within the range. */
  cliff: number | null;
  events: CurveEvent[];
  /** Programme name keys by id, for the caption. */
  names: Record<string, string>;
}

function countedIncomeOf(report: Report): number | null {
  const d = report.programs.find((p) => p.id === 'dibao');
  if (!d?.income) return null;
  return d.income.counted.reduce((s, x) => s + x.amount, 0);
}

function monthly(a: Amount | null): number | null {
  const v = amountPoint(a);
  if (v === null || !a) return null;
  return a.period === 'year' ? v / 12 : a.period === 'once' ? null : v;
}

function pointOf(r: Report, income: number): CurvePoint {
  const paying: Record<string, number> = {};
  for (const p of r.programs) {
    if (p.status !== 'eligible' || p.kind !== 'cash') continue;
    const v = monthly(countedAmount(p));
    if (v !== null && v > 0) paying[p.id] = v;
  }
  const dp = r.programs.find((p) => p.id === 'dibao');
  const total = Object.values(paying).reduce((a, b) => a + b, 0);
  return { income, dibao: dp?.status === 'eligible' ? (amountPoint(dp.amount) ?? 0) : 0, total, net: income + total, paying };
}

const sameSet = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b);
};

/**
 * The benefits and the household's income in hand as its monthly counted income changes: the applicant's wages are
 * moved so the counted total runs from 0 to about twice the line, everything else unchanged. Where a programme
 * starts or stops between two points, the income is narrowed down to the yuan, so the caption can say where.
 */
export function incomeCurve(household: Household, cp: CompiledPack, date: string, current: Report, steps = 48): Curve | null {
  const here = countedIncomeOf(current);
  const d = current.programs.find((p) => p.id === 'dibao');
  if (here === null || !d) return null;
  const standard = d.figures?.find((f) => f.id.startsWith('dibao.standard'))?.value;
  const line = typeof standard === 'number' ? standard : typeof standard === 'object' && standard !== null ? standard.min : null;
  if (line === null) return null;
  const counted = d.income?.countedMembers.length ?? household.members.length;
  const max = Math.max(line * Math.max(counted, 1) * 2, here * 1.25, 100);
  const who = Math.max(0, household.members.findIndex((m) => m.relation === 'self'));
  const ownWages = household.members[who]?.income?.wages ?? 0;
  const others = here - ownWages;
  const base = withImpliedAnswers(household);
  const at = (income: number): CurvePoint => {
    const wages = Math.max(0, income - others);
    const h: Household = {
      ...base,
      members: base.members.map((m, i) => (i === who ? { ...m, income: { ...(m.income ?? {}), wages } } : m)),
    };
    return pointOf(evaluate(h, cp, { date, explain: false }), others + wages);
  };
  const points: CurvePoint[] = [];
  for (let k = 0; k <= steps; k++) points.push(at(Math.max(others, (max * k) / steps)));
  // Where the set of paying programmes changes: narrow it down to the yuan between the two points.
  const events: CurveEvent[] = [];
  for (let k = 1; k < points.length; k++) {
    let lo = points[k - 1]!;
    let hi = points[k]!;
    if (sameSet(lo.paying, hi.paying)) continue;
    while (hi.income - lo.income > 1) {
      const mid = at(Math.floor((lo.income + hi.income) / 2));
      if (sameSet(mid.paying, lo.paying)) lo = mid;
      else hi = mid;
    }
    events.push({
      income: Math.round(hi.income),
      started: Object.keys(hi.paying).filter((id) => !(id in lo.paying)),
      stopped: Object.keys(lo.paying).filter((id) => !(id in hi.paying)),
      before: lo.total ?? 0,
      after: hi.total ?? 0,
    });
  }
  const stop = events.find((e) => e.stopped.includes('dibao'));
  const names = Object.fromEntries(current.programs.map((p) => [p.id, p.name]));
  return { points, here: pointOf(current, here), cliff: stop ? stop.income : null, events, names };
}

// ── The headline: what the household can apply for, in the period it is paid in ───────────────────────────────

export interface HeadlineItem {
  id: string;
  /** Translation key of the programme name. */
  name: string;
  amount: Amount;
}

export interface Headline {
  /** Paid monthly with a known figure (exact, 约, or a range): added up. */
  monthly: HeadlineItem[];
  monthlyTotal: Amount | null;
  /** Paid monthly, only a minimum known ("not less than 1.3 × the dibao standard"): listed, never added up. */
  atLeast: HeadlineItem[];
  /** Paid once a year (school grants…): in their own period, never divided by 12. */
  yearly: HeadlineItem[];
  yearlyTotal: Amount | null;
  /** Paid once (the medical-aid estimate, temporary aid). */
  once: HeadlineItem[];
  /** Eligible for cash, amount set locally (not in the sources): named, no figure. */
  setLocally: HeadlineItem[];
  /** Cash programmes the household already receives (not counted above). */
  already: number;
  /** Options of a choice between exclusive programmes that are not the one counted (one of them, never the sum). */
  alternatives: HeadlineItem[];
  /** Some amount above uses a figure past its source's period: the earliest such period ("2025"). */
  pastHorizon: string | null;
}

/** A member result as the report gives it, with the choice mark of reports that have choices (issue 9A). */
type ChoiceMarked = { status: string; amount: Amount | null; choice?: { id: string; taken: boolean } };

/**
 * What a programme counts towards the household's money: its amount, less members for whom it is an option of a
 * choice not taken (特困 or de-facto orphan: one of them). Null when nothing of it counts.
 */
export function countedAmount(p: ProgrammeResult): Amount | null {
  const members = (p.members ?? []) as ChoiceMarked[];
  if (!p.amount || !members.some((m) => m.choice && !m.choice.taken)) return p.amount;
  const kept = members.filter((m) => m.status === 'eligible' && m.amount && (!m.choice || m.choice.taken));
  if (!kept.length) return null;
  return sum(kept.map((m, i) => ({ id: String(i), name: '', amount: m.amount! })), p.amount.period === 'year' ? 'year' : 'month', p.amount.period);
}

/** Whole yuan for a headline: a floor rounded down (never overstated), 约 rounded to the nearest yuan. */
export function headlineAmount(a: Amount): Amount {
  if (a.exactness === 'exact' || a.exactness === 'unknown') return a;
  const out: Amount = { ...a };
  const round = a.exactness === 'floor' ? Math.floor : Math.round;
  if (out.value !== undefined) out.value = round(out.value);
  if (out.min !== undefined) out.min = a.exactness === 'floor' ? Math.floor(out.min) : Math.round(out.min);
  if (out.max !== undefined) out.max = Math.round(out.max);
  return out;
}

function sum(items: HeadlineItem[], period: 'month' | 'year', as: Amount['period'] = period): Amount | null {
  if (!items.length) return null;
  let lo = 0;
  let hi = 0;
  let approx = false;
  for (const { amount: a } of items) {
    lo += a.value ?? a.min ?? 0;
    hi += a.value ?? a.max ?? a.min ?? 0;
    approx ||= a.exactness === 'approximate' || a.approximate === true;
  }
  const r = (n: number) => Math.round(n * 100) / 100;
  const floor = items.some((i) => i.amount.exactness === 'floor');
  if (floor) return { min: r(lo), period: as, exactness: 'floor', ...(approx ? { approximate: true } : {}) };
  if (r(lo) === r(hi)) return { value: r(lo), period: as, exactness: approx ? 'approximate' : 'exact' };
  return { min: r(lo), max: r(hi), period: as, exactness: approx ? 'approximate' : 'exact' };
}

/** A "floor" of nothing is no figure at all ("不低于 ¥0" says nothing): treat it as set locally. */
const noFigure = (a: Amount): boolean => a.exactness === 'unknown' || (a.exactness === 'floor' && !a.min);

/**
 * The cash the household can apply for, split the way it is paid: monthly amounts known (added up), monthly minimums
 * (listed), yearly grants (their own total), one-off payments, and amounts set locally. Only eligible cash
 * programmes not already received; services, statuses and help in kind are not money and are not here.
 */
export function headline(report: Report): Headline {
  const out: Headline = { monthly: [], monthlyTotal: null, atLeast: [], yearly: [], yearlyTotal: null, once: [], setLocally: [], already: 0, alternatives: [], pastHorizon: null };
  for (const p of report.programs) {
    if (p.status !== 'eligible' || p.kind !== 'cash') continue;
    if (p.alreadyReceives) {
      out.already += 1;
      continue;
    }
    const item = (amount: Amount): HeadlineItem => ({ id: p.id, name: p.name, amount });
    const a = countedAmount(p);
    const horizon = p.pastHorizon?.horizon;
    if (a && horizon && (!out.pastHorizon || horizon < out.pastHorizon)) out.pastHorizon = horizon;
    if (!a && p.amount) {
      out.alternatives.push(item(p.amount));
      continue;
    }
    // No amount at all (medical aid with no bill entered: a ratio, not a sum) is not money to add or name here.
    if (!a) continue;
    if (noFigure(a)) {
      if (a.period !== 'once') out.setLocally.push(item(a));
      continue;
    }
    if (a.period === 'once') out.once.push(item(a));
    else if (a.period === 'year') out.yearly.push(item(a));
    else if (a.exactness === 'floor') out.atLeast.push(item(headlineAmount(a)));
    else out.monthly.push(item(a));
  }
  out.monthlyTotal = sum(out.monthly, 'month');
  out.yearlyTotal = sum(out.yearly, 'year');
  if (out.monthlyTotal) out.monthlyTotal = headlineAmount(out.monthlyTotal);
  return out;
}

// ── One answer that moves a person between programmes ───────────────────────────────────────────────────────────

/** Person questions whose answer can decide which of two programmes a person is in, with the answers they offer. */
const PIVOT_QUESTIONS: Record<string, readonly (string | boolean)[]> = {
  legalSupporters: ['none', 'unable', 'able'],
  orphanCare: ['institution', 'relatives'],
  seriousIllness: [true, false],
  workInjuryCareAllowance: [true, false],
};

export interface Pivot {
  /** The unanswered question ("members[1].legalSupporters"). */
  path: string;
  member: number;
  /** What each answer gives the person: the person programmes they would be eligible for. */
  outcomes: { value: string | boolean; programmes: string[] }[];
}

/**
 * Unanswered person questions on which it hangs which programmes someone gets (a grandchild is 特困 when nobody can
 * raise them, only a de-facto orphan when a grandparent can): each answer tried, the results compared. Only where
 * at least two answers give the person some cash programme, and not the same ones — a plain "eligible or not" is
 * already on the card as "what would change it".
 */
export function pivots(household: Household, cp: CompiledPack, date: string, report: Report): Pivot[] {
  const paths = [...new Set(report.programs.filter((p) => p.status === 'undetermined').flatMap((p) => p.missing))];
  const base = withImpliedAnswers(household);
  const out: Pivot[] = [];
  for (const path of paths) {
    const m = /^members\[(\d+)\]\.(\w+)$/.exec(path);
    const options = m ? PIVOT_QUESTIONS[m[2]!] : undefined;
    if (!m || !options) continue;
    const i = Number(m[1]);
    const outcomes = options.map((value) => {
      const h: Household = { ...base, members: base.members.map((x, j) => (j === i ? { ...x, [m[2]!]: value } : x)) };
      const r = evaluate(h, cp, { date, explain: false });
      const programmes = r.programs.filter((p) => p.unit === 'person' && p.kind === 'cash' && p.members?.some((x) => x.index === i && x.status === 'eligible')).map((p) => p.id);
      return { value, programmes };
    });
    // The answers lead to different cash programmes for the person (not merely to the same ones or none).
    const key = (o: { programmes: string[] }) => o.programmes.join(',');
    const distinct = new Set(outcomes.map(key));
    const moves = distinct.size > 1 && outcomes.filter((o) => o.programmes.length > 0).length > 1;
    if (moves) out.push({ path, member: i, outcomes });
  }
  return out;
}
