/**
 * Turns a rule pack (plain JSON) into closures, once per pack. No eval and no `new Function`: the app runs under a
 * Content-Security-Policy without 'unsafe-eval', and closures are as fast for this size of rule set.
 */
import type { Household, IncomeKind } from './household';
import { HOUSEHOLD_STATUSES, INCOME_KINDS } from './household';
import type { Citation, CondNode, DatedValue, Expr, IncomeRule, ParamValue, Period, ProgrammeDef, RulePack, Unit } from './pack';
import { PACK_FORMAT, PACK_FORMAT_VERSION } from './pack';
import type { PastHorizon } from './report';
import {
  add, and, approxNumber, compare, div, equals, floor, hull, isNum, isUnknown, max, memberOf, mergeUnknown, min,
  mul, not, or, range, sub, toTri, unknown, type Tri, type Unknown, type Val,
} from './values';
import { RegionChains } from './regions';
import { FUNCTIONS, PROGRAMME_VARIABLES, VARIABLES, type VarCtx, type VariableDef } from './variables';

/** Per-evaluation state; see evaluate.ts. Only the parts compiled closures use are declared here. */
export interface State extends VarCtx {
  readonly household: Household;
  readonly pack: CompiledPack;
  /** Resolved parameter values for this region and date. */
  readonly params: ResolvedParams;
  /** Programme being evaluated (its lets, composition and income rules). */
  prog: CompiledProgramme;
  var(index: number, mi: number): Val;
  readonly varCache: (Val | undefined)[];
  readonly varCount: number;
  /** Let values per scope (household, then each member), `pack.letCount` to a row; undefined until computed. */
  readonly letCache: (Val | undefined)[];
  readonly letCount: number;
  letValue(prog: CompiledProgramme, index: number, mi: number): Val;
  holds(progIndex: number, mi: number): Tri;
  receives(status: string, mi: number): Tri;
  receivesKind(household: boolean, status: string, mi: number): Tri;
  countedMemberCount(): Val;
  countedIncome(): Val;
  perCapitaCountedIncome(): Val;
  ownCountedIncome(mi: number): Val;
  /** Parameters read, for the explanation's list of figures (explain mode only; null otherwise). */
  usedParams: Set<number> | null;
}

export type CE = (st: State, mi: number) => Val;

/**
 * A compiled condition. A class, so every node has one shape: the `all`/`any` loops and the explanation read these
 * fields from nodes of every kind, and reads from objects of many shapes were a measurable part of each evaluation.
 */
export class CompiledCond {
  /** For comparisons: each side on its own, for the explanation's values and near miss. */
  left: CE | undefined = undefined;
  right: CE | undefined = undefined;
  op: string | undefined = undefined;
  unit: Unit | 'enum' | 'bool' | undefined = undefined;
  /** The variable on the left, when it is one: tells an explanation how to name an enum value. */
  leftVar: string | undefined = undefined;
  constructor(
    readonly node: CondNode,
    readonly test: (st: State, mi: number) => Tri,
    readonly children: CompiledCond[] | undefined = undefined,
  ) {}
}

export interface CompiledProgramme {
  index: number;
  def: ProgrammeDef;
  /*
   * The definition's fields the evaluator reads for every household, copied here: definitions come from JSON in many
   * shapes (optional fields present or not), and reading them on each evaluation was slow.
   */
  id: string;
  name: string;
  scope: 'household' | 'person';
  kind: ProgrammeDef['kind'];
  sources: Citation[];
  notes: string[];
  documents: string[];
  receivedAs: string | undefined;
  sensitive: boolean;
  /** The amount's period ('month' when the programme pays no money). */
  period: Period;
  /** Where this programme's lets start in the evaluator's per-scope row of let values (all programmes share one row). */
  letBase: number;
  lets: CE[];
  letIndex: Map<string, number>;
  exclude: CompiledCond[];
  countedKinds: IncomeKind[];
  notCounted: Map<string, IncomeRule>;
  /** Programmes with the same income rules share this id, so each member's counted income is summed once. */
  incomeSpec: number;
  /** Whether `receivedAs` is a household status (else a person's). */
  receivedAsHousehold: boolean;
  /** Programmes with the same household composition rules share this id. */
  membersSpec: number;
  eligibility: CompiledCond;
  amount: CE | null;
  amountWhen: CE | null;
  headline: { label: string; unit: Unit; value: CE } | null;
  estimate: { when: CE; steps: { name: string; label: string; unit: Unit; value: CE; source?: Citation }[]; omits: string[] } | null;
  /** Index into CompiledPack.choices, or -1: not an option of a choice between exclusive programmes. */
  choiceGroup: number;
  /** Parameters the amount, its `when`, the headline and the estimate read (through lets), for pastHorizon. */
  figureParams: number[];
  /** Parameters the headline alone reads (shown without an amount, e.g. the aid ratio). */
  headlineParams: number[];
}

/** A choice between exclusive programmes: the programme indices, in the order that decides a tie. */
export interface ChoiceGroup {
  id: string;
  options: number[];
}

export interface ResolvedParams {
  values: Val[];
  /** The dated value each parameter resolved to (null: nothing known), for citations. */
  origins: ({ region: string; value: DatedValue } | null)[];
  /**
   * Per parameter: its value's horizon when the date is past it, else false. An overlay clears it where it puts a
   * figure of its own (overlay.ts: a figure entered on the device has no horizon).
   */
  pastHorizon?: (string | false)[];
}

export interface CompiledPack {
  pack: RulePack;
  version: string;
  paramIds: string[];
  paramIndex: Map<string, number>;
  varIds: string[];
  varDefs: VariableDef[];
  varIndex: Map<string, number>;
  programmes: CompiledProgramme[];
  programmeIndex: Map<string, number>;
  /** Lets of all programmes together (see CompiledProgramme.letBase). */
  letCount: number;
  /** How many distinct income and composition rule sets the programmes have (see incomeSpec, membersSpec). */
  incomeSpecCount: number;
  membersSpecCount: number;
  /** Programme id → position in the catalogue's display order. */
  displayRank: Map<string, number>;
  /** Choices between exclusive programmes (ProgrammeDef.choice), each with its options in tie order. */
  choices: ChoiceGroup[];
  /** Region id → chain from itself up to the root; catalogue ids (`cn-530627`) too (see regions.ts). */
  chains: RegionChains;
  resolve(region: string, date: string): ResolvedParams;
}

export class PackError extends Error {}

function paramToVal(id: string, v: DatedValue | null, unit: Unit | undefined): Val {
  if (!v || v.value === null || v.strength === 'unknown') return unknown([], [id]);
  const raw: ParamValue = v.value;
  const approx = v.strength === 'planned';
  if (typeof raw === 'number') return approx ? approxNumber(raw) : raw;
  if (typeof raw === 'boolean' || typeof raw === 'string') return raw;
  // A ratio "不低于60%" is at least 0.6 and at most all of it.
  if ('atLeast' in raw) return unit === 'ratio' ? range(raw.atLeast, 1, approx) : floor(raw.atLeast, approx);
  return range(raw.min, raw.max, approx);
}

/** Latest value in force at `date` along the region chain; a child's values win from their first date. */
function lookup(pack: RulePack, id: string, chain: string[], date: string): { region: string; value: DatedValue } | null {
  const def = pack.parameters[id];
  if (!def) return null;
  for (const region of chain) {
    const list = def.values[region];
    if (!list) continue;
    let found: DatedValue | null = null;
    for (const dv of list) if (dv.from <= date && (!found || dv.from >= found.from)) found = dv;
    if (found) return { region, value: found };
  }
  return null;
}

const CMP = new Set(['<', '<=', '>', '>=']);

interface Env {
  cp: CompiledPack;
  prog: CompiledProgramme | null;
  scope: 'household' | 'person';
}

function constant(v: Val): CE {
  return () => v;
}

function compileExpr(e: Expr, env: Env): CE {
  switch (e.k) {
    case 'num':
    case 'str':
    case 'bool':
      return constant(e.v);
    case 'list': {
      const items = e.items.map((x) => {
        if (x.k === 'num' || x.k === 'str' || x.k === 'bool') return x.v;
        throw new PackError('lists may only hold constants');
      });
      return constant(Object.freeze(items.map(String)) as readonly string[]);
    }
    case 'var': {
      const pv = PROGRAMME_VARIABLES[e.name];
      if (pv) {
        switch (e.name) {
          case 'countedMemberCount':
            return (st) => st.countedMemberCount();
          case 'countedIncome':
            return (st) => st.countedIncome();
          case 'perCapitaCountedIncome':
            return (st) => st.perCapitaCountedIncome();
          case 'ownCountedIncome':
            return (st, mi) => st.ownCountedIncome(mi);
        }
      }
      const idx = env.cp.varIndex.get(e.name);
      if (idx === undefined) throw new PackError(`unknown variable "${e.name}"`);
      // The cached value is read here directly; only a miss pays for the method call.
      return (st, mi) => st.varCache[(mi + 1) * st.varCount + idx] ?? st.var(idx, mi);
    }
    case 'param': {
      const idx = env.cp.paramIndex.get(e.name);
      if (idx === undefined) throw new PackError(`unknown parameter "${e.name}"`);
      return (st) => {
        const used = st.usedParams;
        if (used !== null) used.add(idx);
        return st.params.values[idx]!;
      };
    }
    case 'let': {
      const prog = env.prog;
      const idx = prog?.letIndex.get(e.name);
      if (!prog || idx === undefined) throw new PackError(`unknown name "${e.name}"`);
      const slot = prog.letBase + idx;
      // As for variables: a cached value is read directly.
      return (st, mi) => st.letCache[(mi + 1) * st.letCount + slot] ?? st.letValue(prog, idx, mi);
    }
    case 'neg': {
      const x = compileExpr(e.e, env);
      return (st, mi) => sub(0, x(st, mi));
    }
    case 'not': {
      const x = compileExpr(e.e, env);
      return (st, mi) => not(toTri(x(st, mi)));
    }
    case 'bin':
      return specialised(e, env) ?? logicChain(e, env) ?? compileBin(e.op, compileExpr(e.l, env), compileExpr(e.r, env));
    case 'call':
      return compileCall(e.fn, e.args, env);
  }
}

/**
 * Most leaves compare a variable with a constant or a parameter. Reading those directly, instead of through two more
 * closures, is most of the evaluator's speed.
 */
function specialised(e: Extract<Expr, { k: 'bin' }>, env: Env): CE | null {
  if (e.l.k !== 'var' || PROGRAMME_VARIABLES[e.l.name]) return null;
  const vi = env.cp.varIndex.get(e.l.name);
  if (vi === undefined) return null;
  const r = e.r;
  if (e.op === 'in' && r.k === 'list' && r.items.every((x) => x.k === 'str' || x.k === 'num')) {
    // A scan of a short list is cheaper than hashing the answer for a Set lookup.
    const items = [...new Set(r.items.map((x) => String((x as { v: string | number }).v)))];
    const isItem = (s: string): boolean => {
      for (let i = 0; i < items.length; i++) if (items[i] === s) return true;
      return false;
    };
    return (st, mi) => {
      const v = st.varCache[(mi + 1) * st.varCount + vi] ?? st.var(vi, mi);
      if (typeof v === 'string') return isItem(v);
      if (typeof v === 'number') return isItem(String(v));
      return isUnknown(v) ? v : false;
    };
  }
  if ((e.op === '==' || e.op === '!=') && (r.k === 'str' || r.k === 'num' || r.k === 'bool')) {
    const c = r.v;
    const eq = e.op === '==';
    return (st, mi) => {
      const v = st.varCache[(mi + 1) * st.varCount + vi] ?? st.var(vi, mi);
      if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return (v === c) === eq;
      return eq ? equals(v, c) : not(equals(v, c));
    };
  }
  if (e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') {
    const op = e.op;
    if (r.k === 'num') {
      const c = r.v;
      return (st, mi) => compare(op, st.varCache[(mi + 1) * st.varCount + vi] ?? st.var(vi, mi), c);
    }
    if (r.k === 'param') {
      const pi = env.cp.paramIndex.get(r.name);
      if (pi === undefined) return null;
      return (st, mi) => {
        const used = st.usedParams;
        if (used !== null) used.add(pi);
        return compare(op, st.varCache[(mi + 1) * st.varCount + vi] ?? st.var(vi, mi), st.params.values[pi]!);
      };
    }
  }
  return null;
}

/** The programme index of a `holds('x')` call, or undefined for any other expression. */
function holdsIndex(e: Expr, env: Env): number | undefined {
  if (e.k !== 'call' || e.fn !== 'holds' || e.args.length !== 1) return undefined;
  const a = e.args[0]!;
  return a.k === 'str' ? env.cp.programmeIndex.get(a.v) : undefined;
}

/**
 * `a or b or c` (and the same with `and`), written left to right, as one closure that loops over its operands
 * instead of a closure per operator; `holds('x')` operands are asked directly. The operands are combined in the same
 * order with the same `or`/`and`, so the result (and the reasons an unknown carries) is exactly that of the nesting.
 */
function logicChain(e: Extract<Expr, { k: 'bin' }>, env: Env): CE | null {
  const op = e.op;
  if (op !== 'and' && op !== 'or') return null;
  const operands: Expr[] = [e.r];
  let left: Expr = e.l;
  while (left.k === 'bin' && left.op === op) {
    operands.push(left.r);
    left = left.l;
  }
  operands.push(left);
  operands.reverse();
  const stop = op === 'or';
  const join = op === 'or' ? or : and;
  const held = operands.map((x) => holdsIndex(x, env));
  if (held.every((x) => x !== undefined)) {
    const progs = held as number[];
    return (st, mi) => {
      let acc: Tri = st.holds(progs[0]!, mi);
      for (let k = 1; k < progs.length; k++) {
        if (acc === stop) return stop;
        acc = join(acc, st.holds(progs[k]!, mi));
      }
      return acc;
    };
  }
  if (operands.length < 3) return null;
  const parts = operands.map((x) => compileExpr(x, env));
  return (st, mi) => {
    let acc: Tri = toTri(parts[0]!(st, mi));
    for (let k = 1; k < parts.length; k++) {
      if (acc === stop) return stop;
      acc = join(acc, toTri(parts[k]!(st, mi)));
    }
    return acc;
  };
}

function compileBin(op: string, l: CE, r: CE): CE {
  switch (op) {
    case '+':
      return (st, mi) => add(l(st, mi), r(st, mi));
    case '-':
      return (st, mi) => sub(l(st, mi), r(st, mi));
    case '*':
      return (st, mi) => mul(l(st, mi), r(st, mi));
    case '/':
      return (st, mi) => div(l(st, mi), r(st, mi));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (st, mi) => compare(op, l(st, mi), r(st, mi));
    case '==':
      return (st, mi) => equals(l(st, mi), r(st, mi));
    case '!=':
      return (st, mi) => not(equals(l(st, mi), r(st, mi)));
    case 'and':
      return (st, mi) => {
        const a = toTri(l(st, mi));
        if (a === false) return false;
        return and(a, toTri(r(st, mi)));
      };
    case 'or':
      return (st, mi) => {
        const a = toTri(l(st, mi));
        if (a === true) return true;
        return or(a, toTri(r(st, mi)));
      };
    case 'in':
      return (st, mi) => {
        const list = r(st, mi);
        if (!Array.isArray(list)) return unknown();
        const v = l(st, mi);
        return memberOf(typeof v === 'number' ? String(v) : v, list as readonly string[]);
      };
  }
  throw new PackError(`unknown operator "${op}"`);
}

function compileCall(fn: string, argsE: Expr[], env: Env): CE {
  const arity = FUNCTIONS[fn];
  if (!arity) throw new PackError(`unknown function "${fn}"`);
  if (argsE.length < arity[0] || argsE.length > arity[1]) throw new PackError(`${fn}() takes ${arity[0]} argument(s)`);
  if (fn === 'holds' || fn === 'receives') {
    const a = argsE[0]!;
    if (a.k !== 'str') throw new PackError(`${fn}() takes a quoted id`);
    const id = a.v;
    if (fn === 'receives') {
      const household = isHouseholdStatus(id);
      return (st, mi) => st.receivesKind(household, id, mi);
    }
    const pi = env.cp.programmeIndex.get(id);
    if (pi === undefined) throw new PackError(`holds(): unknown programme "${id}"`);
    return (st, mi) => st.holds(pi, mi);
  }
  if (fn === 'anyMember') {
    const c = compileExpr(argsE[0]!, { ...env, scope: 'person' });
    return (st) => {
      let acc: Tri = false;
      const n = st.household.members.length;
      for (let i = 0; i < n; i++) {
        const t = toTri(c(st, i));
        if (t === true) return true;
        acc = or(acc, t);
      }
      return acc;
    };
  }
  const args = argsE.map((x) => compileExpr(x, env));
  const [a, b, c] = args as [CE, CE, CE];
  switch (fn) {
    case 'max':
      return (st, mi) => max(a(st, mi), b(st, mi));
    case 'min':
      return (st, mi) => min(a(st, mi), b(st, mi));
    case 'atLeast':
      return (st, mi) => {
        const v = a(st, mi);
        if (typeof v === 'number') return floor(v);
        if (isNum(v)) return range(v.lo, Infinity, v.approx, v.missing, v.params);
        return v;
      };
    case 'coalesce':
      return (st, mi) => {
        const v = a(st, mi);
        if (!isUnknown(v)) return v;
        const w = b(st, mi);
        // Both unknown: keep both reasons, so the report names every figure that is missing.
        return isUnknown(w) ? mergeUnknown(v, w) : w;
      };
    case 'if':
      return (st, mi) => {
        const t = toTri(a(st, mi));
        if (t === true) return b(st, mi);
        if (t === false) return c(st, mi);
        return hull(b(st, mi), c(st, mi), t);
      };
  }
  throw new PackError(`unknown function "${fn}"`);
}

function compileCond(node: CondNode, env: Env): CompiledCond {
  switch (node.kind) {
    case 'all': {
      const children = node.children.map((c) => compileCond(c, env));
      // The tests on their own: the loop calls them without reading them from each child node.
      const tests = children.map((c) => c.test);
      return new CompiledCond(node, (st, mi) => {
        let acc: Tri = true;
        for (let i = 0; i < tests.length; i++) {
          const t = tests[i]!(st, mi);
          if (t === false) return false;
          if (t !== true) acc = acc === true ? t : and(acc, t);
        }
        return acc;
      }, children);
    }
    case 'any': {
      const children = node.children.map((c) => compileCond(c, env));
      const tests = children.map((c) => c.test);
      return new CompiledCond(node, (st, mi) => {
        let acc: Tri = false;
        for (let i = 0; i < tests.length; i++) {
          const t = tests[i]!(st, mi);
          if (t === true) return true;
          if (t !== false) acc = acc === false ? t : or(acc, t);
        }
        return acc;
      }, children);
    }
    case 'not': {
      const child = compileCond(node.child, env);
      const inner = child.test;
      return new CompiledCond(node, (st, mi) => not(inner(st, mi)), [child]);
    }
    case 'discretionary': {
      const u: Unknown = unknown([], [], true);
      return new CompiledCond(node, () => u);
    }
    case 'test': {
      const e = node.expr;
      const whole = compileExpr(e, env);
      // Comparisons, logic and holds()/receives() already yield true/false/unknown: no wrapper needed.
      const yieldsTri = (e.k === 'bin' && !['+', '-', '*', '/'].includes(e.op)) || e.k === 'not' || (e.k === 'call' && ['holds', 'receives', 'anyMember'].includes(e.fn));
      const test = yieldsTri ? (whole as (st: State, mi: number) => Tri) : (directTest(e, env) ?? ((st: State, mi: number): Tri => toTri(whole(st, mi))));
      const cc = new CompiledCond(node, test);
      if (e.k === 'bin' && (CMP.has(e.op) || e.op === '==' || e.op === '!=' || e.op === 'in')) {
        cc.left = compileExpr(e.l, env);
        cc.right = compileExpr(e.r, env);
        cc.op = e.op;
        cc.unit = node.unit ?? unitOf(e.l, env) ?? unitOf(e.r, env);
        if (e.l.k === 'var') cc.leftVar = e.l.name;
      } else cc.unit = node.unit;
      return cc;
    }
  }
}

/** A test that is just a variable or a let (`disabled`, `@tekunOrOrphan`), read directly rather than through a wrapper. */
function directTest(e: Expr, env: Env): ((st: State, mi: number) => Tri) | null {
  if (e.k === 'var' && !PROGRAMME_VARIABLES[e.name]) {
    const idx = env.cp.varIndex.get(e.name);
    if (idx === undefined) return null;
    return (st, mi) => toTri(st.varCache[(mi + 1) * st.varCount + idx] ?? st.var(idx, mi));
  }
  if (e.k === 'let' && env.prog) {
    const prog = env.prog;
    const idx = prog.letIndex.get(e.name);
    if (idx === undefined) return null;
    const slot = prog.letBase + idx;
    return (st, mi) => toTri(st.letCache[(mi + 1) * st.letCount + slot] ?? st.letValue(prog, idx, mi));
  }
  return null;
}

function unitOf(e: Expr, env: Env): Unit | 'enum' | 'bool' | undefined {
  if (e.k === 'var') return PROGRAMME_VARIABLES[e.name]?.unit ?? VARIABLES[e.name]?.unit;
  if (e.k === 'param') return env.cp.pack.parameters[e.name]?.unit;
  return undefined;
}

/** Cheap structural check of an untrusted pack, so a bad download is refused with a message, not a crash. */
export function checkPackShape(p: unknown): asserts p is RulePack {
  const o = p as Partial<RulePack> | null;
  if (!o || typeof o !== 'object') throw new PackError('rule pack is not an object');
  if (o.format !== PACK_FORMAT) throw new PackError('not a Huimin rule pack');
  if (o.formatVersion !== PACK_FORMAT_VERSION) throw new PackError(`rule pack format ${String(o.formatVersion)} is not supported`);
  if (typeof o.version !== 'string' || !o.regions || !o.parameters || !Array.isArray(o.programmes) || !o.strings) {
    throw new PackError('rule pack is incomplete');
  }
}

export function compilePack(input: unknown): CompiledPack {
  checkPackShape(input);
  const pack = input;
  const paramIds = Object.keys(pack.parameters);
  const varIds = Object.keys(VARIABLES);
  let chains: RegionChains;
  try {
    chains = new RegionChains(pack);
  } catch (e) {
    throw new PackError(e instanceof Error ? e.message : String(e));
  }
  const resolvedCache = new Map<string, ResolvedParams>();
  let lastRegion = '';
  let lastDate = '';
  let lastResolved: ResolvedParams | null = null;
  const cp: CompiledPack = {
    pack,
    version: pack.version,
    paramIds,
    paramIndex: new Map(paramIds.map((id, i) => [id, i])),
    varIds,
    varDefs: varIds.map((id) => VARIABLES[id]!),
    varIndex: new Map(varIds.map((id, i) => [id, i])),
    programmes: [],
    programmeIndex: new Map(pack.programmes.map((p, i) => [p.id, i])),
    letCount: 0,
    incomeSpecCount: 0,
    membersSpecCount: 0,
    displayRank: new Map((pack.order ?? []).map((id, i) => [id, i])),
    choices: [],
    chains,
    resolve(region, date) {
      // Batches evaluate many households for one region and date: skip the key building for a repeat.
      if (region === lastRegion && date === lastDate && lastResolved) return lastResolved;
      const key = `${region}|${date}`;
      let r = resolvedCache.get(key);
      if (!r) {
        const chain = chains.get(region) ?? [];
        const origins = paramIds.map((id) => lookup(pack, id, chain, date));
        r = {
          values: origins.map((o, i) => paramToVal(paramIds[i]!, o?.value ?? null, pack.parameters[paramIds[i]!]?.unit)),
          origins,
          pastHorizon: origins.map((o) => pastItsHorizon(o?.value ?? null, date)),
        };
        if (resolvedCache.size > 256) resolvedCache.clear();
        resolvedCache.set(key, r);
      }
      lastRegion = region;
      lastDate = date;
      lastResolved = r;
      return r;
    },
  };
  const incomeSpecs = new Map<string, number>();
  const membersSpecs = new Map<string, number>();
  const specId = (m: Map<string, number>, key: string): number => {
    let id = m.get(key);
    if (id === undefined) {
      id = m.size;
      m.set(key, id);
    }
    return id;
  };
  pack.programmes.forEach((def, index) => {
    const prog: CompiledProgramme = {
      index,
      def,
      id: def.id,
      name: def.name,
      scope: def.unit,
      kind: def.kind,
      sources: def.sources,
      notes: def.notes,
      documents: def.documents,
      receivedAs: def.receivedAs,
      sensitive: def.sensitive === true,
      period: def.amount?.period ?? 'month',
      letBase: cp.letCount,
      lets: [],
      letIndex: new Map(),
      exclude: [],
      countedKinds: [],
      notCounted: new Map(),
      incomeSpec: 0,
      receivedAsHousehold: def.receivedAs ? isHouseholdStatus(def.receivedAs) : false,
      membersSpec: 0,
      eligibility: undefined as unknown as CompiledCond,
      amount: null,
      amountWhen: null,
      headline: null,
      estimate: null,
      choiceGroup: -1,
      figureParams: [],
      headlineParams: [],
    };
    const scope = def.unit;
    const env: Env = { cp, prog, scope };
    for (const l of def.lets) {
      prog.lets.push(compileExpr(l.expr, env));
      prog.letIndex.set(l.name, prog.lets.length - 1);
    }
    cp.letCount += prog.lets.length;
    prog.exclude = (def.members?.exclude ?? []).map((c) => compileCond(c, { ...env, scope: 'person' }));
    const notCounted = new Set((def.income?.notCounted ?? []).map((r) => r.kind));
    prog.countedKinds = INCOME_KINDS.filter((k) => !notCounted.has(k));
    prog.incomeSpec = specId(incomeSpecs, prog.countedKinds.join(','));
    prog.membersSpec = specId(membersSpecs, JSON.stringify(def.members?.exclude ?? []));
    for (const r of def.income?.notCounted ?? []) prog.notCounted.set(r.kind, r);
    prog.eligibility = compileCond(def.eligibility, env);
    prog.amount = def.amount ? compileExpr(def.amount.expr, env) : null;
    prog.amountWhen = def.amount?.when ? compileExpr(def.amount.when, env) : null;
    if (def.headline) {
      prog.headline = { label: def.headline.label, unit: def.headline.unit, value: compileExpr({ k: 'let', name: def.headline.name }, env) };
    }
    if (def.estimate) {
      prog.estimate = {
        when: compileExpr(def.estimate.when, env),
        steps: def.estimate.steps.map((s) => ({ name: s.name, label: s.label, unit: s.unit, value: compileExpr({ k: 'let', name: s.name }, env), source: s.source })),
        omits: def.estimate.omits,
      };
    }
    prog.figureParams = figureParamsOf(def, cp.paramIndex, false);
    prog.headlineParams = figureParamsOf(def, cp.paramIndex, true);
    cp.programmes.push(prog);
  });
  // Choices: programmes sharing a choice id, ordered by `order` (then id, so the order never depends on the files').
  const byChoice = new Map<string, CompiledProgramme[]>();
  for (const prog of cp.programmes) {
    const c = prog.def.choice;
    if (!c) continue;
    const list = byChoice.get(c.id) ?? [];
    list.push(prog);
    byChoice.set(c.id, list);
  }
  for (const [id, progs] of byChoice) {
    if (progs.length < 2) continue;
    progs.sort((a, b) => a.def.choice!.order - b.def.choice!.order || a.id.localeCompare(b.id));
    for (const p of progs) p.choiceGroup = cp.choices.length;
    cp.choices.push({ id, options: progs.map((p) => p.index) });
  }
  cp.incomeSpecCount = incomeSpecs.size;
  cp.membersSpecCount = membersSpecs.size;
  return cp;
}

/** The value's horizon when `date` is past it (a figure with no value has none to be past). */
function pastItsHorizon(v: DatedValue | null, date: string): string | false {
  return v && v.horizon !== undefined && v.value !== null && date > v.horizon ? v.horizon : false;
}

/** Parameters the amount, its `when`, the headline and the estimate steps read, following lets (not holds()). */
function figureParamsOf(def: ProgrammeDef, paramIndex: Map<string, number>, headlineOnly: boolean): number[] {
  const lets = new Map(def.lets.map((l) => [l.name, l.expr]));
  const seen = new Set<string>();
  const out = new Set<number>();
  const walk = (e: Expr): void => {
    switch (e.k) {
      case 'param': {
        const i = paramIndex.get(e.name);
        if (i !== undefined) out.add(i);
        return;
      }
      case 'let': {
        if (seen.has(e.name)) return;
        seen.add(e.name);
        const x = lets.get(e.name);
        if (x) walk(x);
        return;
      }
      case 'bin':
        walk(e.l);
        walk(e.r);
        return;
      case 'not':
      case 'neg':
        walk(e.e);
        return;
      case 'list':
        e.items.forEach(walk);
        return;
      case 'call':
        e.args.forEach(walk);
        return;
      default:
        return;
    }
  };
  if (def.headline) walk({ k: 'let', name: def.headline.name });
  if (headlineOnly) return [...out].sort((a, b) => a - b);
  if (def.amount) {
    walk(def.amount.expr);
    if (def.amount.when) walk(def.amount.when);
  }
  for (const s of def.estimate?.steps ?? []) walk({ k: 'let', name: s.name });
  return [...out].sort((a, b) => a - b);
}

/** Per programme index: the figures past their horizon that a result with an amount shows, and one with only a headline. */
export interface ProgrammesPastHorizon {
  withAmount: (PastHorizon | null)[];
  headlineOnly: (PastHorizon | null)[];
}

const pastHorizonMemo = new WeakMap<ResolvedParams, ProgrammesPastHorizon>();

function pastHorizonOf(cp: CompiledPack, past: (string | false)[] | undefined, params: number[]): PastHorizon | null {
  if (!past) return null;
  let horizon = '';
  const figures: string[] = [];
  for (const i of params) {
    const h = past[i];
    if (!h) continue;
    figures.push(cp.paramIds[i]!);
    if (horizon === '' || h < horizon) horizon = h;
  }
  return figures.length ? Object.freeze({ horizon, figures: Object.freeze(figures) as string[] }) : null;
}

/**
 * Per programme: the figures its amount (or headline) reads that are past their horizon in `res`. Worked out once
 * per resolved region and date (evaluate keeps it with the region's plan), not per evaluation.
 */
export function programmesPastHorizon(cp: CompiledPack, res: ResolvedParams): ProgrammesPastHorizon {
  let out = pastHorizonMemo.get(res);
  if (out) return out;
  out = {
    withAmount: cp.programmes.map((p) => pastHorizonOf(cp, res.pastHorizon, p.figureParams)),
    headlineOnly: cp.programmes.map((p) => pastHorizonOf(cp, res.pastHorizon, p.headlineParams)),
  };
  pastHorizonMemo.set(res, out);
  return out;
}

export const isHouseholdStatus = (s: string): boolean => (HOUSEHOLD_STATUSES as readonly string[]).includes(s);
export { mergeUnknown };
