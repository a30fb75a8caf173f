/**
 * The caseload's pure helpers: filtering the list (search, village, follow-up, last visit, programme) and the
 * screening summary (per programme, how many households may qualify and how many are undetermined).
 */
import type { ApplicationState, ProfileSummary } from '../../storage/types';

/** Village filter value for "no village recorded". */
export const NO_VILLAGE = '\u0000none';

export type VisitFilter = 'any' | 'over30' | 'over90' | 'never';
export type FoundFilter = 'any' | 'eligible' | 'undetermined';

export interface CaseFilters {
  query: string;
  /** '' = any village; {@link NO_VILLAGE} = none recorded. */
  village: string;
  followUp: boolean;
  visit: VisitFilter;
  /** Programme id, '' = any programme (with `found` = 'any': no programme filter at all). */
  programme: string;
  found: FoundFilter;
}

export const NO_FILTERS: CaseFilters = { query: '', village: '', followUp: false, visit: 'any', programme: '', found: 'any' };

export const APPLICATION_STATES: readonly ApplicationState[] = ['to-apply', 'applied', 'approved', 'refused'];

/** How many filters (besides the search box) are on. */
export function activeFilterCount(f: CaseFilters): number {
  return [f.village !== '', f.followUp, f.visit !== 'any', f.programme !== '' || f.found !== 'any'].filter(Boolean).length;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); null when `from` is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.round((b - a) / 86_400_000);
}

function matchesVisit(r: ProfileSummary, visit: VisitFilter, today: string): boolean {
  if (visit === 'any') return true;
  if (!r.lastVisit) return true; // never visited: also "not visited in 30 days"
  if (visit === 'never') return false;
  const days = daysBetween(r.lastVisit, today);
  if (days === null) return true;
  return days > (visit === 'over30' ? 30 : 90);
}

function matchesProgramme(r: ProfileSummary, programme: string, found: FoundFilter): boolean {
  const inEligible = (id: string) => (programme ? r.eligible.includes(id) : r.eligible.length > 0);
  const inUndetermined = (id: string) => (programme ? r.undetermined.includes(id) : r.undetermined.length > 0);
  if (found === 'eligible') return inEligible(programme);
  if (found === 'undetermined') return inUndetermined(programme);
  if (!programme) return true;
  return inEligible(programme) || inUndetermined(programme);
}

export function applyFilters(rows: ProfileSummary[], f: CaseFilters, today: string): ProfileSummary[] {
  const q = f.query.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!q || r.name.toLowerCase().includes(q) || (r.village ?? '').toLowerCase().includes(q)) &&
      (f.village === '' || (f.village === NO_VILLAGE ? !r.village?.trim() : r.village?.trim() === f.village)) &&
      (!f.followUp || r.followUp === true) &&
      matchesVisit(r, f.visit, today) &&
      matchesProgramme(r, f.programme, f.found),
  );
}

/** Villages recorded in the caseload, in Chinese collation order. */
export function villagesOf(rows: ProfileSummary[]): string[] {
  const set = new Set(rows.map((r) => r.village?.trim() ?? '').filter(Boolean));
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

export interface ProgrammeCount {
  id: string;
  eligible: number;
  undetermined: number;
}

/** Per programme: households that may qualify and households undetermined. In `order` (the pack's), then the rest. */
export function programmeCounts(rows: ProfileSummary[], order: readonly string[] = []): ProgrammeCount[] {
  const counts = new Map<string, ProgrammeCount>();
  const get = (id: string) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { id, eligible: 0, undetermined: 0 }));
    return c;
  };
  for (const r of rows) {
    for (const id of new Set(r.eligible)) get(id).eligible += 1;
    for (const id of new Set(r.undetermined)) get(id).undetermined += 1;
  }
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...counts.values()].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** Programme ids a household's list shows or filters on. */
export function programmesIn(rows: ProfileSummary[], order: readonly string[] = []): string[] {
  return programmeCounts(rows, order).map((c) => c.id);
}
