/**
 * evaluate(household, pack, { region, date }) → report. Pure: no DOM, no I/O, no clock (the caller passes the date).
 */
import type { Household, IncomeKind, Member } from './household';
import { HOUSEHOLD_STATUSES, normalizeMember } from './household';
import type { CompiledCond, CompiledPack, CompiledProgramme, ResolvedParams, State } from './compile';
import { programmesPastHorizon, type ProgrammesPastHorizon } from './compile';
import type { Citation, Period, Unit } from './pack';
import type {
  Amount, EstimateLine, Figure, IncomeExplanation, MemberResult, ProgrammeResult, Reason, Report, Shown, Status,
} from './report';
import {
  add, and, div, isNum, isRange, isUnknown, mergeUnknown, NOT_APPLICABLE, not, or, range, unknown,
  type NumRange, type Tri, type Unknown, type Val,
} from './values';
import { memberPath, missingAt, VARIABLES } from './variables';
import { RegionCitations } from './citations';
import { HOUSEHOLD, malformedText } from './malformed';

export interface EvaluateOptions {
  /** Region id; defaults to the household's own. */
  region?: string;
  /** Evaluation date YYYY-MM-DD (required: the engine has no clock). */
  date: string;
  /** Build the full explanation (reasons, figures, income breakdown). Default true. */
  explain?: boolean;
}

const HOUSEHOLD_STATUS_SET = new Set<string>(HOUSEHOLD_STATUSES);

/**
 * Per-evaluation state. One is kept with each compiled pack and reused by the next evaluation (its caches cleared,
 * not reallocated): allocating them for every household was a large part of the evaluator's garbage. Nothing in it
 * ends up in the report.
 */
class EvalState implements State {
  household!: Household;
  params!: ResolvedParams;
  ymd: readonly [number, number, number] = [0, 0, 0];
  prog!: CompiledProgramme;
  /** Variable values: household scope, then one row per member (`varCount` to a row); undefined until computed. */
  readonly varCache: (Val | undefined)[] = [];
  readonly varCount: number;
  readonly letCache: (Val | undefined)[] = [];
  readonly letCount: number;
  /**
   * Slots of the variable and let caches filled in this evaluation: the next one empties just those, which is much
   * less than the whole caches (most variables and lets are never asked for a given household).
   */
  private readonly filled = new SlotList();
  private readonly filledLets = new SlotList();
  /** Per programme: whether it has been decided in this evaluation. */
  private readonly decided: boolean[];
  /**
   * What holds() answers per programme: programme index × `rowLength` + scope (0 the household, then each member;
   * a household programme's answer is written to every scope).
   */
  private readonly holdsAnswer: Tri[] = [];
  /** Room for this many scopes (household and members) per row in the per-scope tables; grows with the largest household. */
  private rowLength = 0;
  /**
   * For options of a choice between exclusive programmes (programme index × `rowLength` + member): the position of
   * the member's amount among the totals' terms, or -1. Written only for those programmes' members.
   */
  readonly choiceTerm: number[] = [];
  /** countedMemberCount, countedIncome, perCapitaCountedIncome per (composition, income) rule pair. */
  private readonly householdIncome: ([Val, Val, Val] | undefined)[];
  /** Per composition rule set: who counts (shared by programmes with the same rules). */
  private readonly membershipBySpec: (Tri[] | undefined)[];
  /** Per income rule set × `rowLength` + member: counted monthly income. */
  private readonly ownIncome: (Val | undefined)[] = [];
  usedParams: Set<number> | null = null;
  /**
   * Whether any status at all is listed for the household, and for any member. Most households list none, and then
   * no programme can be "already received" (asked for every programme and member, so worth knowing up front).
   */
  householdStatuses = false;
  memberStatuses = false;
  /** Scratch for assembling the report (reset per programme or member; their lists are never reused). */
  readonly progWhy = new Why();
  readonly memberWhy = new Why();
  readonly eligibleSum = new AmountSum();
  readonly maybeSum = new AmountSum();
  readonly terms = new TotalTerms();

  constructor(readonly pack: CompiledPack) {
    this.varCount = pack.varIds.length;
    this.letCount = pack.letCount;
    this.decided = filled(pack.programmes.length, false);
    this.householdIncome = filled(pack.membersSpecCount * pack.incomeSpecCount, undefined);
    this.membershipBySpec = filled(pack.membersSpecCount, undefined);
  }

  /** Ready for a new household: every cache emptied. */
  start(household: Household, params: ResolvedParams, ymd: readonly [number, number, number]): void {
    this.household = household;
    this.params = params;
    this.ymd = ymd;
    this.usedParams = null;
    this.householdStatuses = household.statuses !== undefined && household.statuses.length !== 0;
    let memberStatuses = false;
    for (let i = 0; i < household.members.length; i++) {
      const list = household.members[i]!.statuses;
      if (list !== undefined && list.length !== 0) memberStatuses = true;
    }
    this.memberStatuses = memberStatuses;
    const rows = household.members.length + 1;
    if (rows > this.rowLength) this.rowLength = rows;
    this.filled.empty(this.varCache);
    this.filledLets.empty(this.letCache);
    growTo(this.varCache, rows * this.varCount);
    growTo(this.letCache, rows * this.letCount);
    fillUndefined(this.ownIncome, this.pack.incomeSpecCount * this.rowLength);
    // Not emptied: a programme's row is written for every scope before holds() may read it.
    growTo(this.holdsAnswer, this.pack.programmes.length * this.rowLength);
    if (this.pack.choices.length) growTo(this.choiceTerm, this.pack.programmes.length * this.rowLength);
    for (let i = 0; i < this.decided.length; i++) this.decided[i] = false;
    fillUndefined(this.householdIncome, this.householdIncome.length);
    fillUndefined(this.membershipBySpec, this.membershipBySpec.length);
  }

  begin(prog: CompiledProgramme): void {
    this.prog = prog;
  }

  /** Where a programme's members start in `choiceTerm`. */
  choiceRow(prog: CompiledProgramme): number {
    return prog.index * this.rowLength;
  }

  var(index: number, mi: number): Val {
    const slot = (mi + 1) * this.varCount + index;
    let v = this.varCache[slot];
    if (v === undefined) {
      const def = this.pack.varDefs[index]!;
      // members[-1] is not an array read but a property lookup by the name "-1", which is slow: never ask for it.
      if (mi < 0) v = def.scope === 'person' ? NOT_APPLICABLE : def.compute(this, undefined, mi);
      else v = def.compute(this, this.household.members[mi], mi);
      this.varCache[slot] = v;
      this.filled.add(slot);
    }
    return v;
  }

  letValue(prog: CompiledProgramme, index: number, mi: number): Val {
    const slot = (mi + 1) * this.letCount + prog.letBase + index;
    let v = this.letCache[slot];
    if (v === undefined) {
      v = prog.lets[index]!(this, mi);
      this.letCache[slot] = v;
      this.filledLets.add(slot);
    }
    return v;
  }

  /** Record what holds() answers for a programme: for the household, and for each member of a household programme. */
  decide(prog: CompiledProgramme, household: Tri): void {
    const row = prog.index * this.rowLength;
    this.holdsAnswer[row] = household;
    if (prog.scope === 'household') {
      const n = this.household.members.length;
      for (let i = 1; i <= n; i++) this.holdsAnswer[row + i] = household;
    }
    this.decided[prog.index] = true;
  }

  /** What holds() answers for one member of a person programme (before decide()). */
  decideMember(prog: CompiledProgramme, mi: number, t: Tri): void {
    this.holdsAnswer[prog.index * this.rowLength + mi + 1] = t;
  }

  /**
   * holds(x): the rules' verdict for x, or an answer saying the household already receives it. An unanswered
   * "already receives" question does not make a decided verdict unknown: recognition follows the same rules, so
   * the verdict stands unless the household says otherwise.
   */
  holds(progIndex: number, mi: number): Tri {
    // Worked out once when the programme was evaluated (verdict, or already receiving it).
    if (this.decided[progIndex]) return this.holdsAnswer[progIndex * this.rowLength + mi + 1]!;
    const prog = this.pack.programmes[progIndex]!;
    // A programme that does not apply in this region: only an answer saying the household receives it counts.
    const receivedAs = prog.receivedAs;
    return receivedAs !== undefined && this.receivesKind(prog.receivedAsHousehold, receivedAs, prog.scope === 'household' ? -1 : mi) === true;
  }

  /** False when receivesKind(household, …) cannot be true: no status is listed for the household (or for anyone). */
  mayReceive(household: boolean): boolean {
    return household ? this.householdStatuses : this.memberStatuses;
  }

  receives(status: string, mi: number): Tri {
    return this.receivesKind(HOUSEHOLD_STATUS_SET.has(status), status, mi);
  }

  /** receives() with the status kind decided beforehand (the compiler knows it), skipping a set lookup. */
  receivesKind(household: boolean, status: string, mi: number): Tri {
    const h = this.household;
    if (household) {
      return h.statuses ? h.statuses.includes(status as never) : (missingAt('statuses') as Unknown);
    }
    if (mi >= 0) {
      const m = h.members[mi];
      if (!m) return false;
      const list = m.statuses;
      if (list === undefined) return missingAt(memberPath(mi, 'statuses')) as Unknown;
      return list.length !== 0 && list.includes(status as never);
    }
    let acc: Tri = false;
    for (let i = 0; i < h.members.length; i++) {
      const t = this.receivesKind(false, status, i);
      if (t === true) return true;
      acc = or(acc, t);
    }
    return acc;
  }

  /** Who counts as a member of the household for the current programme (57号: not those in prison, …). */
  private members(): Tri[] {
    const spec = this.prog.membersSpec;
    const shared = this.membershipBySpec[spec];
    if (shared) return shared;
    const excl = this.prog.exclude;
    const out: Tri[] = new Array(this.household.members.length);
    for (let i = 0; i < out.length; i++) {
      let left: Tri = false;
      for (let k = 0; k < excl.length; k++) {
        const t = excl[k]!.test(this, i);
        if (t === true) {
          left = true;
          break;
        }
        left = or(left, t);
      }
      out[i] = not(left);
    }
    this.membershipBySpec[spec] = out;
    return out;
  }

  /** The household figures of the current programme's rules, computed once per rule pair and evaluation. */
  private incomeFigures(): [Val, Val, Val] {
    const key = this.prog.membersSpec * this.pack.incomeSpecCount + this.prog.incomeSpec;
    let f = this.householdIncome[key];
    if (!f) {
      const count = this.computeCountedMemberCount();
      const income = this.computeCountedIncome();
      f = [count, income, div(income, count)];
      this.householdIncome[key] = f;
    }
    return f;
  }

  countedMemberCount(): Val {
    return this.incomeFigures()[0];
  }

  countedIncome(): Val {
    return this.incomeFigures()[1];
  }

  perCapitaCountedIncome(): Val {
    return this.incomeFigures()[2];
  }

  private computeCountedMemberCount(): Val {
    const m = this.members();
    let sure = 0;
    let maybe = 0;
    let why: Unknown | null = null;
    for (let i = 0; i < m.length; i++) {
      const t = m[i]!;
      if (t === true) sure += 1;
      else if (t !== false) {
        maybe += 1;
        why = why ? mergeUnknown(why, t) : t;
      }
    }
    return maybe === 0 ? sure : range(sure, sure + maybe, false, why!.missing, why!.params);
  }

  private computeCountedIncome(): Val {
    const m = this.members();
    let total: Val = 0;
    let why: Unknown | null = null;
    for (let i = 0; i < m.length; i++) {
      const t = m[i]!;
      if (t === false) continue;
      if (t !== true) {
        why = why ? mergeUnknown(why, t) : t;
        continue;
      }
      total = add(total, this.ownCountedIncome(i));
    }
    return why ? mergeUnknown(why, total) : total;
  }

  ownCountedIncome(mi: number): Val {
    const member = mi < 0 ? undefined : this.household.members[mi];
    if (!member) return NOT_APPLICABLE;
    const inc = member.income;
    if (!inc) return missingAt(memberPath(mi, 'income'));
    const slot = this.prog.incomeSpec * this.rowLength + mi;
    const hit = this.ownIncome[slot];
    if (hit !== undefined) return hit;
    let sum = 0;
    // Only the kinds present: walking the answer is cheaper than asking it for every kind.
    for (const k in inc) {
      if (this.prog.countedKinds.includes(k as IncomeKind)) sum += inc[k as IncomeKind] ?? 0;
    }
    this.ownIncome[slot] = sum;
    return sum;
  }

  /** Which members the current programme counts, after its composition rules (for explanations). */
  membershipFor(): Tri[] {
    return this.members();
  }
}

/** An array of `length` times `v`, built by pushing so it has no holes (reads from holey arrays are slower). */
function filled<T>(length: number, v: T): T[] {
  const xs: T[] = [];
  for (let i = 0; i < length; i++) xs.push(v);
  return xs;
}

/** Makes a reused table at least `length` long (new entries undefined). */
function growTo(xs: unknown[], length: number): void {
  for (let i = xs.length; i < length; i++) xs.push(undefined);
}

/**
 * Empties the first `length` entries of a reused table, growing it when needed. A plain loop:
 * Array.prototype.fill runs outside the JIT's code and cost more than the stores.
 */
function fillUndefined(xs: unknown[], length: number): void {
  growTo(xs, length);
  for (let i = 0; i < length; i++) xs[i] = undefined;
}

/** Slots of a cache that were filled (kept with a count: shortening an array would give up its storage). */
class SlotList {
  private readonly slots: number[] = [];
  private count = 0;
  add(slot: number): void {
    if (this.count < this.slots.length) this.slots[this.count] = slot;
    else this.slots.push(slot);
    this.count++;
  }
  /** Empty the listed slots of `cache`, and the list. */
  empty(cache: unknown[]): void {
    for (let i = 0; i < this.count; i++) cache[this.slots[i]!] = undefined;
    this.count = 0;
  }
}

// ── conversions for the report ─────────────────────────────────────────────

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function shown(v: Val): Shown {
  if (typeof v === 'number') return round2(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isRange(v)) {
    if (v.lo === -Infinity) return null;
    if (v.lo === v.hi) return v.approx ? { min: round2(v.lo), max: round2(v.hi), approximate: true } : round2(v.lo);
    const out: { min: number; max: number | null; approximate?: boolean } = { min: round2(v.lo), max: v.hi === Infinity ? null : round2(v.hi) };
    if (v.approx) out.approximate = true;
    return out;
  }
  if (Array.isArray(v)) return v.join(', ');
  return null;
}

/** Unknown because a figure is not in the sources (not because an answer is missing). */
function setLocally(v: Val): boolean {
  return isUnknown(v) && v.params.length > 0 && v.missing.length === 0;
}

function line(label: string, v: Val, unit: Unit, source?: Citation): EstimateLine {
  const out: EstimateLine = { id: '', label, value: shown(v), unit };
  if (setLocally(v)) out.setLocally = true;
  if (source) out.source = source;
  return out;
}

/*
 * Every Amount has the same six keys in the same order (absent ones undefined, which JSON leaves out, so the JSON is
 * as if they were not there): one object shape, so the code reading amounts stays monomorphic. Four shapes made the
 * optimised evaluate() throw itself away ("wrong map") several times in a batch's first thousand households.
 */
function amountObject(period: Period, exactness: Amount['exactness'], value?: number, min?: number, max?: number, approximate?: true): Amount {
  return { value, min, max, period, exactness, approximate };
}

const unknownAmount = (period: Period): Amount => amountObject(period, 'unknown');

function toAmount(v: Val, period: Period): Amount {
  if (typeof v === 'number') return amountObject(period, 'exact', round2(v));
  if (isRange(v) && v.lo !== -Infinity) return amountOf(v.lo, v.hi, v.approx, period);
  return unknownAmount(period);
}

function statusOf(t: Tri): Status {
  return t === true ? 'eligible' : t === false ? 'ineligible' : 'undetermined';
}

/** Without repeats; the list is fresh (not shared), so it is returned as it is when it has none. */
function uniq(xs: string[]): string[] {
  if (xs.length < 2) return xs;
  for (let i = 1; i < xs.length; i++) {
    if (xs.indexOf(xs[i]!) !== i) {
      // The lists are short: a scan keeps the first of each in order, as a Set would, without building one.
      const out: string[] = xs.slice(0, i);
      for (let j = i + 1; j < xs.length; j++) if (!out.includes(xs[j]!)) out.push(xs[j]!);
      return out;
    }
  }
  return xs;
}

function outcomeOf(t: Tri): Reason['outcome'] {
  return t === true ? 'met' : t === false ? 'not-met' : 'unknown';
}

function trace(cc: CompiledCond, st: EvalState, mi: number, cites: RegionCitations): Reason {
  const node = cc.node;
  const t = cc.test(st, mi);
  const r: Reason = { id: node.id, label: node.label ?? '', outcome: outcomeOf(t) };
  // The condition's citation that applies in this region (never a city plan of another region).
  const source = cites.cond(node);
  if (source) r.source = source;
  if (isUnknown(t)) {
    if (t.missing.length) r.missing = [...t.missing];
    if (t.params.length) r.unknownFigures = [...t.params];
    if (t.discretionary) r.discretionary = true;
  }
  if (cc.left && cc.right && cc.op) {
    const l = cc.left(st, mi);
    const rv = cc.right(st, mi);
    r.values = { left: shown(l), right: shown(rv), op: cc.op };
    if (setLocally(l)) r.values.leftSetLocally = true;
    if (setLocally(rv)) r.values.rightSetLocally = true;
    if (cc.unit) r.values.unit = cc.unit;
    if (cc.leftVar) r.values.var = cc.leftVar;
    if (isNum(l) && isNum(rv) && (cc.op === '<' || cc.op === '<=' || cc.op === '>' || cc.op === '>=')) {
      const a = typeof l === 'number' ? l : l.lo === l.hi ? l.lo : NaN;
      const b = typeof rv === 'number' ? rv : rv.lo === rv.hi ? rv.lo : NaN;
      if (Number.isFinite(a) && Number.isFinite(b)) {
        r.nearMiss = { difference: round2(a - b) };
        if (cc.unit) r.nearMiss.unit = cc.unit;
      }
    }
  }
  // A negation's label already says what it checks; its inner condition would only repeat it the other way round.
  if (cc.children && node.kind !== 'not') {
    const out: Reason[] = [];
    for (const c of cc.children) {
      const cr = trace(c, st, mi, cites);
      out.push(cr);
      // A gate not met (who the programme is for): what follows it says nothing about this person.
      if (node.kind === 'all' && c.node.kind === 'test' && c.node.gate && cr.outcome === 'not-met') break;
    }
    r.children = out;
  }
  return r;
}

/**
 * A list of reasons (missing inputs or unknown figures) built up from values' lists. The first list added is only
 * borrowed (most results have one) and copied before anything is added to it: the value it came from keeps it
 * unchanged. Made only when something goes in; clearing reused arrays turned out to cost more.
 */
class ReasonList {
  items: string[] | null = null;
  private own = false;
  reset(): void {
    this.items = null;
    this.own = false;
  }
  add(from: readonly string[]): void {
    const to = this.items;
    if (to === null) this.items = from as string[];
    else if (this.own) pushAll(to, from);
    else {
      this.items = pushAll(to.slice(), from);
      this.own = true;
    }
  }
  /** Each reason once, in a list of the result's own (never one borrowed from a value). */
  take(): string[] {
    const xs = this.items!;
    const u = uniq(xs);
    return u === xs && !this.own ? xs.slice() : u;
  }
}

/** The inputs and figures an unknown result waits for, collected per programme and per member. */
class Why {
  readonly missingReasons = new ReasonList();
  readonly figureReasons = new ReasonList();
  get missing(): string[] | null {
    return this.missingReasons.items;
  }
  get figures(): string[] | null {
    return this.figureReasons.items;
  }
  reset(): void {
    this.missingReasons.reset();
    this.figureReasons.reset();
  }
  add(t: Tri | Val): void {
    // Only unknowns and ranges are objects that carry reasons (lists of strings carry none).
    if (typeof t !== 'object' || Array.isArray(t)) return;
    const w = t as Unknown | NumRange;
    const missing = w.missing;
    if (missing.length) this.missingReasons.add(missing);
    const params = w.params;
    if (params.length) this.figureReasons.add(params);
  }
  addAll(other: Why): void {
    if (other.missing) this.missingReasons.add(other.missing);
    if (other.figures) this.figureReasons.add(other.figures);
  }
  missingList(): string[] {
    return this.missingReasons.take();
  }
  figuresList(): string[] {
    return this.figureReasons.take();
  }
}

function pushAll(to: string[], from: readonly string[]): string[] {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
  return to;
}

function figuresFor(st: EvalState, res: ResolvedParams): Figure[] {
  const out: Figure[] = [];
  if (!st.usedParams) return out;
  for (const i of [...st.usedParams].sort((a, b) => a - b)) {
    const id = st.pack.paramIds[i]!;
    const def = st.pack.pack.parameters[id]!;
    const origin = res.origins[i];
    out.push({
      id,
      value: shown(res.values[i]!),
      unit: def.unit as Unit,
      strength: origin ? origin.value.strength : 'unknown',
      from: origin ? origin.value.from : null,
      region: origin ? origin.region : null,
      source: origin ? origin.value.source : null,
      ...(origin?.value.entered ? { entered: origin.value.entered } : {}),
      ...(origin?.value.note ? { note: origin.value.note } : {}),
      ...(origin?.value.horizon ? { horizon: origin.value.horizon } : {}),
      ...(res.pastHorizon?.[i] ? { pastHorizon: true as const } : {}),
    });
  }
  return out;
}

function incomeFor(st: EvalState, prog: CompiledProgramme): IncomeExplanation {
  const membership = st.membershipFor();
  const counted = new Map<string, number>();
  const notCounted = new Map<string, number>();
  const countedMembers: number[] = [];
  const leftOutMembers: { index: number; reason: string }[] = [];
  const members = st.household.members;
  membership.forEach((t, i) => {
    if (t === false) {
      const why = prog.exclude.find((c) => c.test(st, i) === true);
      leftOutMembers.push({ index: i, reason: why?.node.label ?? '' });
      return;
    }
    if (t !== true) return;
    countedMembers.push(i);
    const inc = members[i]!.income ?? {};
    for (const [k, v] of Object.entries(inc)) {
      if (!v) continue;
      const map = prog.notCounted.has(k) ? notCounted : counted;
      map.set(k, (map.get(k) ?? 0) + v);
    }
  });
  return {
    countedMembers,
    leftOutMembers,
    counted: [...counted].map(([kind, amount]) => ({ kind, amount: round2(amount) })),
    notCounted: [...notCounted].map(([kind, amount]) => {
      const rule = prog.notCounted.get(kind)!;
      return { kind, amount: round2(amount), reason: rule.reason, source: rule.source };
    }),
  };
}

function estimateFor(st: EvalState, prog: CompiledProgramme, mi: number, cites: RegionCitations): EstimateLine[] | undefined {
  const est = prog.estimate;
  if (!est || est.when(st, mi) !== true) return undefined;
  return est.steps.map((s) => ({ ...line(s.label, s.value(st, mi), s.unit, cites.one(s.source)), id: s.name }));
}

/** The amount's value for one scope: null when not eligible-or-maybe, or when the programme pays no money. */
function amountValue(st: EvalState, prog: CompiledProgramme, mi: number, t: Tri): Val | null {
  if (t === false || !prog.amount) return null;
  if (prog.amountWhen && prog.amountWhen(st, mi) !== true) return null;
  return prog.amount(st, mi);
}

/**
 * An amount's bounds as the report shows them (rounded), kept as plain numbers so sums and totals need not read
 * them back from the report's Amount objects (which come in several shapes). `known` is false for an unknown amount.
 */
const shownBounds = { lo: 0, hi: 0, approx: false, known: false };

function setShownBounds(v: Val): void {
  const b = shownBounds;
  if (typeof v === 'number') {
    b.lo = b.hi = round2(v);
    b.approx = false;
    b.known = true;
  } else if (isRange(v) && v.lo !== -Infinity) {
    b.lo = round2(v.lo);
    b.hi = v.lo === v.hi ? b.lo : v.hi === Infinity ? Infinity : round2(v.hi);
    b.approx = v.approx;
    b.known = true;
  } else {
    b.known = false;
  }
}

/** Sum of members' amounts, added as they come; an unknown one makes the sum unknown. */
class AmountSum {
  count = 0;
  lo = 0;
  hi = 0;
  approx = false;
  unknown = false;
  first: Amount | null = null;
  reset(): void {
    this.count = 0;
    this.lo = 0;
    this.hi = 0;
    this.approx = false;
    this.unknown = false;
    this.first = null;
  }
  /** Add an amount whose bounds are in `shownBounds`. */
  add(a: Amount): void {
    if (this.count++ === 0) this.first = a;
    const b = shownBounds;
    if (!b.known) {
      this.unknown = true;
      return;
    }
    this.lo += b.lo;
    this.hi += b.hi;
    this.approx ||= b.approx;
  }
  result(period: Period): Amount | null {
    if (this.count === 0) return null;
    if (this.count === 1) return this.first;
    if (this.unknown) return unknownAmount(period);
    return amountOf(this.lo, this.hi, this.approx, period);
  }
}

function amountOf(lo: number, hi: number, approx: boolean, period: Period): Amount {
  if (lo === hi) return amountObject(period, approx ? 'approximate' : 'exact', round2(lo));
  if (hi === Infinity) return amountObject(period, 'floor', undefined, round2(lo), undefined, approx ? true : undefined);
  return amountObject(period, approx ? 'approximate' : 'exact', undefined, round2(lo), round2(hi));
}

/**
 * What the household totals add up: the bounds of each amount of an eligible cash programme (per member for a person
 * programme), recorded while the programmes are evaluated and added up in the report's order at the end, so the sums
 * are the same to the last bit as adding up the report's amounts.
 */
class TotalTerms {
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];
  private readonly approx: boolean[] = [];
  private readonly known: boolean[] = [];
  count = 0;
  /** Per report position: its terms are [start, end), times `perMonth` to make them monthly. */
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly perMonth: number[] = [];
  reset(): void {
    this.count = 0;
  }
  /** Leave a recorded term out of the totals (an option of a choice that is not taken): it adds nothing. */
  drop(k: number): void {
    this.lo[k] = 0;
    this.hi[k] = 0;
    this.approx[k] = false;
    this.known[k] = true;
  }
  /** Record the amount whose bounds are in `shownBounds`. */
  push(): void {
    const b = shownBounds;
    const k = this.count++;
    this.lo[k] = b.lo;
    this.hi[k] = b.hi;
    this.approx[k] = b.approx;
    this.known[k] = b.known;
  }
  /** The terms recorded since `from` belong to the programme at report position `slot`. */
  close(slot: number, from: number, period: Period): void {
    this.start[slot] = from;
    this.end[slot] = this.count;
    this.perMonth[slot] = period === 'year' ? 1 / 12 : 1;
  }
  /** Household totals per month and per year; unknown amounts make it "at least". */
  totals(slots: number): Report['totals'] {
    let lo = 0;
    let hi = 0;
    let approx = false;
    let someUnknown = false;
    for (let s = 0; s < slots; s++) {
      const f = this.perMonth[s]!;
      for (let k = this.start[s]!; k < this.end[s]!; k++) {
        if (!this.known[k]) {
          someUnknown = true;
          continue;
        }
        lo += this.lo[k]! * f;
        hi += this.hi[k]! * f;
        approx ||= this.approx[k]!;
      }
    }
    if (someUnknown) hi = Infinity;
    return { month: amountOf(lo, hi, approx, 'month'), year: amountOf(lo * 12, hi * 12, approx, 'year') };
  }
}

/** The programmes that apply in a region, in evaluation order, each with its place in the display order. */
interface RegionPlan {
  programmes: CompiledProgramme[];
  slots: number[];
  /** Choices between exclusive programmes with two or more options in this region (person programmes only). */
  choices: PlanChoice[];
  lastVerified: string;
  /** The citations that apply in this region (a result never cites another region's documents). */
  cites: RegionCitations;
  /** The parameters of the date last evaluated in this region. */
  date: string;
  params: ResolvedParams | null;
  /** Per programme index: figures past their horizon on that date (worked out with `params`). */
  pastHorizon?: ProgrammesPastHorizon;
}

interface PlanChoice {
  id: string;
  /** The options in tie order: their programmes and their positions in the report. */
  progs: CompiledProgramme[];
  slots: number[];
}

/** What evaluate() keeps per compiled pack between calls. */
interface PackRuntime {
  plans: Map<string, RegionPlan>;
  /** A state for the next evaluation. Taken while an evaluation runs, so two evaluations never share one. */
  spare: EvalState | null;
}

const runtimes = new WeakMap<CompiledPack, PackRuntime>();

function runtimeFor(cp: CompiledPack): PackRuntime {
  let rt = runtimes.get(cp);
  if (!rt) {
    rt = { plans: new Map(), spare: null };
    runtimes.set(cp, rt);
  }
  return rt;
}

function planFor(cp: CompiledPack, rt: PackRuntime, region: string): RegionPlan {
  let plan = rt.plans.get(region);
  if (!plan) {
    const chain = cp.chains.get(region);
    if (!chain) throw new RangeError(`unknown region "${region}"`);
    const programmes = cp.programmes.filter((p) => p.def.regions.some((r) => chain.includes(r)));
    const shown = [...programmes].sort((a, b) => (cp.displayRank.get(a.def.id) ?? 999) - (cp.displayRank.get(b.def.id) ?? 999));
    const lastVerified = chain.map((r) => cp.pack.regions[r]?.lastVerified ?? '').find((d) => d) ?? '';
    const slots = programmes.map((p) => shown.indexOf(p));
    const choices: PlanChoice[] = [];
    for (const group of cp.choices) {
      const progs = group.options.map((i) => cp.programmes[i]!).filter((p) => programmes.includes(p) && p.scope === 'person');
      if (progs.length >= 2) choices.push({ id: group.id, progs, slots: progs.map((p) => slots[programmes.indexOf(p)]!) });
    }
    plan = { programmes, slots, choices, lastVerified, cites: new RegionCitations(cp.pack, chain), date: '', params: null };
    rt.plans.set(region, plan);
  }
  return plan;
}

/** The evaluation date as numbers, parsed once for a run of evaluations on one date. */
let lastDate = '';
let lastYmd: readonly [number, number, number] = [0, 0, 0];
function ymdOf(date: string): readonly [number, number, number] {
  if (date !== lastDate) {
    lastYmd = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
    lastDate = date;
  }
  return lastYmd;
}

/** Shared empty lists for results that have nothing to list (never mutated). */
const NONE: string[] = [];
const NO_REASONS: Reason[] = [];

/**
 * `evaluate` was given something that is not shaped like a household (the CLI and the app validate first, with
 * engine/validate.ts; this is the engine's own last line, for callers that do not). Names the path, in Chinese and
 * English.
 */
export class InvalidHouseholdError extends Error {
  readonly code = 'invalid-household';
  constructor(
    readonly path: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'InvalidHouseholdError';
  }
}

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null;

function malformed(path: string, zh: string, en: string): never {
  const text = malformedText(HOUSEHOLD, path, { zh, en });
  throw new InvalidHouseholdError(path, text.zh, text.en);
}

/**
 * The members, normalised (one object shape for the evaluator), after checking the structure it walks: objects where
 * it reads fields, lists where it iterates. Only that — values are engine/validate.ts's business (a wrong value gives
 * an answer the validator would have named; a wrong shape gave a TypeError). The checks read the normalised copies,
 * which all have the same shape, so they cost a few nanoseconds (README: bench).
 */
export function guardedMembers(h: Household): Member[] {
  if (!isRecord(h)) malformed('', '应为一个对象', 'must be an object');
  const members = h.members as unknown;
  if (!Array.isArray(members)) malformed('members', '应为成员列表', 'members must be a list');
  if (h.statuses !== undefined && !Array.isArray(h.statuses)) malformed('statuses', '应为列表', 'must be a list');
  const out: Member[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const raw: unknown = members[i];
    if (!isRecord(raw)) malformed(`members[${i}]`, '应为一个对象', 'must be an object');
    const m = normalizeMember(raw as Member);
    if (m.income !== undefined && !isRecord(m.income)) badMember(i, 'income');
    if (m.disability !== undefined && !isRecord(m.disability)) badMember(i, 'disability');
    if (m.selfCare !== undefined && !isRecord(m.selfCare)) badMember(i, 'selfCare');
    if (m.school !== undefined && !isRecord(m.school)) badMember(i, 'school');
    if (m.hospitalBill !== undefined && !isRecord(m.hospitalBill)) badMember(i, 'hospitalBill');
    if (m.statuses !== undefined && !Array.isArray(m.statuses)) malformed(`members[${i}].statuses`, '应为列表', 'must be a list');
    if (m.birthDate !== undefined && typeof m.birthDate !== 'string') malformed(`members[${i}].birthDate`, '应为日期文字', 'must be a date as text');
    out[i] = m;
  }
  return out;
}

function badMember(i: number, key: string): never {
  return malformed(`members[${i}].${key}`, '应为一个对象', 'must be an object');
}

/**
 * Evaluate every programme of the household's region on `options.date`. Expects a household that passed
 * engine/validate.ts; anything not even shaped like one throws {@link InvalidHouseholdError} (never a TypeError),
 * an unknown region a RangeError.
 */
export function evaluate(household: Household, cp: CompiledPack, options: EvaluateOptions): Report {
  const members = guardedMembers(household);
  const region = options.region ?? household.region;
  if (typeof region !== 'string') malformed('region', '应为地区编号文字', 'region must be a region id');
  const date = options.date;
  const explain = options.explain !== false;
  const rt = runtimeFor(cp);
  const plan = planFor(cp, rt, region);
  if (plan.params === null || plan.date !== date) {
    plan.params = cp.resolve(region, date);
    plan.date = date;
    plan.pastHorizon = programmesPastHorizon(cp, plan.params);
  }
  const pastHorizon = plan.pastHorizon!;
  const params = plan.params;
  const st = rt.spare ?? new EvalState(cp);
  rt.spare = null;
  st.start(
    {
      version: household.version,
      region: household.region,
      hukou: household.hukou,
      date: household.date,
      members,
      assetsMeetLocalRules: household.assetsMeetLocalRules,
      statuses: household.statuses,
      suddenHardship: household.suddenHardship,
      housing: household.housing,
    },
    params,
    ymdOf(date),
  );
  const progWhy = st.progWhy;
  const memberWhy = st.memberWhy;
  const eligibleSum = st.eligibleSum;
  const maybeSum = st.maybeSum;
  const terms = st.terms;
  terms.reset();
  const programs: ProgrammeResult[] = new Array(plan.programmes.length);
  const n = household.members.length;

  for (let pi = 0; pi < plan.programmes.length; pi++) {
    const prog = plan.programmes[pi]!;
    st.begin(prog);
    if (explain) st.usedParams = new Set();
    const why = progWhy;
    why.reset();
    const firstTerm = terms.count;
    // One literal with every field, in one order: object spread here made V8 fall off its fast path.
    const result: ProgrammeResult = {
      id: prog.id,
      name: prog.name,
      unit: prog.scope,
      kind: prog.kind,
      status: 'ineligible',
      amount: null,
      alreadyReceives: false,
      reasons: NO_REASONS,
      missing: NONE,
      unknownFigures: NONE,
      sources: plan.cites.programmes[prog.index]!,
      notes: plan.cites.notes[prog.index]!,
      documents: prog.documents,
      members: undefined,
    };

    if (prog.scope === 'household') {
      const t = prog.eligibility.test(st, -1);
      if (t !== true && t !== false) why.add(t);
      const v = amountValue(st, prog, -1, t);
      let amount: Amount | null = null;
      if (v !== null) {
        why.add(v);
        amount = toAmount(v, prog.period);
        if (t === true) {
          setShownBounds(v);
          terms.push();
        }
      }
      const already = prog.receivedAs ? st.receivesKind(prog.receivedAsHousehold, prog.receivedAs, -1) === true : false;
      st.decide(prog, already ? true : t);
      result.status = statusOf(t);
      result.amount = amount;
      result.alreadyReceives = already;
      if (explain) {
        const def = prog.def;
        result.reasons = [trace(prog.eligibility, st, -1, plan.cites)];
        if (def.income) result.income = incomeFor(st, prog);
        const est = estimateFor(st, prog, -1, plan.cites);
        if (est) result.members = [{ index: -1, status: result.status, amount, missing: [], estimate: est }];
      }
    } else {
      const memberTris: Tri[] | null = explain ? new Array<Tri>(n) : null;
      let holdsAny: Tri = false;
      const members: MemberResult[] = [];
      // Only whether it is true, false or unknown matters here (for the status), not why.
      let overall: Tri = false;
      eligibleSum.reset();
      maybeSum.reset();
      let anyAlready = false;
      const receivedAs = prog.receivedAs;
      const choiceRow = prog.choiceGroup >= 0 ? st.choiceRow(prog) : -1;
      for (let i = 0; i < n; i++) {
        if (choiceRow >= 0) st.choiceTerm[choiceRow + i] = -1;
        const t = prog.eligibility.test(st, i);
        if (memberTris) memberTris[i] = t;
        const already = receivedAs !== undefined && st.mayReceive(prog.receivedAsHousehold) && st.receivesKind(prog.receivedAsHousehold, receivedAs, i) === true;
        // The common case: plainly not eligible and not already receiving it. Nothing else to work out, and
        // without explanations such members are left out of the list to keep it lean.
        if (t === false && !already && !explain) {
          st.decideMember(prog, i, false);
          continue;
        }
        if (t === true) overall = true;
        else if (t !== false && overall === false) overall = t;
        const mWhy = memberWhy;
        mWhy.reset();
        if (t !== true && t !== false) mWhy.add(t);
        const v = amountValue(st, prog, i, t);
        let amount: Amount | null = null;
        if (v !== null) {
          mWhy.add(v);
          amount = toAmount(v, prog.period);
          setShownBounds(v);
          if (t === true) {
            eligibleSum.add(amount);
            if (choiceRow >= 0) st.choiceTerm[choiceRow + i] = terms.count;
            terms.push();
          } else maybeSum.add(amount);
        }
        anyAlready ||= already;
        const h: Tri = already ? true : t;
        st.decideMember(prog, i, h);
        holdsAny = or(holdsAny, h);
        const mr: MemberResult = { index: i, status: statusOf(t), amount, missing: mWhy.missing ? mWhy.missingList() : NONE };
        if (already) mr.alreadyReceives = true;
        if (explain) {
          if (prog.headline && t !== false) mr.headline = line(prog.headline.label, prog.headline.value(st, i), prog.headline.unit);
          mr.reasons = [trace(prog.eligibility, st, i, plan.cites)];
          const est = t === false ? undefined : estimateFor(st, prog, i, plan.cites);
          if (est) mr.estimate = est;
        }
        members.push(mr);
        why.addAll(mWhy);
      }
      st.decide(prog, holdsAny);
      const amount = overall === true ? eligibleSum.result(prog.period) : overall === false ? null : maybeSum.result(prog.period);
      result.status = statusOf(overall);
      result.amount = amount;
      result.alreadyReceives = anyAlready;
      result.members = members;
      // Each member's full trace is under members[i].reasons; the programme-level list points to them.
      if (explain) result.reasons = members.map((m) => ({ id: `member-${m.index}`, label: 'member', member: m.index, outcome: outcomeOf(memberTris![m.index]!) }));
    }
    // The household totals count eligible cash programmes only.
    if (result.status !== 'eligible' || prog.kind !== 'cash' || result.amount === null || prog.period === 'once') {
      terms.count = firstTerm;
      if (prog.choiceGroup >= 0 && prog.scope === 'person') {
        const row = st.choiceRow(prog);
        for (let i = 0; i < n; i++) st.choiceTerm[row + i] = -1;
      }
    }
    terms.close(plan.slots[pi]!, firstTerm, prog.period);
    // A figure past its horizon is still used; the result says so when it shows one: its amount (unless unknown),
    // or without an amount its headline. Set only then (most results do not have the field).
    if (result.status !== 'ineligible') {
      const a = result.amount;
      const ph = a === null ? pastHorizon.headlineOnly[prog.index]! : a.exactness === 'unknown' ? null : pastHorizon.withAmount[prog.index]!;
      if (ph !== null) result.pastHorizon = ph;
    }
    if (why.missing) result.missing = why.missingList();
    if (why.figures) result.unknownFigures = why.figuresList();
    if (explain) {
      result.figures = figuresFor(st, params);
      if (prog.estimate) result.omits = prog.estimate.omits;
    }
    if (prog.sensitive) result.sensitive = true;
    programs[plan.slots[pi]!] = result;
  }

  for (let c = 0; c < plan.choices.length; c++) resolveChoice(plan.choices[c]!, programs, st, n);
  const report: Report = { rulesVersion: cp.version, region, date, lastVerified: plan.lastVerified, programs, totals: terms.totals(programs.length) };
  rt.spare = st;
  return report;
}

/** A member's result in a person programme's list (which holds only some members without explanations). */
function memberOf(p: ProgrammeResult, mi: number): MemberResult | undefined {
  const ms = p.members;
  if (!ms) return undefined;
  for (let i = 0; i < ms.length; i++) if (ms[i]!.index === mi) return ms[i];
  return undefined;
}

/** A member's amount per month for comparing options: the lower bound; NaN when not known or paid once. */
function monthlyFloor(a: Amount | null): number {
  if (!a || a.exactness === 'unknown' || a.period === 'once') return NaN;
  const lo = a.value ?? a.min;
  if (lo === undefined) return NaN;
  return a.period === 'year' ? lo / 12 : lo;
}

/**
 * A choice between exclusive programmes: each member eligible for two or more of its options takes one. Taken is
 * the option already received, else the one with the highest monthly amount (lower bounds compared, so a range or
 * a floor is never taken for what it might be), else — amounts equal or not all known — the first in the choice's
 * order. Every option is marked (`choice`); the ones not taken leave the household totals.
 */
function resolveChoice(ch: PlanChoice, programs: ProgrammeResult[], st: EvalState, n: number): void {
  let open = 0;
  for (let k = 0; k < ch.slots.length; k++) if (programs[ch.slots[k]!]!.status === 'eligible') open++;
  if (open < 2) return;
  const terms = st.terms;
  for (let i = 0; i < n; i++) {
    let count = 0;
    let received = -1;
    let best = -1;
    let bestValue = -Infinity;
    let allKnown = true;
    let tie = false;
    for (let k = 0; k < ch.slots.length; k++) {
      const m = memberOf(programs[ch.slots[k]!]!, i);
      if (!m || m.status !== 'eligible') continue;
      count++;
      if (m.alreadyReceives && received < 0) received = k;
      const v = monthlyFloor(m.amount);
      if (Number.isNaN(v)) allKnown = false;
      else if (v > bestValue) {
        bestValue = v;
        best = k;
        tie = false;
      } else if (v === bestValue) tie = true;
    }
    if (count < 2) continue;
    let taken = received;
    if (taken < 0 && allKnown && !tie) taken = best;
    for (let k = 0; k < ch.slots.length; k++) {
      const m = memberOf(programs[ch.slots[k]!]!, i);
      if (!m || m.status !== 'eligible') continue;
      if (taken < 0) taken = k;
      const isTaken = k === taken;
      m.choice = { id: ch.id, taken: isTaken };
      if (!isTaken) {
        const term = st.choiceTerm[st.choiceRow(ch.progs[k]!) + i]!;
        if (term >= 0) terms.drop(term);
      }
    }
  }
}

export { and };
