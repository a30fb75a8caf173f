/**
 * Figures that are not in the shipped rules — entered on this device (本地录入, strength `local`) or imported from an
 * office's signed region file (`published`) — laid over a compiled pack without touching it. The hook is the one
 * place the engine looks parameters up (`resolve`): the overlay pack answers with the shipped value unless one of
 * these figures applies, by the same rule the shipped values follow — along the region's chain, a region's own value
 * wins from its date, the latest date in force wins — and on the same region and date a shipped figure wins over a
 * published one, and a published one over one entered here. A figure applies only to the region it was entered for
 * and the regions below it: it never reaches a neighbour.
 */
import type { CompiledPack, ResolvedParams } from './compile';
import type { Citation, CondNode, DatedValue, Entered, Expr, Localized, ParamValue, ProgrammeDef, RulePack, Unit } from './pack';
import { regionCode } from './regions';
import { approxNumber, floor, range, type Val } from './values';

export interface LocalFigure {
  /** Record id (storage key). */
  id: string;
  /** Region id it was entered for (cn-530627, cn-jx-shangrao …). */
  region: string;
  /** The region's GB/T 2260 code, when it has one: the figure follows the code if the region later gets a rule file. */
  code?: string;
  param: string;
  /** In force from (YYYY-MM-DD). */
  from: string;
  value: Exclude<ParamValue, null | string>;
  strength: 'local' | 'published';
  /** A 约 figure in the region file. */
  approx?: boolean;
  entered: Entered;
  /** For published figures: the region file's citation and note. */
  citation?: Citation;
  note?: Localized;
}

/** Units a person can enter a figure in (text parameters are not offered). */
export const ENTERABLE_UNITS: readonly Unit[] = ['yuan-month', 'yuan-year', 'yuan', 'ratio', 'years', 'count', 'multiplier', 'grade', 'flag'];

const RANK = { local: 1, published: 2 } as const;

/** A region or a figure as the overlay matches them: by code when there is one, else by id. */
function keyOf(pack: Pick<RulePack, 'regions'>, region: string): string {
  const code = regionCode(pack, region);
  return code ? `gb:${code}` : region;
}

function figureKey(f: Pick<LocalFigure, 'region' | 'code'>): string {
  return f.code ? `gb:${f.code}` : f.region;
}

function toVal(f: LocalFigure, unit: Unit | undefined): Val {
  const v = f.value;
  if (typeof v === 'number') return f.approx ? approxNumber(v) : v;
  if (typeof v === 'boolean') return v;
  if ('atLeast' in v) return unit === 'ratio' ? range(v.atLeast, 1, f.approx) : floor(v.atLeast, f.approx);
  return range(v.min, v.max, f.approx);
}

export function datedValueOf(f: LocalFigure): DatedValue {
  return {
    from: f.from,
    value: f.value,
    strength: f.strength,
    source: f.citation ?? { doc: f.entered.source },
    ...(f.note ? { note: f.note } : {}),
    entered: f.entered,
  };
}

type Pick1 = { k: number; shipped: DatedValue } | { k: number; figure: LocalFigure };

interface Candidate {
  from: string;
  /** Same date: shipped figure 3, published 2, local 1, a shipped "not known" (null) 0. */
  rank: number;
  at: string;
  pick: Pick1;
}

function better(a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  if (a.from !== b.from) return a.from > b.from;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.at > b.at;
}

/** The value in force at `date` along the chain, shipped and overlay figures together. */
function lookup(pack: RulePack, param: string, chain: readonly string[], keys: readonly string[], figures: readonly LocalFigure[], date: string): Pick1 | null {
  const def = pack.parameters[param];
  for (let k = 0; k < chain.length; k++) {
    let best: Candidate | null = null;
    for (const dv of def?.values[chain[k]!] ?? []) {
      const c: Candidate = { from: dv.from, rank: dv.value === null ? 0 : 3, at: '', pick: { k, shipped: dv } };
      if (dv.from <= date && better(c, best)) best = c;
    }
    for (const f of figures) {
      if (figureKey(f) !== keys[k]) continue;
      const c: Candidate = { from: f.from, rank: RANK[f.strength], at: f.entered.at, pick: { k, figure: f } };
      if (f.from <= date && better(c, best)) best = c;
    }
    if (best) return best.pick;
  }
  return null;
}

export interface OverlaidPack extends CompiledPack {
  /** The figures laid over the shipped pack. */
  readonly figures: readonly LocalFigure[];
  /** The pack underneath. */
  readonly base: CompiledPack;
}

/**
 * The shipped pack with `figures` laid over it. The result is a compiled pack like any other (evaluate() takes it);
 * the shipped one is not changed. With no figures it returns `cp` itself.
 */
export function withFigures(cp: CompiledPack, figures: readonly LocalFigure[]): CompiledPack {
  const base = 'base' in cp ? (cp as OverlaidPack).base : cp;
  const usable = figures.filter((f) => base.paramIndex.has(f.param));
  if (usable.length === 0) return base;
  const byParam = new Map<string, LocalFigure[]>();
  for (const f of usable) byParam.set(f.param, [...(byParam.get(f.param) ?? []), f]);
  const cache = new Map<string, ResolvedParams>();
  const overlaid: OverlaidPack = {
    ...base,
    base,
    figures: usable,
    resolve(region, date) {
      const key = `${region}|${date}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const shipped = base.resolve(region, date);
      const chain = base.chains.get(region) ?? [];
      const keys = chain.map((r) => keyOf(base.pack, r));
      let values: Val[] | null = null;
      let origins: ResolvedParams['origins'] | null = null;
      // Per-parameter facts the shipped lookup adds beside values and origins (e.g. "past its source's horizon"):
      // copied, and cleared where an overlay figure is used (it has no horizon of its own).
      const extras = Object.entries(shipped).filter(([k, v]) => k !== 'values' && k !== 'origins' && Array.isArray(v)) as [string, unknown[]][];
      let extraCopies: [string, unknown[]][] | null = null;
      for (const [param, list] of byParam) {
        const here = list.filter((f) => keys.includes(figureKey(f)));
        if (here.length === 0) continue;
        const pick = lookup(base.pack, param, chain, keys, here, date);
        if (!pick || !('figure' in pick)) continue;
        const i = base.paramIndex.get(param)!;
        values ??= shipped.values.slice();
        origins ??= shipped.origins.slice();
        values[i] = toVal(pick.figure, base.pack.parameters[param]?.unit);
        origins[i] = { region: chain[pick.k]!, value: datedValueOf(pick.figure) };
        extraCopies ??= extras.map(([k, v]) => [k, v.slice()]);
        for (const [, list] of extraCopies) list[i] = false;
      }
      const r: ResolvedParams = values && origins ? ({ ...shipped, ...Object.fromEntries(extraCopies ?? []), values, origins } as ResolvedParams) : shipped;
      if (cache.size > 256) cache.clear();
      cache.set(key, r);
      return r;
    },
  };
  return overlaid;
}

/**
 * The shipped figure that takes the place of `f`: same region, same parameter, same date, with a value. The app
 * tells the user their figure is no longer used (a rules update brought the official one).
 */
export function shippedFigureFor(cp: CompiledPack, f: Pick<LocalFigure, 'region' | 'code' | 'param' | 'from'>): { region: string; value: DatedValue } | null {
  const base = 'base' in cp ? (cp as OverlaidPack).base : cp;
  const def = base.pack.parameters[f.param];
  if (!def) return null;
  const key = figureKey(f);
  for (const [region, list] of Object.entries(def.values)) {
    if (keyOf(base.pack, region) !== key) continue;
    const same = list.find((dv) => dv.from === f.from && dv.value !== null);
    if (same) return { region, value: same };
  }
  return null;
}

// ── which figures a region lacks ───────────────────────────────────────────────────────────────────────────────

function paramsOfExpr(e: Expr, out: Set<string>): void {
  switch (e.k) {
    case 'param':
      out.add(e.name);
      return;
    case 'bin':
      paramsOfExpr(e.l, out);
      paramsOfExpr(e.r, out);
      return;
    case 'not':
    case 'neg':
      paramsOfExpr(e.e, out);
      return;
    case 'list':
      for (const x of e.items) paramsOfExpr(x, out);
      return;
    case 'call':
      for (const x of e.args) paramsOfExpr(x, out);
      return;
    default:
  }
}

function paramsOfCond(c: CondNode, out: Set<string>): void {
  if (c.kind === 'all' || c.kind === 'any') for (const x of c.children) paramsOfCond(x, out);
  else if (c.kind === 'not') paramsOfCond(c.child, out);
  else if (c.kind === 'test') paramsOfExpr(c.expr, out);
}

/** Every parameter a programme reads. */
export function paramsOfProgramme(p: ProgrammeDef): Set<string> {
  const out = new Set<string>();
  for (const l of p.lets) paramsOfExpr(l.expr, out);
  paramsOfCond(p.eligibility, out);
  for (const c of p.members?.exclude ?? []) paramsOfCond(c, out);
  if (p.amount) {
    paramsOfExpr(p.amount.expr, out);
    if (p.amount.when) paramsOfExpr(p.amount.when, out);
  }
  if (p.estimate) paramsOfExpr(p.estimate.when, out);
  return out;
}

/**
 * The parameters the programmes of `region` read that have no value there on `date` (with the overlay, if `cp` is
 * one), in the catalogue's programme order: what the "enter local figures" form offers.
 */
export function missingFigures(cp: CompiledPack, region: string, date: string): string[] {
  const chain = cp.chains.get(region);
  if (!chain) return [];
  const resolved = cp.resolve(region, date);
  const programmes = cp.programmes
    .filter((p) => p.def.regions.some((r) => chain.includes(r)))
    .sort((a, b) => (cp.displayRank.get(a.id) ?? 999) - (cp.displayRank.get(b.id) ?? 999));
  const out: string[] = [];
  for (const p of programmes) {
    for (const id of paramsOfProgramme(p.def)) {
      const i = cp.paramIndex.get(id);
      if (i === undefined || out.includes(id)) continue;
      if (!ENTERABLE_UNITS.includes(cp.pack.parameters[id]!.unit)) continue;
      const o = resolved.origins[i];
      if (!o || o.value.value === null) out.push(id);
    }
  }
  return out;
}
