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
 *       "pastHorizon": { "horizon": "2025-12-31", "figures": ["dibao.standard.urban"] },  // the amount uses a
 *                                      // figure past the last day its source states it for: the newest known
 *                                      // one, the current one may differ (absent: none). Kept at --explain none.
 *       "members": [                   // person programmes: the members who are eligible, undetermined or already
 *         { "index": 1, "status": "eligible", "amount": {…} }  // receive it (others: ineligible), each a
 *       ]                              // MemberResult without `reasons`, `estimate`, `headline`, `missing`;
 *                                      // an option of a choice carries "choice": { "id", "taken" } (only the
 *                                      // taken one is in `totals`)
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
import type { Amount, MemberResult, ProgrammeResult, Report } from './report';

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

function without(obj: object, leftOut: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!leftOut.has(k) && !empty(v)) out[k] = v;
  return out;
}

/**
 * The summary as an object: the plain reference implementation (tests check summaryJson against it). Best from a
 * report evaluated with `explain: false`: the same verdicts, much faster.
 */
export function summarizeReport(report: Report, level: 'summary' | 'none' = 'summary'): SummaryReport {
  const programs: SummaryProgramme[] = [];
  const ineligible: string[] = [];
  for (const p of report.programs) {
    if (plainlyIneligible(p)) {
      ineligible.push(p.id);
      continue;
    }
    const entry = without(p, level === 'none' ? LEFT_OUT_NONE : LEFT_OUT);
    if (entry.members) {
      const members = p.members!.filter(listed).map((m) => without(m, MEMBER_LEFT_OUT));
      // Members last, as summaryJson writes them (after fields set on a result later, such as pastHorizon).
      delete entry.members;
      if (members.length) entry.members = members;
    }
    programs.push(entry as unknown as SummaryProgramme);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(report)) {
    if (k === 'programs') Object.assign(out, { explain: level, programs, ineligible });
    else if (v !== undefined) out[k] = v;
  }
  return out as unknown as SummaryReport;
}

/*
 * summaryJson writes the same JSON text directly. It runs once per household in a batch, where building objects and
 * calling JSON.stringify on each value cost as much as the evaluation itself. What keeps it fast and still generic:
 * per object shape (its own keys, in order — the engine builds results from one literal, so there are few shapes)
 * a plan of which keys to write, with their quoted names; and the quoted form of short strings, which repeat
 * (ids, statuses, paths). Any key the engine adds is in the object's keys, so it is written like the others.
 */
interface Plan {
  keys: string[];
  /** Per key: `"key":` to write it, or null to leave it out. */
  names: (string | null)[];
}

class Plans {
  private readonly plans: Plan[] = [];
  constructor(private readonly leftOut: Set<string>) {}
  for(keys: string[]): Plan {
    search: for (const p of this.plans) {
      if (p.keys.length !== keys.length) continue;
      for (let i = 0; i < keys.length; i++) if (p.keys[i] !== keys[i]) continue search;
      return p;
    }
    const plan: Plan = { keys, names: keys.map((k) => (this.leftOut.has(k) ? null : `${JSON.stringify(k)}:`)) };
    if (this.plans.length < 64) this.plans.push(plan);
    return plan;
  }
}

const quoted = new Map<string, string>();
const SAFE = /^[\w .\-[\]:+/]*$/;

function str(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = SAFE.test(s) ? `"${s}"` : JSON.stringify(s);
    if (s.length <= 64) {
      if (quoted.size > 4096) quoted.clear();
      quoted.set(s, q);
    }
  }
  return q;
}

const valuePlans = new Plans(new Set());

function value(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '';
        for (let i = 0; i < v.length; i++) out += `${i ? ',' : ''}${v[i] === undefined ? 'null' : value(v[i])}`;
        return `[${out}]`;
      }
      return object(v, valuePlans, false);
    }
    default:
      return 'null';
  }
}

/** An object's JSON by its plan; `dropEmpty` also leaves out null, false and empty lists (summary entries). */
function object(o: object, plans: Plans, dropEmpty: boolean): string {
  const keys = Object.keys(o);
  const plan = plans.for(keys);
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const name = plan.names[i];
    if (name === null) continue;
    const v = (o as Record<string, unknown>)[keys[i]!];
    if (v === undefined || typeof v === 'function' || (dropEmpty && empty(v))) continue;
    out += `${out ? ',' : ''}${name}${value(v)}`;
  }
  return `{${out}}`;
}

const programmePlans = { summary: new Plans(new Set([...LEFT_OUT, 'members'])), none: new Plans(LEFT_OUT_NONE) };
const memberPlans = new Plans(MEMBER_LEFT_OUT);

/*
 * The common shapes written field by field, without listing keys or looking up a plan: a programme result with just
 * the fields of the engine's one literal (evaluate.ts; explanations off), a member with the fields of its literal and
 * maybe `alreadyReceives`, amounts. An object with any other field (one the engine adds, or an explanation) takes the
 * generic path above, so a new field is never lost; a test compares both paths with summarizeReport.
 */

/** The fields of the engine's programme result literal (evaluate.ts), in its order. */
const LITERAL_KEYS = ['id', 'name', 'unit', 'kind', 'status', 'amount', 'alreadyReceives', 'reasons', 'missing', 'unknownFigures', 'sources', 'notes', 'documents', 'members'];
const MEMBER_LITERAL_KEYS = ['index', 'status', 'amount', 'missing'];

/**
 * Whether the object's own keys are `keys`, in that order, then maybe some of `extras` in their order (then the
 * field-by-field writers apply).
 */
function keysAre(o: object, keys: readonly string[], extras: readonly string[] = NO_EXTRAS): boolean {
  let i = 0;
  let e = 0;
  for (const k in o) {
    if (i < keys.length) {
      if (k !== keys[i]) return false;
      i++;
      continue;
    }
    while (e < extras.length && extras[e] !== k) e++;
    if (e === extras.length) return false;
    e++;
  }
  return i === keys.length;
}

const NO_EXTRAS: readonly string[] = [];
/** Member fields the evaluator adds after its literal, in the order it adds them. */
const MEMBER_EXTRAS = ['alreadyReceives', 'choice'];
/**
 * Programme fields the evaluator sets after its literal on some results, in the order it sets them: written on the
 * fast path too (after the literal's fields, before members, where the generic path puts them).
 */
const PROGRAMME_EXTRAS = ['pastHorizon', 'sensitive'];
const PROGRAMME_EXTRA_NAMES = PROGRAMME_EXTRAS.map((k) => `,${JSON.stringify(k)}:`);

const listText = (xs: readonly string[]): string => {
  let out = '';
  for (let i = 0; i < xs.length; i++) out += i ? `,${str(xs[i]!)}` : str(xs[i]!);
  return `[${out}]`;
};

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * The keys of every Amount, in order (evaluate.ts builds all of them with one function; absent ones are undefined).
 * A test holds the engine to this list, so a key added there must be added here.
 */
export const AMOUNT_KEYS = ['value', 'min', 'max', 'period', 'exactness', 'approximate'] as const;

/** An amount's JSON, as JSON.stringify writes it (undefined left out, non-finite numbers as null), ≈ 3× faster. */
function amountText(a: Amount): string {
  let out = '{';
  if (a.value !== undefined) out += `"value":${num(a.value)},`;
  if (a.min !== undefined) out += `"min":${num(a.min)},`;
  if (a.max !== undefined) out += `"max":${num(a.max)},`;
  out += `"period":${str(a.period)},"exactness":${str(a.exactness)}`;
  if (a.approximate !== undefined) out += `,"approximate":${a.approximate ? 'true' : 'false'}`;
  return `${out}}`;
}

/**
 * A programme result with any other fields, by its plan; members (listed ones) last, as summarizeReport writes them
 * (after fields set on a result later, such as pastHorizon or sensitive).
 */
function genericEntry(p: ProgrammeResult, level: 'summary' | 'none'): string {
  const keys = Object.keys(p);
  const plan = programmePlans[level].for(keys);
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === 'members') continue;
    const name = plan.names[i];
    if (name === null) continue;
    const v = (p as unknown as Record<string, unknown>)[keys[i]!];
    if (v === undefined || typeof v === 'function' || empty(v)) continue;
    out += `${out ? ',' : ''}${name}${value(v)}`;
  }
  if (level === 'summary' && p.members) {
    let members = '';
    for (const m of p.members) if (listed(m)) members += `${members ? ',' : ''}${memberEntry(m)}`;
    if (members) out += `${out ? ',' : ''}"members":[${members}]`;
  }
  return `{${out}}`;
}

/**
 * What starts a programme's entry on the fast path, per programme id: its quoted id, and `{"id":…,"unit":…,"kind":…
 * ,"status":…` for each status. Kept with the unit and kind it was made from, which are checked on every use.
 */
interface Head {
  unit: string;
  kind: string;
  id: string;
  eligible: string;
  ineligible: string;
  undetermined: string;
}
const heads = new Map<string, Head>();

function headOf(p: ProgrammeResult): Head {
  let h = heads.get(p.id);
  if (h === undefined || h.unit !== p.unit || h.kind !== p.kind) {
    let start = `{"id":${str(p.id)}`;
    if (p.unit != null) start += `,"unit":${str(p.unit)}`;
    if (p.kind != null) start += `,"kind":${str(p.kind)}`;
    h = { unit: p.unit, kind: p.kind, id: str(p.id), eligible: `${start},"status":"eligible"`, ineligible: `${start},"status":"ineligible"`, undetermined: `${start},"status":"undetermined"` };
    if (heads.size > 1024) heads.clear();
    heads.set(p.id, h);
  }
  return h;
}

/** A programme result with exactly the literal's fields, without its closing brace (members are the caller's). */
function literalEntry(p: ProgrammeResult, level: 'summary' | 'none'): string {
  const h = headOf(p);
  const status = p.status;
  let out = status === 'ineligible' ? h.ineligible : status === 'eligible' ? h.eligible : status === 'undetermined' ? h.undetermined : null;
  if (out === null) {
    out = `{"id":${h.id}`;
    if (p.unit != null) out += `,"unit":${str(p.unit)}`;
    if (p.kind != null) out += `,"kind":${str(p.kind)}`;
    if (status != null) out += `,"status":${str(status)}`;
  }
  if (p.amount != null) out += `,"amount":${amountText(p.amount)}`;
  if (p.alreadyReceives) out += ',"alreadyReceives":true';
  if (level === 'summary') {
    if (p.missing.length) out += `,"missing":${listText(p.missing)}`;
    if (p.unknownFigures.length) out += `,"unknownFigures":${listText(p.unknownFigures)}`;
  }
  const leftOut = level === 'none' ? LEFT_OUT_NONE : LEFT_OUT;
  for (let i = 0; i < PROGRAMME_EXTRAS.length; i++) {
    const k = PROGRAMME_EXTRAS[i]!;
    const v = (p as unknown as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || empty(v) || leftOut.has(k)) continue;
    out += `${PROGRAMME_EXTRA_NAMES[i]}${value(v)}`;
  }
  return out;
}

/** `{"index":i,"status":"…"` for the common indices and statuses. */
const MEMBER_HEADS: Record<string, string[]> = {};
for (const status of ['eligible', 'ineligible', 'undetermined']) MEMBER_HEADS[status] = Array.from({ length: 32 }, (_, i) => `{"index":${i},"status":"${status}"`);

function memberEntry(m: MemberResult): string {
  if (!keysAre(m, MEMBER_LITERAL_KEYS, MEMBER_EXTRAS)) return object(m, memberPlans, true);
  const heads = MEMBER_HEADS[m.status];
  let out = heads !== undefined && m.index >= 0 && m.index < 32 && Number.isInteger(m.index) ? heads[m.index]! : `{"index":${num(m.index)},"status":${str(m.status)}`;
  if (m.amount != null) out += `,"amount":${amountText(m.amount)}`;
  if (m.alreadyReceives) out += ',"alreadyReceives":true';
  if (m.choice != null) out += `,"choice":${value(m.choice)}`;
  return `${out}}`;
}

/** The summary as JSON text (the same as JSON.stringify(summarizeReport(report, level))). */
export function summaryJson(report: Report, level: 'summary' | 'none' = 'summary', prefix = ''): string {
  let programs = '';
  let ineligible = '';
  const list = report.programs;
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const literal = keysAre(p, LITERAL_KEYS, PROGRAMME_EXTRAS);
    if (plainlyIneligible(p)) {
      const id = literal ? headOf(p).id : str(p.id);
      ineligible += ineligible ? `,${id}` : id;
      continue;
    }
    if (!literal) {
      programs += `${programs ? ',' : ''}${genericEntry(p, level)}`;
      continue;
    }
    let members = '';
    if (level === 'summary' && p.members) {
      const ms = p.members;
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        if (listed(m)) members += members ? `,${memberEntry(m)}` : memberEntry(m);
      }
    }
    const entry = members ? `${literalEntry(p, level)},"members":[${members}]}` : `${literalEntry(p, level)}}`;
    programs += programs ? `,${entry}` : entry;
  }
  // Report-level fields in the report's order, the programme lists where `programs` was.
  let out = prefix;
  let first = true;
  for (const k in report) {
    const v = report[k as keyof Report];
    if (v === undefined) continue;
    // Plain data (the totals are two amounts): JSON.stringify writes what value() would, faster.
    const text = k === 'programs' ? `"explain":"${level}","programs":[${programs}],"ineligible":[${ineligible}]` : `${str(k)}:${typeof v === 'object' && v !== null ? JSON.stringify(v) : value(v)}`;
    out += first ? text : `,${text}`;
    first = false;
  }
  return `{${out}}`;
}
