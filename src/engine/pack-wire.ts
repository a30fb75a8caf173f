/**
 * The shipped form of the rule pack (the `rules-*.json` the app fetches and precaches): the same pack, written more
 * compactly so the precache stays small. `decodePack` turns it back into the exact RulePack the build made (same
 * keys, same order) before compilePack sees it; the build checks that round trip on every build (vite.config.ts).
 *
 * - Expressions are arrays and tagged strings instead of `{k: …}` objects: a number or boolean is itself; a
 *   string is `v<name>` (variable), `p<name>` (parameter), `l<name>` (let) or `s<text>` (string literal);
 *   `[op, l, r]` is a binary operation, `['!', e]` not, `['~', e]` negation, `['()', fn, ...args]` a call and
 *   `['[]', ...items]` a list.
 * - Strings are one key list and one value list per language (`strings: {keys, 'zh-CN', en}`, null where a
 *   language has no text for a key) instead of one key → text map per language, so each key is written once.
 *
 * A pack without the `wire` marker (the disk pack, tests) passes through unchanged.
 */
import type { BinOp, CondNode, Expr, ProgrammeDef, RulePack } from './pack';

export const WIRE = 1;

type WireExpr = number | boolean | string | WireExpr[];
type Langs = keyof RulePack['strings'];
const LANGS: Langs[] = ['zh-CN', 'en'];

export interface WirePack extends Omit<RulePack, 'strings' | 'programmes'> {
  wire: typeof WIRE;
  programmes: unknown[];
  strings: { keys: string[] } & Record<Langs, (string | null)[]>;
}

export function encodeExpr(e: Expr): WireExpr {
  switch (e.k) {
    case 'num':
    case 'bool':
      return e.v;
    case 'str':
      return `s${e.v}`;
    case 'var':
      return `v${e.name}`;
    case 'param':
      return `p${e.name}`;
    case 'let':
      return `l${e.name}`;
    case 'bin':
      return [e.op, encodeExpr(e.l), encodeExpr(e.r)];
    case 'not':
      return ['!', encodeExpr(e.e)];
    case 'neg':
      return ['~', encodeExpr(e.e)];
    case 'call':
      return ['()', e.fn, ...e.args.map(encodeExpr)];
    case 'list':
      return ['[]', ...e.items.map(encodeExpr)];
  }
}

export function decodeExpr(w: WireExpr): Expr {
  if (typeof w === 'number') return { k: 'num', v: w };
  if (typeof w === 'boolean') return { k: 'bool', v: w };
  if (typeof w === 'string') {
    const rest = w.slice(1);
    switch (w[0]) {
      case 's':
        return { k: 'str', v: rest };
      case 'v':
        return { k: 'var', name: rest };
      case 'p':
        return { k: 'param', name: rest };
      case 'l':
        return { k: 'let', name: rest };
    }
    throw new Error(`rule pack: bad expression ${JSON.stringify(w)}`);
  }
  if (!Array.isArray(w) || typeof w[0] !== 'string') throw new Error(`rule pack: bad expression ${JSON.stringify(w)}`);
  const head = w[0];
  if (head === '!') return { k: 'not', e: decodeExpr(w[1]!) };
  if (head === '~') return { k: 'neg', e: decodeExpr(w[1]!) };
  if (head === '()') return { k: 'call', fn: w[1] as string, args: w.slice(2).map(decodeExpr) };
  if (head === '[]') return { k: 'list', items: w.slice(1).map(decodeExpr) };
  return { k: 'bin', op: head as BinOp, l: decodeExpr(w[1]!), r: decodeExpr(w[2]!) };
}

type Code = (e: never) => unknown;

/** A copy of the condition tree with every test's expression passed through `code`. */
function mapCond(n: CondNode, code: Code): CondNode {
  const o = { ...n } as Record<string, unknown>;
  if ('expr' in n) o.expr = code(n.expr as never);
  if ('children' in n) o.children = n.children.map((c) => mapCond(c, code));
  if ('child' in n) o.child = mapCond(n.child, code);
  return o as CondNode;
}

/** A copy of the programme with every expression passed through `code` (key order kept). */
function mapProgramme(p: ProgrammeDef, code: Code): ProgrammeDef {
  const o = { ...p } as Record<string, unknown>;
  o.lets = p.lets.map((l) => ({ ...l, expr: code(l.expr as never) }));
  if (p.members) o.members = { ...p.members, exclude: p.members.exclude.map((c) => mapCond(c, code)) };
  o.eligibility = mapCond(p.eligibility, code);
  if (p.amount) {
    const a = { ...p.amount } as Record<string, unknown>;
    a.expr = code(p.amount.expr as never);
    if (p.amount.when !== undefined) a.when = code(p.amount.when as never);
    o.amount = a;
  }
  if (p.estimate) o.estimate = { ...p.estimate, when: code(p.estimate.when as never) };
  return o as unknown as ProgrammeDef;
}

/**
 * Strings as one key list (every language's keys, in order of first appearance) and one value list per language
 * (null where that language has no text: e.g. a `where.` key has English only, the Chinese is shown as written).
 * Undefined when some language orders its keys otherwise: the strings then ship as they are.
 */
function encodeStrings(strings: RulePack['strings']): WirePack['strings'] | undefined {
  const keys = [...new Set(LANGS.flatMap((l) => Object.keys(strings[l])))];
  const at = new Map(keys.map((k, i) => [k, i]));
  for (const l of LANGS) {
    const own = Object.keys(strings[l]).map((k) => at.get(k)!);
    if (own.some((x, i) => i > 0 && x < own[i - 1]!)) return undefined;
  }
  return { keys, ...Object.fromEntries(LANGS.map((l) => [l, keys.map((k) => (Object.hasOwn(strings[l], k) ? strings[l][k] : null))])) } as WirePack['strings'];
}

export function encodePack(pack: RulePack): WirePack {
  const out: Record<string, unknown> = { wire: WIRE };
  for (const [k, v] of Object.entries(pack)) {
    if (k === 'programmes') out[k] = pack.programmes.map((p) => mapProgramme(p, encodeExpr as Code));
    else if (k === 'strings') out[k] = encodeStrings(pack.strings) ?? v;
    else out[k] = v;
  }
  return out as unknown as WirePack;
}

export function decodePack(input: unknown): unknown {
  if (!input || typeof input !== 'object' || (input as { wire?: unknown }).wire !== WIRE) return input;
  const w = input as WirePack;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w)) {
    if (k === 'wire') continue;
    if (k === 'programmes') out[k] = (v as ProgrammeDef[]).map((p) => mapProgramme(p, decodeExpr as Code));
    else if (k === 'strings') {
      const s = v as WirePack['strings'];
      out[k] = Array.isArray(s.keys)
        ? Object.fromEntries(LANGS.map((l) => [l, Object.fromEntries(s.keys.flatMap((key, i) => (s[l][i] === null ? [] : [[key, s[l][i]]])))]))
        : v;
    } else out[k] = v;
  }
  return out;
}

/** The shipped JSON text of a pack; throws unless it decodes to exactly the same pack (same JSON). */
export function wireText(pack: RulePack): string {
  const text = JSON.stringify(encodePack(pack));
  if (JSON.stringify(decodePack(JSON.parse(text))) !== JSON.stringify(pack)) throw new Error('rule pack: the shipped encoding does not round-trip');
  return text;
}
