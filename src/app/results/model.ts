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

export type Group = 'eligible' | 'undetermined' | 'already' | 'ineligible';

export function groupOf(p: ProgrammeResult): Group {
  if (p.alreadyReceives) return 'already';
  return p.status;
}

export function grouped(report: Report): Record<Group, ProgrammeResult[]> {
  const out: Record<Group, ProgrammeResult[]> = { eligible: [], undetermined: [], already: [], ineligible: [] };
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
  return {
    rulesVersion: report.rulesVersion,
    date: report.date,
    computedAt: now.toISOString(),
    programmes: report.programs.map((p) => {
      // Figures entered on the device or from a region file travel with the result, so the caseload can say so.
      const entered = enteredFigures(p.figures);
      return { id: p.id, status: p.status, amount: p.amount, alreadyReceives: p.alreadyReceives, ...(entered.length ? { figures: entered } : {}) };
    }),
    totals: report.totals,
    missing: [...new Set(report.programs.flatMap((p) => (p.status === 'undetermined' ? p.missing : [])))],
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
  income: number;
  dibao: number | null;
  total: number | null;
}

export interface Curve {
  points: CurvePoint[];
  here: CurvePoint;
  /** Income at which dibao stops, if it does within the range. */
  cliff: number | null;
}

function countedIncomeOf(report: Report): number | null {
  const d = report.programs.find((p) => p.id === 'dibao');
  if (!d?.income) return null;
  return d.income.counted.reduce((s, x) => s + x.amount, 0);
}

/**
 * The dibao amount and the household's cash total as its monthly counted income changes: the applicant's wages are
 * moved so the counted total runs from 0 to about twice the line, everything else unchanged.
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
  const at = (income: number): CurvePoint => {
    const wages = Math.max(0, income - others);
    const h: Household = {
      ...household,
      members: household.members.map((m, i) => (i === who ? { ...m, income: { ...(m.income ?? {}), wages } } : m)),
    };
    const r = evaluate(h, cp, { date, explain: false });
    const dp = r.programs.find((p) => p.id === 'dibao');
    return { income: others + wages, dibao: dp?.status === 'eligible' ? (amountPoint(dp.amount) ?? 0) : 0, total: amountPoint(r.totals.month) };
  };
  const points: CurvePoint[] = [];
  for (let k = 0; k <= steps; k++) points.push(at(Math.max(others, (max * k) / steps)));
  // The cliff: where dibao goes from paying to not paying.
  let cliff: number | null = null;
  for (let k = 1; k < points.length; k++) {
    if ((points[k - 1]!.dibao ?? 0) > 0 && (points[k]!.dibao ?? 0) === 0) {
      cliff = line * counted;
      break;
    }
  }
  const dHere = amountPoint(d.status === 'eligible' ? d.amount : null) ?? 0;
  return { points, here: { income: here, dibao: dHere, total: amountPoint(current.totals.month) }, cliff };
}
