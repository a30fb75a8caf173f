/**
 * npm run rules:table [-- --date YYYY-MM-DD] [--write]
 *
 * The coverage table: for every region × programme of the compiled rule pack, whether the programme applies there
 * (its eligibility is encoded), what kind of amount it has on the date (known, approximate 约, floor ≥, range, or
 * unknown 由当地确定), and which documents the rules and figures come from.
 *
 * The amount kind is worked out from the pack, not from hand-written lists: the amount expression is walked (through
 * the programme's `let` names), every parameter it reads is resolved for the region and date with `cp.resolve`, and
 * the figures it can end in are classified by their resolved values. `--write` regenerates the table inside
 * rules/README.md between `<!-- coverage:start -->` and `<!-- coverage:end -->`; test/rules/table.test.ts fails when
 * the committed table is stale (it regenerates it with the date the README states).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compilePack, type CompiledPack } from '../engine/compile';
import { isValidDate } from '../engine/household';
import { documentApplies, RegionCitations } from '../engine/citations';
import type { Citation, CondNode, Expr, Period, ProgrammeDef, RegionDef, Unit } from '../engine/pack';
import { add, div, floor, isRange, isUnknown, mul, range, sub, type Val } from '../engine/values';
import { RULES_DIR, loadPackFromDisk } from './pack-file';
import { RuleBuildError } from './rules';

export const README = join(RULES_DIR, 'README.md');
export const START = '<!-- coverage:start -->';
export const END = '<!-- coverage:end -->';

/** One figure an amount can end in: a resolved parameter value (or a value computed from several), or "the household's own number". */
type Leaf =
  | { h: true }
  | { h: false; v: Val; unit: Unit | undefined; constant: boolean; params: string[] };

const H: Leaf = { h: true };

interface Walk {
  cp: CompiledPack;
  prog: ProgrammeDef;
  values: (id: string) => Val;
  /** Every parameter the walk reads (for sources and unknown thresholds). */
  read: Set<string>;
  depth: number;
}

function letExpr(prog: ProgrammeDef, name: string): Expr | undefined {
  return prog.lets.find((l) => l.name === name)?.expr;
}

const isMoney = (u: Unit | undefined): boolean => u === 'yuan-month' || u === 'yuan-year' || u === 'yuan';

function combineUnit(a: Unit | undefined, b: Unit | undefined): Unit | undefined {
  if (isMoney(a)) return a;
  if (isMoney(b)) return b;
  return a ?? b;
}

function cross(op: '+' | '-' | '*' | '/', la: Leaf[], lb: Leaf[]): Leaf[] {
  const out: Leaf[] = [];
  const f = op === '+' ? add : op === '-' ? sub : op === '*' ? mul : div;
  for (const a of la) {
    for (const b of lb) {
      if (a.h || b.h) continue;
      out.push({ h: false, v: f(a.v, b.v), unit: combineUnit(a.unit, b.unit), constant: a.constant && b.constant, params: [...a.params, ...b.params] });
    }
  }
  return out;
}

const allH = (l: Leaf[]): boolean => l.length > 0 && l.every((x) => x.h);
const hasH = (l: Leaf[]): boolean => l.some((x) => x.h);
const figures = (l: Leaf[]): Leaf[] => l.filter((x) => !x.h && !x.constant);

/**
 * The figures an expression can end in. Conditions (the first argument of if, comparisons) are not followed: an
 * amount is "standard − income" or "if(urban, A, B)", and the table shows A and B whatever the household answers.
 * Household-dependent parts (variables) become H; "standard − income" keeps the standard.
 */
function leaves(e: Expr, w: Walk): Leaf[] {
  if (w.depth > 50) return [H];
  switch (e.k) {
    case 'num':
      return [{ h: false, v: e.v, unit: undefined, constant: true, params: [] }];
    case 'str':
    case 'bool':
    case 'list':
      return [];
    case 'var':
      return [H];
    case 'param': {
      w.read.add(e.name);
      const unit = w.cp.pack.parameters[e.name]?.unit;
      return [{ h: false, v: w.values(e.name), unit, constant: false, params: [e.name] }];
    }
    case 'let': {
      const x = letExpr(w.prog, e.name);
      if (!x) return [H];
      w.depth += 1;
      const out = leaves(x, w);
      w.depth -= 1;
      return out;
    }
    case 'neg':
      return leaves(e.e, w).map((l) => (l.h ? l : { ...l, v: sub(0, l.v) }));
    case 'not':
      return [];
    case 'bin': {
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') {
        const la = leaves(e.l, w);
        const lb = leaves(e.r, w);
        if (e.op === '+' || e.op === '-') {
          // "standard − income", "A + B": the figures of both sides (a constant 0 says nothing)
          const both = [...la, ...lb].filter((x) => x.h || !x.constant);
          return both.length ? both : cross(e.op, la, lb);
        }
        // "(standard − income) × members", "self-paid × ratio": the household scales the figure
        if (allH(la)) return [...lb, H];
        if (allH(lb)) return [...la, H];
        if (hasH(la) || hasH(lb)) return [...la, ...lb];
        return cross(e.op, la, lb);
      }
      // comparisons and logic: a condition, not a figure
      leaves(e.l, w);
      leaves(e.r, w);
      return [];
    }
    case 'call': {
      const args = e.args;
      switch (e.fn) {
        case 'if':
          leaves(args[0]!, w);
          return [...leaves(args[1]!, w), ...leaves(args[2]!, w)];
        case 'coalesce': {
          const a = leaves(args[0]!, w);
          const b = leaves(args[1]!, w);
          // the first when it is known (or the household's own number), else the second; when neither is known,
          // both sets of unknown figures are named
          const known = (l: Leaf[]): boolean => l.some((x) => x.h || !isUnknown(x.v));
          if (known(a)) return a;
          return known(b) ? b : [...a, ...b];
        }
        case 'max':
        case 'min':
          return [...leaves(args[0]!, w), ...leaves(args[1]!, w)];
        case 'atLeast':
          return leaves(args[0]!, w).map((l) => {
            if (l.h) return l;
            const v = l.v;
            if (typeof v === 'number') return { ...l, v: floor(v) };
            if (isRange(v)) return { ...l, v: range(v.lo, Infinity, v.approx, v.missing, v.params) };
            return l;
          });
        default:
          // holds(), receives(), anyMember(): conditions
          return [];
      }
    }
  }
}

function readCond(node: CondNode, w: Walk): void {
  switch (node.kind) {
    case 'all':
    case 'any':
      node.children.forEach((c) => readCond(c, w));
      break;
    case 'not':
      readCond(node.child, w);
      break;
    case 'test':
      leaves(node.expr, w);
      break;
    case 'discretionary':
      break;
  }
}

// ── formatting ────────────────────────────────────────────────────────────

type Kind = 'known' | 'approximate' | 'floor' | 'range' | 'unknown';

const num = (n: number): string => (Math.round(n * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 }).replace(/,/g, '');

function fmt(v: Val, unit: Unit | undefined): { text: string; kinds: Kind[] } {
  const show = (n: number): string => (unit === 'ratio' ? `${num(n * 100)}%` : num(n));
  if (typeof v === 'number') return { text: show(v), kinds: ['known'] };
  if (isRange(v)) {
    const yue = v.approx ? '约' : '';
    const kinds: Kind[] = v.approx ? ['approximate'] : [];
    if (v.hi === Infinity) return { text: `≥ ${yue}${show(v.lo)}`, kinds: ['floor', ...kinds] };
    if (v.lo === v.hi) return { text: `${yue}${show(v.lo)}`, kinds: v.approx ? kinds : ['known'] };
    return { text: `${yue}${show(v.lo)}–${show(v.hi)}`, kinds: ['range', ...kinds] };
  }
  return { text: '由当地确定', kinds: ['unknown'] };
}

const PERIOD: Record<Period, string> = { month: '元/月', year: '元/年', once: '元/次' };

function sortKey(v: Val): number {
  if (typeof v === 'number') return v;
  if (isRange(v)) return v.lo;
  return -Infinity;
}

export interface Cell {
  applies: boolean;
  /** What the programme gives: cash, in kind, service or status. */
  kind: string;
  eligibility: string;
  amount: string;
  kinds: Kind[];
  /** Each figure the rules read on the date, with its strength and horizon ("id: seed, to 2025-12-31 (past)"). */
  figures: string[];
  sources: string[];
}

const KIND: Record<ProgrammeDef['kind'], string> = { cash: 'cash', 'in-kind': 'in kind', service: 'service', status: 'status' };

function sourceLabel(cp: CompiledPack, doc: string): string {
  const d = cp.pack.sources[doc];
  if (!d) return doc;
  if (d.kind === 'seed') return d.file ?? doc;
  return doc;
}

function sourceRank(cp: CompiledPack, label: string): string {
  const kind = Object.values(cp.pack.sources).find((s) => s.file === label)?.kind;
  return `${kind === 'seed' ? 0 : 1}${label}`;
}

export function cell(cp: CompiledPack, region: string, prog: ProgrammeDef, date: string): Cell {
  const chain = cp.chains.get(region) ?? [];
  if (!prog.regions.some((r) => chain.includes(r))) return { applies: false, kind: KIND[prog.kind], eligibility: '—', amount: '—', kinds: [], figures: [], sources: [] };
  const resolved = cp.resolve(region, date);
  const w: Walk = {
    cp,
    prog,
    values: (id) => resolved.values[cp.paramIndex.get(id) ?? -1] ?? range(-Infinity, Infinity),
    read: new Set(),
    depth: 0,
  };
  // Eligibility: which thresholds it reads, and which of those are unknown here.
  readCond(prog.eligibility, w);
  for (const c of prog.members?.exclude ?? []) readCond(c, w);
  const thresholdUnknown = [...w.read].filter((id) => isUnknown(w.values(id))).sort();
  const eligibility = thresholdUnknown.length ? `✓ (unknown: ${thresholdUnknown.join(', ')})` : '✓';

  let amount: string;
  let kinds: Kind[];
  if (!prog.amount) {
    amount = prog.kind === 'status' ? 'status (no cash)' : prog.kind === 'service' ? 'service (no cash)' : prog.kind === 'in-kind' ? 'in kind (no cash)' : '—';
    kinds = [];
  } else {
    const ls = figures(leaves(prog.amount.expr, w));
    const known = ls.filter((l) => !l.h && !isUnknown(l.v)) as Extract<Leaf, { h: false }>[];
    const unknownIds = [...new Set(ls.flatMap((l) => (!l.h && isUnknown(l.v) ? l.v.params : [])))].sort();
    const texts: string[] = [];
    const kindSet = new Set<Kind>();
    const ratio = known.length > 0 && known.every((l) => l.unit === 'ratio');
    for (const l of [...known].sort((a, b) => sortKey(b.v) - sortKey(a.v))) {
      const f = fmt(l.v, l.unit);
      if (!texts.includes(f.text)) texts.push(f.text);
      f.kinds.forEach((k) => kindSet.add(k));
    }
    if (known.length === 0) {
      amount = `unknown: 由当地确定${unknownIds.length ? ` (${unknownIds.join(', ')})` : ''}`;
      kinds = ['unknown'];
    } else {
      const order: Kind[] = ['known', 'range', 'floor', 'approximate'];
      kinds = order.filter((k) => kindSet.has(k));
      const suffix = ratio ? ' of the self-paid cost' : ` ${PERIOD[prog.amount.period]}`;
      amount = `${kinds.filter((k) => k !== 'known' || kinds.length === 1).join(', ')}: ${texts.join('、')}${suffix}`;
      if (unknownIds.length) {
        amount += `; partly unknown: 由当地确定 (${unknownIds.join(', ')})`;
        kinds = [...kinds, 'unknown'];
      }
    }
  }

  // The documents a household of this region is shown (engine/citations.ts): never another region's city plan,
  // except a declared reading, marked as one.
  const docs = new Set<string>();
  const cites = new RegionCitations(cp.pack, chain);
  const label = (c: Citation) => `${sourceLabel(cp, c.doc)}${c.reading && !documentApplies(cp.pack, c, chain) ? ' (reading)' : ''}`;
  for (const s of cites.list(prog.sources)) docs.add(label(s));
  const amountSource = cites.one(prog.amount?.source);
  if (amountSource) docs.add(label(amountSource));
  const condDocs = (n: CondNode): void => {
    const c = cites.cond(n);
    if (c) docs.add(label(c));
    if (n.kind === 'all' || n.kind === 'any') n.children.forEach(condDocs);
    else if (n.kind === 'not') condDocs(n.child);
  };
  condDocs(prog.eligibility);
  for (const id of w.read) {
    const origin = resolved.origins[cp.paramIndex.get(id) ?? -1];
    if (origin) docs.add(sourceLabel(cp, origin.value.source.doc));
  }
  const sources = [...docs].sort((a, b) => sourceRank(cp, a).localeCompare(sourceRank(cp, b)));
  // Strength and horizon of each figure read: past its horizon on the date, it is used as the newest known figure.
  const figureList = [...w.read].sort().map((id) => {
    const origin = resolved.origins[cp.paramIndex.get(id) ?? -1];
    if (!origin || origin.value.value === null) return `${id}: unknown`;
    const h = origin.value.horizon;
    return `${id}: ${origin.value.strength}, ${h ? `to ${h}${date > h ? ' (past)' : ''}` : 'no horizon'}`;
  });
  return { applies: true, kind: KIND[prog.kind], eligibility, amount, kinds, figures: figureList, sources };
}

/** Regions in tree order: the national region first, each followed by its children. */
export function regionOrder(regions: Record<string, RegionDef>): string[] {
  const out: string[] = [];
  const visit = (parent: string | null): void => {
    for (const r of Object.values(regions).filter((x) => x.parent === parent).sort((a, b) => a.id.localeCompare(b.id))) {
      out.push(r.id);
      visit(r.id);
    }
  };
  visit(null);
  return out;
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');

/** The Markdown section that goes between the coverage markers. */
export function renderCoverage(cp: CompiledPack, date: string): string {
  const pack = cp.pack;
  const byId = new Map(pack.programmes.map((p) => [p.id, p]));
  const order = pack.order.length ? pack.order : pack.programmes.map((p) => p.id);
  const zh = pack.strings['zh-CN'];
  const lines: string[] = [];
  lines.push(`Coverage as of ${date} — generated by \`npm run rules:table -- --date ${date} --write\` from the compiled rule pack; do not edit by hand.`);
  lines.push('');
  lines.push('Eligibility ✓ means the programme is evaluated in that region (— : it does not apply there); "unknown: …" names thresholds');
  lines.push('with no figure on that date (the verdict can still be decided when other answers settle it). Amount kinds: known, approximate (约,');
  lines.push('a planning target), floor (≥, a legal minimum), range (set locally within bounds), unknown (由当地确定 — set locally).');
  lines.push('Kind: cash, in kind (goods or fees covered), service, status (a recognition). Figures: each parameter the rules read, with its');
  lines.push('strength (seed, national, planned 约, unknown) and horizon — "to YYYY-MM-DD", the last day its source states it for, "(past)" when');
  lines.push('the date is later (still used, shown as the newest known figure), "no horizon" for a rule that stands until replaced.');
  lines.push('Sources: seed files in rules/seeds, national document ids from rules/sources.yaml.');
  lines.push('');
  lines.push('| region | programme | kind | eligibility | amount | figures: strength, horizon | sources |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const region of regionOrder(pack.regions)) {
    const rname = zh[`region.${region}`] ?? region;
    for (const id of order) {
      const prog = byId.get(id);
      if (!prog) continue;
      const c = cell(cp, region, prog, date);
      const pname = zh[prog.name] ?? id;
      lines.push(
        `| ${esc(`${region} ${rname}`)} | ${esc(`${id} ${pname}`)} | ${c.kind} | ${esc(c.eligibility)} | ${esc(c.amount)} | ${esc(c.figures.join('; ') || '—')} | ${esc(c.sources.join(', ') || '—')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Replace the section between the markers; throws when the markers are missing. */
export function replaceSection(readme: string, section: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`rules/README.md needs the markers ${START} and ${END}`);
  return `${readme.slice(0, a + START.length)}\n${section}\n${readme.slice(b)}`;
}

/** The section currently committed between the markers, and the date it states. */
export function committedSection(readme: string): { section: string; date: string | null } {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0 || b < a) return { section: '', date: null };
  const section = readme.slice(a + START.length, b).replace(/^\n/, '').replace(/\n$/, '');
  const m = /as of (\d{4}-\d{2}-\d{2})/.exec(section);
  return { section, date: m ? m[1]! : null };
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function main(argv: string[]): number {
  let date = today();
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--date') {
      const d = argv[++i];
      if (!d || !isValidDate(d)) {
        process.stderr.write(`--date needs a valid date YYYY-MM-DD (got "${d ?? ''}")\n`);
        return 2;
      }
      date = d;
    } else if (a === '--write') {
      write = true;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npm run rules:table [-- --date YYYY-MM-DD] [--write]\n');
      return 0;
    } else {
      process.stderr.write(`unknown option ${a}\n`);
      return 2;
    }
  }
  const cp = compilePack(loadPackFromDisk());
  const section = renderCoverage(cp, date);
  if (!write) {
    process.stdout.write(`${section}\n`);
    return 0;
  }
  const readme = readFileSync(README, 'utf8');
  writeFileSync(README, replaceSection(readme, section));
  process.stdout.write(`rules/README.md: coverage table regenerated as of ${date}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    if (e instanceof RuleBuildError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
