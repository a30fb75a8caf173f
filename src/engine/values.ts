/**
 * The value algebra the engine computes with.
 *
 * Three-valued logic: a boolean is `true`, `false` or {@link Unknown}. Numbers are exact JS numbers on the hot path;
 * anything less certain is a {@link NumRange}: an approximate figure (约), a floor (不低于 → hi = Infinity), or a
 * range between two bounds (for example a standard that depends on an unanswered 户籍 question). Unknown and
 * ranges carry *why* they are not exact: the household inputs that are missing and the parameters nobody knows,
 * so an undetermined verdict can name the question that decides it.
 */

export interface Unknown {
  readonly kind: 'unknown';
  /** Household input paths (e.g. `members[1].income`) whose answer would make this known. */
  readonly missing: readonly string[];
  /** Parameter ids that have no known value for the region and date. */
  readonly params: readonly string[];
  /** True when the rules themselves leave it to the office (可以, decided by the school…). */
  readonly discretionary?: boolean;
}

export interface NumRange {
  readonly kind: 'range';
  readonly lo: number;
  readonly hi: number;
  /** At least one figure behind this number is a planning target written with 约. */
  readonly approx: boolean;
  readonly missing: readonly string[];
  readonly params: readonly string[];
}

export type Num = number | NumRange;
export type Val = number | string | boolean | NumRange | Unknown | readonly string[];

const EMPTY: readonly string[] = Object.freeze([]);

/*
 * Unknowns and ranges are class instances, each with one fixed shape, so the engine's many "is this unknown?"
 * checks stay fast (property reads on objects of many shapes are what made it slow).
 */
class UnknownValue implements Unknown {
  readonly kind = 'unknown' as const;
  constructor(
    readonly missing: readonly string[],
    readonly params: readonly string[],
    readonly discretionary: boolean,
  ) {}
}

class RangeValue implements NumRange {
  readonly kind = 'range' as const;
  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly approx: boolean,
    readonly missing: readonly string[],
    readonly params: readonly string[],
  ) {}
}

export function unknown(missing: readonly string[] = EMPTY, params: readonly string[] = EMPTY, discretionary = false): Unknown {
  return new UnknownValue(missing, params, discretionary);
}

export const NOT_APPLICABLE: Unknown = Object.freeze(unknown());

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof UnknownValue || v instanceof MergedUnknown;
}

export function isRange(v: unknown): v is NumRange {
  return v instanceof RangeValue;
}

export function isNum(v: Val): v is Num {
  return typeof v === 'number' || v instanceof RangeValue;
}

export function range(lo: number, hi: number, approx = false, missing: readonly string[] = EMPTY, params: readonly string[] = EMPTY): Num {
  if (lo === hi && !approx && missing.length === 0 && params.length === 0) return lo;
  return new RangeValue(lo, hi, approx, missing, params);
}

export function approxNumber(v: number): NumRange {
  return new RangeValue(v, v, true, EMPTY, EMPTY);
}

export function floor(v: number, approx = false): NumRange {
  return new RangeValue(v, Infinity, approx, EMPTY, EMPTY);
}

function concat(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  const out = a.slice();
  for (let i = 0; i < b.length; i++) if (!out.includes(b[i]!)) out.push(b[i]!);
  return out;
}

/**
 * Two unknowns joined: the lists of reasons are only put together when someone reads them (most merged unknowns are
 * dropped by a later `false`, so building the lists eagerly was most of the evaluator's garbage).
 */
class MergedUnknown implements Unknown {
  readonly kind = 'unknown' as const;
  readonly discretionary: boolean;
  private m: readonly string[] | undefined;
  private p: readonly string[] | undefined;
  constructor(
    private readonly a: Unknown,
    private readonly b: Unknown,
  ) {
    this.discretionary = a.discretionary === true || b.discretionary === true;
  }
  get missing(): readonly string[] {
    return (this.m ??= concat(this.a.missing, this.b.missing));
  }
  get params(): readonly string[] {
    return (this.p ??= concat(this.a.params, this.b.params));
  }
}

/** Merge the reasons two unknown-ish values carry. */
export function mergeUnknown(a: Val, b: Val): Unknown {
  const au = isUnknown(a);
  const bu = isUnknown(b);
  if (au && bu) return a === b ? a : new MergedUnknown(a, b);
  // A known value adds no reason: reuse the unknown as it is.
  if (au && !isRange(b)) return a;
  if (bu && !isRange(a)) return b;
  const am = whyMissing(a);
  const bm = whyMissing(b);
  const disc = (au && a.discretionary === true) || (bu && (b as Unknown).discretionary === true);
  return unknown(concat(am.missing, bm.missing), concat(am.params, bm.params), disc);
}

export function whyMissing(v: Val): { missing: readonly string[]; params: readonly string[] } {
  if (isUnknown(v) || isRange(v)) return v;
  return { missing: EMPTY, params: EMPTY };
}

function lo(v: Num): number {
  return typeof v === 'number' ? v : v.lo;
}
function hi(v: Num): number {
  return typeof v === 'number' ? v : v.hi;
}
function approxOf(v: Num): boolean {
  return typeof v === 'number' ? false : v.approx;
}

/** Build a result range from two operands' metadata. */
function derive(a: Num, b: Num, l: number, h: number): Num {
  if (typeof a === 'number' && typeof b === 'number') return l;
  const ma = whyMissing(a);
  const mb = whyMissing(b);
  return range(
    Number.isNaN(l) ? -Infinity : l,
    Number.isNaN(h) ? Infinity : h,
    approxOf(a) || approxOf(b),
    concat(ma.missing, mb.missing),
    concat(ma.params, mb.params),
  );
}

export function add(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  return derive(a, b, lo(a) + lo(b), hi(a) + hi(b));
}

export function sub(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  return derive(a, b, lo(a) - hi(b), hi(a) - lo(b));
}

/** The four corner products (NaN, from 0 × ∞, counted as 0): their least and greatest, in `productBounds`. */
const productBounds = { lo: 0, hi: 0 };
function products(a: Num, b: Num): typeof productBounds {
  const al = lo(a);
  const ah = hi(a);
  const bl = lo(b);
  const bh = hi(b);
  let c1 = al * bl;
  let c2 = al * bh;
  let c3 = ah * bl;
  let c4 = ah * bh;
  if (c1 !== c1) c1 = 0;
  if (c2 !== c2) c2 = 0;
  if (c3 !== c3) c3 = 0;
  if (c4 !== c4) c4 = 0;
  productBounds.lo = Math.min(c1, c2, c3, c4);
  productBounds.hi = Math.max(c1, c2, c3, c4);
  return productBounds;
}

export function mul(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  const p = products(a, b);
  return derive(a, b, p.lo, p.hi);
}

export function div(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? unknown() : a / b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  if (lo(b) <= 0 && hi(b) >= 0) return mergeUnknown(a, b);
  const inv: Num = range(1 / hi(b), 1 / lo(b), approxOf(b), whyMissing(b).missing, whyMissing(b).params);
  const p = products(a, inv);
  return derive(a, inv, p.lo, p.hi);
}

export function max(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return a > b ? a : b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  // A known bound can decide max even when the other side is wide: max(0.9, [0.5,0.8]) = 0.9.
  if (lo(a) >= hi(b)) return a;
  if (lo(b) >= hi(a)) return b;
  return derive(a, b, Math.max(lo(a), lo(b)), Math.max(hi(a), hi(b)));
}

export function min(a: Val, b: Val): Val {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? a : b;
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  if (hi(a) <= lo(b)) return a;
  if (hi(b) <= lo(a)) return b;
  return derive(a, b, Math.min(lo(a), lo(b)), Math.min(hi(a), hi(b)));
}

export type Tri = boolean | Unknown;

/**
 * Numeric comparison over possibly-uncertain numbers. An approximate single figure (约 1030) compares as that
 * figure; a range decides only when every value in it gives the same answer.
 */
export function compare(op: '<' | '<=' | '>' | '>=', a: Val, b: Val): Tri {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
    }
  }
  if (!isNum(a) || !isNum(b)) return mergeUnknown(a, b);
  const al = lo(a);
  const ah = hi(a);
  const bl = lo(b);
  const bh = hi(b);
  switch (op) {
    case '<':
      if (ah < bl) return true;
      if (al >= bh) return false;
      break;
    case '<=':
      if (ah <= bl) return true;
      if (al > bh) return false;
      break;
    case '>':
      if (al > bh) return true;
      if (ah <= bl) return false;
      break;
    case '>=':
      if (al >= bh) return true;
      if (ah < bl) return false;
      break;
  }
  return mergeUnknown(a, b);
}

export function equals(a: Val, b: Val): Tri {
  if (isUnknown(a) || isUnknown(b)) return mergeUnknown(a, b);
  if (isNum(a) && isNum(b)) {
    if (typeof a === 'number' && typeof b === 'number') return a === b;
    if (lo(a) === hi(a) && lo(b) === hi(b)) return lo(a) === lo(b);
    if (hi(a) < lo(b) || hi(b) < lo(a)) return false;
    return mergeUnknown(a, b);
  }
  return a === b;
}

export function memberOf(a: Val, list: readonly Val[]): Tri {
  if (isUnknown(a)) return a;
  for (let i = 0; i < list.length; i++) if (list[i] === a) return true;
  return false;
}

/** Kleene conjunction: false wins over unknown, unknown over true. */
export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return mergeUnknown(a, b);
}

export function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return mergeUnknown(a, b);
}

export function not(a: Tri): Tri {
  return typeof a === 'boolean' ? !a : a;
}

export function toTri(v: Val): Tri {
  if (typeof v === 'boolean') return v;
  if (isUnknown(v)) return v;
  return unknown();
}

/**
 * When a condition is unknown, a choice between two values is still known if both agree, and for numbers is the
 * range that covers both — so an unanswered 户籍 question does not hide an amount that is the same either way.
 */
export function hull(a: Val, b: Val, why: Unknown): Val {
  if (a === b) return a;
  if (isNum(a) && isNum(b)) {
    const r = range(Math.min(lo(a), lo(b)), Math.max(hi(a), hi(b)), approxOf(a) || approxOf(b), concat(concat(why.missing, whyMissing(a).missing), whyMissing(b).missing), concat(concat(why.params, whyMissing(a).params), whyMissing(b).params));
    return r;
  }
  const m = mergeUnknown(why, mergeUnknown(a, b));
  return m;
}
