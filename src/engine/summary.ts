/**
 * The summary report: what the CLI prints for `--explain summary` (the `--batch` default) and `--explain none`.
 * Like the full report (report.ts) it is a contract other tools read: fields are only ever added.
 *
 * It is the full report without the explanation — built from a report evaluated with `explain: false`, by leaving
 * out the fields that only explain (the list below), never by picking fields. So a field the engine adds to the
 * report (a programme kind, a figure-horizon flag, a choice between programmes…) reaches the summary unchanged.
 *
 * ```jsonc
 * {
 *   // every report-level field except `programs` (rulesVersion, region, date, lastVerified, totals, and any added)
 *   "explain": "summary",              // or "none"
 *   "programs": [                      // programmes with something to say, in the report's order:
 *     {                                // eligible, undetermined, already received, or with a missing answer /
 *       "id": "dibao",                 // unknown figure. Each is the report's ProgrammeResult without
 *       "unit": "household",           // `name` (it is always "prog.<id>.name"), `reasons`, `figures`, `income`,
 *       "kind": "cash",                // `sources`, `notes`, `documents`, `omits`.
 *       "status": "eligible",
 *       "amount": { "value": 900, "period": "month", "exactness": "exact" },
 *       "missing": ["members[1].age"], // household inputs that would decide it (paths name their member)
 *       "unknownFigures": ["dibao.standard.urban"],
 *       "members": [                   // person programmes: the members who are eligible, undetermined or already
 *         { "index": 1, "status": "eligible", "amount": {…} }  // receive it (others: ineligible), each a
 *       ]                              // MemberResult without `reasons`, `estimate`, `headline`, `missing`
 *     }
 *   ],
 *   "ineligible": ["tekun", "orphan"]  // the other programmes evaluated for the region: plainly ineligible
 * }
 * ```
 * A field that is null, false or an empty list is left out of programme and member entries (absent = none): an
 * `alreadyReceives` only appears when true, an `amount` only when there is a money figure.
 * `--explain none` is the same without `members`, `missing` and `unknownFigures` in the programme entries.
 * The batch adds where each line came from (`line`, or `household` and `rows` for CSV input) in front.
 */
import type { MemberResult, ProgrammeResult, Report } from './report';

export type ExplainLevel = 'full' | 'summary' | 'none';

/** Programme fields that only explain a verdict (or never change for a programme): in the full report only. */
export const EXPLANATION_FIELDS = ['name', 'reasons', 'figures', 'income', 'sources', 'notes', 'documents', 'omits'] as const;
/**
 * Member fields that only explain, and the member's `missing` (the programme's `missing` lists the same paths, and
 * each path names its member: `members[1].age`).
 */
export const MEMBER_EXPLANATION_FIELDS = ['reasons', 'estimate', 'headline', 'missing'] as const;
/** What `--explain none` leaves out on top of that. */
export const DETAIL_FIELDS = ['members', 'missing', 'unknownFigures'] as const;

export type SummaryMember = Omit<MemberResult, (typeof MEMBER_EXPLANATION_FIELDS)[number]>;
export type SummaryProgramme = Omit<ProgrammeResult, (typeof EXPLANATION_FIELDS)[number] | 'members' | 'missing' | 'unknownFigures'> & {
  members?: SummaryMember[];
  missing?: string[];
  unknownFigures?: string[];
};
export type SummaryReport = Omit<Report, 'programs'> & {
  explain: 'summary' | 'none';
  programs: SummaryProgramme[];
  /** Ids of the programmes evaluated for the region that are plainly ineligible. */
  ineligible: string[];
};

const LEFT_OUT = new Set<string>(EXPLANATION_FIELDS);
const LEFT_OUT_NONE = new Set<string>([...EXPLANATION_FIELDS, ...DETAIL_FIELDS]);
const MEMBER_LEFT_OUT = new Set<string>(MEMBER_EXPLANATION_FIELDS);

/** Ineligible with nothing else to say: no one receives it already, no answer or figure would change it. */
function plainlyIneligible(p: ProgrammeResult): boolean {
  return p.status === 'ineligible' && !p.alreadyReceives && !p.missing.length && !p.unknownFigures.length && !p.members?.some(listed);
}

/** A member worth listing: not plainly ineligible (a report evaluated without explanations lists only these). */
function listed(m: MemberResult): boolean {
  return m.status !== 'ineligible' || m.alreadyReceives === true || m.missing.length > 0;
}

/** Nothing to say: left out of the summary (absent means null, false or none). */
function empty(v: unknown): boolean {
  return v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0);
}

/** The summary of a report (best from one evaluated with `explain: false`: the same verdicts, much faster). */
export function summarizeReport(report: Report, level: 'summary' | 'none' = 'summary'): SummaryReport {
  return JSON.parse(summaryJson(report, level)) as SummaryReport;
}

/**
 * The summary as JSON text, written directly rather than built as objects and stringified: this runs once per
 * household in a batch, and the intermediate objects cost more than the evaluation's own bookkeeping.
 */
export function summaryJson(report: Report, level: 'summary' | 'none' = 'summary'): string {
  const leftOut = level === 'none' ? LEFT_OUT_NONE : LEFT_OUT;
  let programs = '';
  let ineligible = '';
  for (const p of report.programs) {
    if (plainlyIneligible(p)) {
      ineligible += ineligible ? `,${JSON.stringify(p.id)}` : JSON.stringify(p.id);
      continue;
    }
    let entry = '';
    for (const k in p) {
      if (leftOut.has(k)) continue;
      const v = p[k as keyof ProgrammeResult];
      if (empty(v)) continue;
      if (k === 'members') {
        let members = '';
        for (const m of v as MemberResult[]) if (listed(m)) members += `${members ? ',' : ''}${objectJson(m, MEMBER_LEFT_OUT)}`;
        if (members) entry += `${entry ? ',' : ''}"members":[${members}]`;
      } else entry += `${entry ? ',' : ''}"${k}":${JSON.stringify(v)}`;
    }
    programs += `${programs ? ',' : ''}{${entry}}`;
  }
  let out = '';
  for (const k in report) {
    if (k === 'programs') out += `${out ? ',' : ''}"explain":"${level}","programs":[${programs}],"ineligible":[${ineligible}]`;
    else out += `${out ? ',' : ''}"${k}":${JSON.stringify(report[k as keyof Report])}`;
  }
  return `{${out}}`;
}

function objectJson(obj: object, leftOut: Set<string>): string {
  let out = '';
  for (const k in obj) {
    const v = (obj as Record<string, unknown>)[k];
    if (leftOut.has(k) || empty(v)) continue;
    out += `${out ? ',' : ''}"${k}":${JSON.stringify(v)}`;
  }
  return `{${out}}`;
}
