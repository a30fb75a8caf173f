/**
 * evaluate(household, pack, { region, date }) → report. Pure: no DOM, no I/O, no clock (the caller passes the date).
 */
import type { Household, IncomeKind } from './household';
import { HOUSEHOLD_STATUSES, normalizeMember } from './household';
import type { CompiledCond, CompiledPack, CompiledProgramme, ResolvedParams, State } from './compile';
import type { Citation, Period, Unit } from './pack';
import type {
  Amount, EstimateLine, Figure, IncomeExplanation, MemberResult, ProgrammeResult, Reason, Report, Shown, Status,
} from './report';
import {
  add, and, div, isNum, isRange, isUnknown, mergeUnknown, NOT_APPLICABLE, not, or, range, unknown, whyMissing,
  type Tri, type Unknown, type Val,
} from './values';
import { memberPath, missingAt, VARIABLES } from './variables';

export interface EvaluateOptions {
  /** Region id; defaults to the household's own. */
  region?: string;
  /** Evaluation date YYYY-MM-DD (required: the engine has no clock). */
  date: string;
  /** Build the full explanation (reasons, figures, income breakdown). Default true. */
  explain?: boolean;
}

const HOUSEHOLD_STATUS_SET = new Set<string>(HOUSEHOLD_STATUSES);

/** What other programmes see of one programme's verdict (for holds()). */
interface Outcome {
  household: Tri;
  members: Tri[] | null;
  /** What holds() answers: the verdict, or true when the household or person already receives it. */
  holdsHousehold: Tri;
  holdsMembers: Tri[] | null;
}

class EvalState implements State {
  readonly ymd: readonly [number, number, number];
  prog!: CompiledProgramme;
  readonly varCache: (Val | undefined)[];
  readonly varCount: number;
  /** countedMemberCount, countedIncome, perCapitaCountedIncome per (composition, income) rule pair. */
  private readonly householdIncome = new Map<number, [Val, Val, Val]>();
  private readonly letCache: ((Val | undefined)[][] | undefined)[];
  readonly outcomes: (Outcome | undefined)[];
  private membership: Tri[] | null = null;
  /** Per composition rule set: who counts (shared by programmes with the same rules). */
  private readonly membershipBySpec: (Tri[] | undefined)[] = [];
  /** Per income rule set and member: counted monthly income. */
  private readonly ownIncomeBySpec: (Val[] | undefined)[] = [];
  usedParams: Set<number> | null = null;

  constructor(
    readonly household: Household,
    readonly pack: CompiledPack,
    readonly params: ResolvedParams,
    date: string,
  ) {
    this.ymd = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
    this.varCount = pack.varIds.length;
    this.varCache = new Array((household.members.length + 1) * this.varCount);
    this.letCache = new Array(pack.programmes.length);
    this.outcomes = new Array(pack.programmes.length);
  }

  begin(prog: CompiledProgramme): void {
    this.prog = prog;
    this.membership = null;
  }

  var(index: number, mi: number): Val {
    const slot = (mi + 1) * this.varCount + index;
    let v = this.varCache[slot];
    if (v === undefined) {
      const def = this.pack.varDefs[index]!;
      v = mi < 0 && def.scope === 'person' ? NOT_APPLICABLE : def.compute(this, this.household.members[mi], mi);
      this.varCache[slot] = v;
    }
    return v;
  }

  letValue(prog: CompiledProgramme, index: number, mi: number): Val {
    let perScope = this.letCache[prog.index];
    if (!perScope) {
      perScope = new Array(this.household.members.length + 1);
      this.letCache[prog.index] = perScope;
    }
    let row = perScope[mi + 1];
    if (!row) {
      row = new Array(prog.lets.length);
      perScope[mi + 1] = row;
    }
    let v = row[index];
    if (v === undefined) {
      v = prog.lets[index]!(this, mi);
      row[index] = v;
    }
    return v;
  }

  /**
   * holds(x): the rules' verdict for x, or an answer saying the household already receives it. An unanswered
   * "already receives" question does not make a decided verdict unknown: recognition follows the same rules, so
   * the verdict stands unless the household says otherwise.
   */
  holds(progIndex: number, mi: number): Tri {
    const outcome = this.outcomes[progIndex];
    // Worked out once when the programme was evaluated (verdict, or already receiving it).
    if (outcome) return outcome.holdsMembers === null || mi < 0 ? outcome.holdsHousehold : (outcome.holdsMembers[mi] ?? false);
    // A programme that does not apply in this region: only an answer saying the household receives it counts.
    const prog = this.pack.programmes[progIndex]!;
    const receivedAs = prog.def.receivedAs;
    return receivedAs !== undefined && this.receivesKind(prog.receivedAsHousehold, receivedAs, prog.def.unit === 'household' ? -1 : mi) === true;
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
    if (this.membership) return this.membership;
    const shared = this.membershipBySpec[this.prog.membersSpec];
    if (shared) return (this.membership = shared);
    const excl = this.prog.exclude;
    const out: Tri[] = new Array(this.household.members.length);
    for (let i = 0; i < out.length; i++) {
      let left: Tri = false;
      for (const c of excl) {
        const t = c.test(this, i);
        if (t === true) {
          left = true;
          break;
        }
        left = or(left, t);
      }
      out[i] = not(left);
    }
    this.membership = out;
    this.membershipBySpec[this.prog.membersSpec] = out;
    return out;
  }

  /** The household figures of the current programme's rules, computed once per rule pair and evaluation. */
  private incomeFigures(): [Val, Val, Val] {
    const key = this.prog.membersSpec * 1024 + this.prog.incomeSpec;
    let f = this.householdIncome.get(key);
    if (!f) {
      const count = this.computeCountedMemberCount();
      const income = this.computeCountedIncome();
      f = [count, income, div(income, count)];
      this.householdIncome.set(key, f);
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
    for (const t of m) {
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
    const member = this.household.members[mi];
    if (!member) return NOT_APPLICABLE;
    const inc = member.income;
    if (!inc) return missingAt(memberPath(mi, 'income'));
    let cache = this.ownIncomeBySpec[this.prog.incomeSpec];
    if (!cache) {
      cache = new Array(this.household.members.length);
      this.ownIncomeBySpec[this.prog.incomeSpec] = cache;
    }
    const hit = cache[mi];
    if (hit !== undefined) return hit;
    let sum = 0;
    // Only the kinds present: walking the answer is cheaper than asking it for every kind.
    for (const k in inc) {
      if (this.prog.countedKinds.includes(k as IncomeKind)) sum += inc[k as IncomeKind] ?? 0;
    }
    cache[mi] = sum;
    return sum;
  }

  /** Which members the current programme counts, after its composition rules (for explanations). */
  membershipFor(): Tri[] {
    return this.members();
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

function toAmount(v: Val, period: Period): Amount {
  if (typeof v === 'number') return { value: round2(v), period, exactness: 'exact' };
  if (isRange(v) && v.lo !== -Infinity) {
    if (v.lo === v.hi) return { value: round2(v.lo), period, exactness: v.approx ? 'approximate' : 'exact' };
    if (v.hi === Infinity) {
      const a: Amount = { min: round2(v.lo), period, exactness: 'floor' };
      if (v.approx) a.approximate = true;
      return a;
    }
    return { min: round2(v.lo), max: round2(v.hi), period, exactness: v.approx ? 'approximate' : 'exact' };
  }
  return { period, exactness: 'unknown' };
}

function statusOf(t: Tri): Status {
  return t === true ? 'eligible' : t === false ? 'ineligible' : 'undetermined';
}

/** Without repeats; the list is fresh (not shared), so it is returned as it is when it has none. */
function uniq(xs: string[]): string[] {
  if (xs.length < 2) return xs;
  for (let i = 1; i < xs.length; i++) if (xs.indexOf(xs[i]!) !== i) return [...new Set(xs)];
  return xs;
}

function outcomeOf(t: Tri): Reason['outcome'] {
  return t === true ? 'met' : t === false ? 'not-met' : 'unknown';
}

function trace(cc: CompiledCond, st: EvalState, mi: number): Reason {
  const node = cc.node;
  const t = cc.test(st, mi);
  const r: Reason = { id: node.id, label: node.label ?? '', outcome: outcomeOf(t) };
  if (node.source) r.source = node.source;
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
  if (cc.children && node.kind !== 'not') r.children = cc.children.map((c) => trace(c, st, mi));
  return r;
}

/**
 * The inputs and figures an unknown result waits for, collected per programme and per member. Lists are only made
 * when something goes in: most results have none, and clearing reused arrays turned out to cost more.
 */
class Why {
  missing: string[] | null = null;
  figures: string[] | null = null;
  reset(): void {
    this.missing = null;
    this.figures = null;
  }
  add(t: Tri | Val): void {
    if (typeof t !== 'object' || Array.isArray(t)) return;
    const w = whyMissing(t as Val);
    if (w.missing.length) (this.missing ??= []).push(...w.missing);
    if (w.params.length) (this.figures ??= []).push(...w.params);
  }
  addAll(other: Why): void {
    if (other.missing) (this.missing ??= []).push(...other.missing);
    if (other.figures) (this.figures ??= []).push(...other.figures);
  }
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

function estimateFor(st: EvalState, prog: CompiledProgramme, mi: number): EstimateLine[] | undefined {
  const est = prog.estimate;
  if (!est || est.when(st, mi) !== true) return undefined;
  return est.steps.map((s) => ({ ...line(s.label, s.value(st, mi), s.unit, s.source), id: s.name }));
}

/** Amount for one scope: null when not eligible-or-maybe, or when the programme pays no money. */
function amountFor(st: EvalState, prog: CompiledProgramme, mi: number, t: Tri, why: Why): Amount | null {
  if (t === false || !prog.amount || !prog.def.amount) return null;
  if (prog.amountWhen && prog.amountWhen(st, mi) !== true) return null;
  const v = prog.amount(st, mi);
  why.add(v);
  return toAmount(v, prog.def.amount.period);
}

/** Bounds of an amount as plain numbers (lo, hi, approx), or null when unknown. No objects: this runs per member. */
function bounds(a: Amount): [number, number, boolean] | null {
  if (a.exactness === 'unknown') return null;
  const approx = a.approximate === true || a.exactness === 'approximate';
  if (a.value !== undefined) return [a.value, a.value, approx];
  return [a.min ?? -Infinity, a.max ?? Infinity, approx];
}

function amountOf(lo: number, hi: number, approx: boolean, period: Period): Amount {
  if (lo === hi) return { value: round2(lo), period, exactness: approx ? 'approximate' : 'exact' };
  if (hi === Infinity) {
    const a: Amount = { min: round2(lo), period, exactness: 'floor' };
    if (approx) a.approximate = true;
    return a;
  }
  return { min: round2(lo), max: round2(hi), period, exactness: approx ? 'approximate' : 'exact' };
}

/** Sum of members' amounts; an unknown one makes the sum unknown. */
function sumAmounts(list: Amount[], period: Period): Amount | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  let lo = 0;
  let hi = 0;
  let approx = false;
  for (const a of list) {
    const b = bounds(a);
    if (!b) return { period, exactness: 'unknown' };
    lo += b[0];
    hi += b[1];
    approx ||= b[2];
  }
  return amountOf(lo, hi, approx, period);
}

/** Household totals per month and per year of eligible cash programmes; unknown amounts make it "at least". */
function totals(programs: ProgrammeResult[]): Report['totals'] {
  let lo = 0;
  let hi = 0;
  let approx = false;
  let someUnknown = false;
  const addAmount = (a: Amount | null): void => {
    if (!a || a.period === 'once') return;
    const b = bounds(a);
    if (!b) {
      someUnknown = true;
      return;
    }
    const f = a.period === 'year' ? 1 / 12 : 1;
    lo += b[0] * f;
    hi += b[1] * f;
    approx ||= b[2];
  };
  for (const p of programs) {
    if (p.status !== 'eligible' || p.kind !== 'cash' || !p.amount) continue;
    if (p.members) {
      for (const m of p.members) if (m.status === 'eligible') addAmount(m.amount);
    } else addAmount(p.amount);
  }
  if (someUnknown) hi = Infinity;
  return { month: amountOf(lo, hi, approx, 'month'), year: amountOf(lo * 12, hi * 12, approx, 'year') };
}

/** The programmes that apply in a region, in evaluation order, each with its place in the display order. */
interface RegionPlan {
  programmes: CompiledProgramme[];
  slots: number[];
  lastVerified: string;
}

const plans = new WeakMap<CompiledPack, Map<string, RegionPlan>>();

function planFor(cp: CompiledPack, region: string, chain: readonly string[]): RegionPlan {
  let byRegion = plans.get(cp);
  if (!byRegion) {
    byRegion = new Map();
    plans.set(cp, byRegion);
  }
  let plan = byRegion.get(region);
  if (!plan) {
    const programmes = cp.programmes.filter((p) => p.def.regions.some((r) => chain.includes(r)));
    const shown = [...programmes].sort((a, b) => (cp.displayRank.get(a.def.id) ?? 999) - (cp.displayRank.get(b.def.id) ?? 999));
    const lastVerified = chain.map((r) => cp.pack.regions[r]?.lastVerified ?? '').find((d) => d) ?? '';
    plan = { programmes, slots: programmes.map((p) => shown.indexOf(p)), lastVerified };
    byRegion.set(region, plan);
  }
  return plan;
}

/** Shared empty lists for results that have nothing to list (never mutated). */
const NONE: string[] = [];
const NO_REASONS: Reason[] = [];

export function evaluate(household: Household, cp: CompiledPack, options: EvaluateOptions): Report {
  const region = options.region ?? household.region;
  const date = options.date;
  const explain = options.explain !== false;
  const chain = cp.chains.get(region);
  if (!chain) throw new RangeError(`unknown region "${region}"`);
  const params = cp.resolve(region, date);
  const st = new EvalState(
    {
      version: household.version,
      region: household.region,
      hukou: household.hukou,
      date: household.date,
      members: household.members.map(normalizeMember),
      assetsMeetLocalRules: household.assetsMeetLocalRules,
      statuses: household.statuses,
      suddenHardship: household.suddenHardship,
    },
    cp,
    params,
    date,
  );
  const plan = planFor(cp, region, chain);
  const progWhy = new Why();
  const memberWhy = new Why();
  const programs: ProgrammeResult[] = new Array(plan.programmes.length);
  const n = household.members.length;

  for (let pi = 0; pi < plan.programmes.length; pi++) {
    const prog = plan.programmes[pi]!;
    st.begin(prog);
    if (explain) st.usedParams = new Set();
    const def = prog.def;
    const why = progWhy;
    why.reset();
    // One literal with every field, in one order: object spread here made V8 fall off its fast path.
    const result: ProgrammeResult = {
      id: def.id,
      name: def.name,
      unit: def.unit,
      kind: def.kind,
      status: 'ineligible',
      amount: null,
      alreadyReceives: false,
      reasons: NO_REASONS,
      missing: NONE,
      unknownFigures: NONE,
      sources: def.sources,
      notes: def.notes,
      documents: def.documents,
      members: undefined,
    };

    if (def.unit === 'household') {
      const t = prog.eligibility.test(st, -1);
      if (t !== true && t !== false) why.add(t);
      const amount = amountFor(st, prog, -1, t, why);
      const already = def.receivedAs ? st.receivesKind(prog.receivedAsHousehold, def.receivedAs, -1) === true : false;
      st.outcomes[prog.index] = { household: t, members: null, holdsHousehold: already ? true : t, holdsMembers: null };
      result.status = statusOf(t);
      result.amount = amount;
      result.alreadyReceives = already;
      if (explain) {
        result.reasons = [trace(prog.eligibility, st, -1)];
        if (def.income) result.income = incomeFor(st, prog);
        const est = estimateFor(st, prog, -1);
        if (est) result.members = [{ index: -1, status: result.status, amount, missing: [], estimate: est }];
      }
    } else {
      const memberTris: Tri[] = new Array<Tri>(n);
      const holdsMembers: Tri[] = new Array<Tri>(n);
      let holdsAny: Tri = false;
      const members: MemberResult[] = [];
      let overall: Tri = false;
      let eligibleAmounts: Amount[] | null = null;
      let maybeAmounts: Amount[] | null = null;
      let anyAlready = false;
      for (let i = 0; i < n; i++) {
        const t = prog.eligibility.test(st, i);
        memberTris[i] = t;
        // The common case: plainly not eligible and not already receiving it. Nothing else to work out.
        if (t === false && !explain) {
          const already = def.receivedAs !== undefined && st.receivesKind(prog.receivedAsHousehold, def.receivedAs, i) === true;
          if (!already) {
            holdsMembers[i] = false;
            continue;
          }
        }
        overall = or(overall, t);
        const mWhy = memberWhy;
        mWhy.reset();
        if (t !== true && t !== false) mWhy.add(t);
        const amount = amountFor(st, prog, i, t, mWhy);
        if (amount && t === true) (eligibleAmounts ??= []).push(amount);
        else if (amount) (maybeAmounts ??= []).push(amount);
        const already = def.receivedAs !== undefined && st.receivesKind(prog.receivedAsHousehold, def.receivedAs, i) === true;
        anyAlready ||= already;
        const h: Tri = already ? true : t;
        holdsMembers[i] = h;
        holdsAny = or(holdsAny, h);
        // Without explanations, members who are plainly not eligible are left out of the list to keep it lean.
        if (!explain && t === false && !already) continue;
        const mr: MemberResult = { index: i, status: statusOf(t), amount, missing: mWhy.missing ? uniq(mWhy.missing) : NONE };
        if (already) mr.alreadyReceives = true;
        if (explain && prog.headline && t !== false) mr.headline = line(prog.headline.label, prog.headline.value(st, i), prog.headline.unit);
        if (explain) {
          mr.reasons = [trace(prog.eligibility, st, i)];
          const est = t === false ? undefined : estimateFor(st, prog, i);
          if (est) mr.estimate = est;
        }
        members.push(mr);
        why.addAll(mWhy);
      }
      st.outcomes[prog.index] = { household: overall, members: memberTris, holdsHousehold: holdsAny, holdsMembers };
      const period = def.amount?.period ?? 'month';
      const amount = overall === true ? sumAmounts(eligibleAmounts ?? [], period) : overall === false ? null : sumAmounts(maybeAmounts ?? [], period);
      result.status = statusOf(overall);
      result.amount = amount;
      result.alreadyReceives = anyAlready;
      result.members = members;
      // Each member's full trace is under members[i].reasons; the programme-level list points to them.
      if (explain) result.reasons = members.map((m) => ({ id: `member-${m.index}`, label: 'member', member: m.index, outcome: outcomeOf(memberTris[m.index]!) }));
    }
    if (why.missing) result.missing = uniq(why.missing);
    if (why.figures) result.unknownFigures = uniq(why.figures);
    if (explain) {
      result.figures = figuresFor(st, params);
      if (prog.estimate) result.omits = prog.estimate.omits;
    }
    programs[plan.slots[pi]!] = result;
  }

  return { rulesVersion: cp.version, region, date, lastVerified: plan.lastVerified, programs, totals: totals(programs) };
}

export { and };
