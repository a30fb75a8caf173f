/**
 * `--summary`: after a batch, per programme how many households are eligible / undetermined / ineligible, and what
 * the eligible ones add up to per month.
 *
 * Money is summed by how well it is known, never mixed: exact amounts add up to an exact sum; 约 (approximate)
 * amounts and exact ranges add up to their own lower and upper bounds; 不低于 (floors) add up to a floor with no
 * upper bound; amounts nobody knows ("set locally") are counted, never summed (not as 0). The total is then shown as
 * "exact sum + 约… + range… + at least…; N unknown", so no approximate or partial figure passes for an exact one.
 * Only cash programmes have sums (`kind: cash`; status, service and in-kind programmes are counted only); one-off
 * payments are summed apart from monthly ones (a one-off amount is not a monthly one); yearly amounts count 1/12.
 * The tally reads the report generically (id, kind, unit, status, amount, members, totals), so fields the engine
 * adds do not disturb it.
 */
import type { Amount, ProgrammeResult, Report } from '../engine/report';
import { money, type Lang, type T } from '../shared/format';

export interface MoneySum {
  /** Exact single amounts. */
  exact: number;
  exactCount: number;
  /** 约 amounts (single or ranges): sums of the lower and the upper bounds. */
  approximate: { min: number; max: number; count: number };
  /** Exact ranges (e.g. by grade): sums of the bounds. */
  ranges: { min: number; max: number; count: number };
  /** 不低于: sum of the floors (no upper bound). */
  floors: { min: number; count: number };
  /** Amounts set locally: counted, not summed. */
  unknown: number;
}

export interface ProgrammeTally {
  id: string;
  kind: string;
  unit: string;
  eligible: number;
  undetermined: number;
  ineligible: number;
  /** Households where someone already receives it. */
  alreadyReceives: number;
  /** Person programmes: members eligible and undetermined. */
  members?: { eligible: number; undetermined: number };
  /** Cash programmes: eligible amounts per month; `once`: one-off payments. */
  month?: MoneySum;
  once?: MoneySum;
  /** Eligible with no money figure at all (e.g. medical aid without a bill). */
  noFigure?: number;
  /**
   * Members for whom this programme is the option of a choice not taken (特困 or de-facto orphan: one of them): how
   * many, and their amounts per month — not in `month`, as the households' totals leave them out.
   */
  alternatives?: { count: number; month: MoneySum };
}

export interface Tally {
  households: number;
  errors: number;
  programs: Record<string, ProgrammeTally>;
  /** The households' own monthly totals (eligible cash programmes, as the report adds them). */
  totalMonth: MoneySum;
}

export function emptyMoney(): MoneySum {
  return { exact: 0, exactCount: 0, approximate: { min: 0, max: 0, count: 0 }, ranges: { min: 0, max: 0, count: 0 }, floors: { min: 0, count: 0 }, unknown: 0 };
}

export function emptyTally(): Tally {
  return { households: 0, errors: 0, programs: {}, totalMonth: emptyMoney() };
}

export function addAmount(sum: MoneySum, a: Amount): void {
  if (a.exactness === 'unknown') {
    sum.unknown++;
    return;
  }
  const lo = a.value ?? a.min ?? 0;
  if (a.exactness === 'floor') {
    sum.floors.min += lo;
    sum.floors.count++;
  } else if (a.exactness === 'approximate' || a.approximate) {
    sum.approximate.min += lo;
    sum.approximate.max += a.value ?? a.max ?? lo;
    sum.approximate.count++;
  } else if (a.value !== undefined) {
    sum.exact += a.value;
    sum.exactCount++;
  } else {
    sum.ranges.min += lo;
    sum.ranges.max += a.max ?? lo;
    sum.ranges.count++;
  }
}

function tallyProgramme(t: Tally, p: ProgrammeResult): void {
  let pt = t.programs[p.id];
  if (!pt) {
    pt = { id: p.id, kind: p.kind, unit: p.unit, eligible: 0, undetermined: 0, ineligible: 0, alreadyReceives: 0 };
    if (p.unit === 'person') pt.members = { eligible: 0, undetermined: 0 };
    t.programs[p.id] = pt;
  }
  pt[p.status]++;
  if (p.alreadyReceives) pt.alreadyReceives++;
  if (pt.members && p.members) {
    for (const m of p.members) {
      if (m.status === 'eligible') pt.members.eligible++;
      else if (m.status === 'undetermined') pt.members.undetermined++;
    }
  }
  if (p.kind !== 'cash' || p.status !== 'eligible') return;
  if (!p.amount) {
    pt.noFigure = (pt.noFigure ?? 0) + 1;
    return;
  }
  if (p.amount.period === 'once') {
    addAmount((pt.once ??= emptyMoney()), p.amount);
    return;
  }
  if (p.members && p.members.some((m) => m.choice && !m.choice.taken)) {
    // Each member on their own: the options not taken apart from the money that counts.
    for (const m of p.members) {
      if (m.status !== 'eligible' || !m.amount) continue;
      if (m.choice && !m.choice.taken) {
        pt.alternatives ??= { count: 0, month: emptyMoney() };
        pt.alternatives.count++;
        addAmount(pt.alternatives.month, perMonth(m.amount));
      } else addAmount((pt.month ??= emptyMoney()), perMonth(m.amount));
    }
    return;
  }
  addAmount((pt.month ??= emptyMoney()), perMonth(p.amount));
}

/** A yearly amount as 1/12 per month, not rounded (rounding each household's share first would drift the sum). */
function perMonth(a: Amount): Amount {
  if (a.period !== 'year') return a;
  const f = (n: number | undefined): number | undefined => (n === undefined ? undefined : n / 12);
  return { ...a, period: 'month', value: f(a.value), min: f(a.min), max: f(a.max) };
}

export function tallyReport(t: Tally, r: Report): void {
  t.households++;
  for (const p of r.programs) tallyProgramme(t, p);
  addAmount(t.totalMonth, r.totals.month);
}

function mergeMoney(a: MoneySum, b: MoneySum): void {
  a.exact += b.exact;
  a.exactCount += b.exactCount;
  for (const k of ['approximate', 'ranges'] as const) {
    a[k].min += b[k].min;
    a[k].max += b[k].max;
    a[k].count += b[k].count;
  }
  a.floors.min += b.floors.min;
  a.floors.count += b.floors.count;
  a.unknown += b.unknown;
}

/** Add one tally (e.g. a worker's) into another. */
export function mergeTally(into: Tally, from: Tally): void {
  into.households += from.households;
  into.errors += from.errors;
  mergeMoney(into.totalMonth, from.totalMonth);
  for (const [id, p] of Object.entries(from.programs)) {
    const q = into.programs[id];
    if (!q) {
      into.programs[id] = structuredClone(p);
      continue;
    }
    q.eligible += p.eligible;
    q.undetermined += p.undetermined;
    q.ineligible += p.ineligible;
    q.alreadyReceives += p.alreadyReceives;
    if (q.members && p.members) {
      q.members.eligible += p.members.eligible;
      q.members.undetermined += p.members.undetermined;
    }
    if (p.noFigure) q.noFigure = (q.noFigure ?? 0) + p.noFigure;
    if (p.alternatives) {
      q.alternatives ??= { count: 0, month: emptyMoney() };
      q.alternatives.count += p.alternatives.count;
      mergeMoney(q.alternatives.month, p.alternatives.month);
    }
    if (p.month) mergeMoney((q.month ??= emptyMoney()), p.month);
    if (p.once) mergeMoney((q.once ??= emptyMoney()), p.once);
  }
}

const cents = (n: number): number => Math.round(n * 100) / 100;

function roundMoney(m: MoneySum): MoneySum {
  return {
    ...m,
    exact: cents(m.exact),
    approximate: { ...m.approximate, min: cents(m.approximate.min), max: cents(m.approximate.max) },
    ranges: { ...m.ranges, min: cents(m.ranges.min), max: cents(m.ranges.max) },
    floors: { ...m.floors, min: cents(m.floors.min) },
  };
}

/** The tally as JSON (`--summary=json`): programmes in the given order, sums rounded to the fen. */
export function tallyJson(t: Tally, order: readonly string[]): string {
  const programs = order.filter((id) => t.programs[id]).map((id) => {
    const p = t.programs[id]!;
    return {
      ...p,
      ...(p.month ? { month: roundMoney(p.month) } : {}),
      ...(p.once ? { once: roundMoney(p.once) } : {}),
      ...(p.alternatives ? { alternatives: { count: p.alternatives.count, month: roundMoney(p.alternatives.month) } } : {}),
    };
  });
  return JSON.stringify({ households: t.households, errors: t.errors, programs, totalMonth: roundMoney(t.totalMonth) });
}

/** "¥98,000 + 约¥1,200–¥1,500 + ¥300–¥900 + 不低于¥3,000；12 set locally, not added" — nothing passes for exact. */
export function moneyText(m: MoneySum, t: T, lang: Lang): string {
  const parts: string[] = [];
  const span = (min: number, max: number): string => (cents(min) === cents(max) ? money(cents(min), lang) : t('amount.range', { min: money(cents(min), lang), max: money(cents(max), lang) }));
  if (m.exactCount) parts.push(money(cents(m.exact), lang));
  if (m.approximate.count) parts.push(t('amount.approx', { value: span(m.approximate.min, m.approximate.max) }));
  if (m.ranges.count) parts.push(span(m.ranges.min, m.ranges.max));
  if (m.floors.count) parts.push(t('amount.floor', { value: money(cents(m.floors.min), lang) }));
  if (!parts.length && m.unknown) return t('cli.summary.unknownOnly', { count: m.unknown });
  let text = parts.length ? parts.join(' + ') : money(0, lang);
  if (m.unknown) text += t('cli.summary.unknownNotAdded', { count: m.unknown });
  return text;
}

/** The tally as a table for people (`--summary`), in the chosen language. */
export function tallyText(t: Tally, order: readonly string[], names: (id: string) => string, tr: T, lang: Lang): string {
  const out: string[] = [tr('cli.summary.title', { households: t.households, errors: t.errors })];
  for (const id of order) {
    const p = t.programs[id];
    if (!p) continue;
    const persons = p.members ? tr('cli.summary.persons', { eligible: p.members.eligible, undetermined: p.members.undetermined }) : '';
    const counts = tr('cli.summary.counts', { eligible: p.eligible, undetermined: p.undetermined, ineligible: p.ineligible });
    const already = p.alreadyReceives ? tr('cli.summary.already', { count: p.alreadyReceives }) : '';
    out.push(`${names(id)}: ${counts}${persons}${already}`);
    if (p.month) out.push(`    ${tr('cli.summary.month', { amount: moneyText(p.month, tr, lang) })}`);
    if (p.once) out.push(`    ${tr('cli.summary.once', { amount: moneyText(p.once, tr, lang) })}`);
    if (p.noFigure) out.push(`    ${tr('cli.summary.noFigure', { count: p.noFigure })}`);
    if (p.alternatives) out.push(`    ${tr('cli.summary.alternatives', { count: p.alternatives.count, amount: moneyText(p.alternatives.month, tr, lang) })}`);
  }
  out.push(tr('cli.summary.total', { amount: moneyText(t.totalMonth, tr, lang) }));
  return out.join('\n');
}
