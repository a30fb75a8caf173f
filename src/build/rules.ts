/**
 * The rule compiler: rules/*.yaml → one validated, versioned rule pack (JSON).
 * Build-time only (Node): YAML parsing and schema validation never reach the shipped bundle.
 *
 * Every problem is reported as "file: path: problem" in words a policy officer can act on, and all problems are
 * reported at once rather than one per run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { HOUSEHOLD_STATUSES, INCOME_KINDS, PERSON_STATUSES } from '../engine/household';
import type {
  Citation, CondNode, DatedValue, EstimateStep, Expr, IncomeRule, Localized, ParameterDef, ProgrammeDef, RegionDef,
  RulePack, SourceDoc, Unit,
} from '../engine/pack';
import { PACK_FORMAT, PACK_FORMAT_VERSION } from '../engine/pack';
import { FUNCTIONS, PROGRAMME_VARIABLES, VARIABLES } from '../engine/variables';
import { checkCitationRegions, checkSourceRegions } from './citation-check';
import { ExprSyntaxError, parseExpr } from './expr-parser';
import { whereInEnglish } from './where';
import { inferRegionCodes } from './region-catalogue';
import {
  casesSchema, conditionSchema, parametersSchema, programmeSchema, regionSchema, sourcesSchema, stringsSchema,
} from './rule-schemas';

export interface RuleProblem {
  file: string;
  path: string;
  problem: string;
}

export class RuleBuildError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(`${problems.length} problem(s) in the rule files:\n${problems.map((p) => `  ${p.file}${p.path ? `: ${p.path}` : ''}: ${p.problem}`).join('\n')}`);
  }
}

const MAX_QUOTE = 40;

type Json = Record<string, unknown>;

interface Ctx {
  root: string;
  problems: RuleProblem[];
  file: string;
}

function problem(ctx: Ctx, path: string, text: string): void {
  ctx.problems.push({ file: ctx.file, path, problem: text });
}

function readYaml(ctx: Ctx, path: string): unknown {
  ctx.file = relative(ctx.root, path) || path;
  const text = readFileSync(path, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) problem(ctx, `line ${e.linePos?.[0]?.line ?? '?'}`, `YAML syntax: ${e.message.split('\n')[0]}`);
    return undefined;
  }
  return doc.toJS();
}

function ajvPath(e: ErrorObject): string {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
    .replace(/^\./, '');
}

function explainAjv(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `"${(e.params as { additionalProperty: string }).additionalProperty}" is not a known field here (check the spelling)`;
    case 'enum':
      return `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      return `"${String(e.data)}" has the wrong form (expected ${(e.params as { pattern: string }).pattern})`;
    default:
      return e.message ?? e.keyword;
  }
}

function makeValidator(): (schema: object, ctx: Ctx, data: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(conditionSchema);
  const cache = new Map<object, ValidateFunction>();
  return (schema, ctx, data) => {
    let v = cache.get(schema);
    if (!v) {
      v = ajv.compile(schema);
      cache.set(schema, v);
    }
    if (v(data)) return true;
    // oneOf failures repeat every branch's complaint; keep the most specific ones.
    const errs = (v.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'const' && e.keyword !== 'type' || (v!.errors ?? []).length === 1);
    const seen = new Set<string>();
    for (const e of errs.length ? errs : (v.errors ?? [])) {
      const key = `${ajvPath(e)}|${explainAjv(e)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problem(ctx, ajvPath(e), explainAjv(e));
    }
    return false;
  };
}

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.cases.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

const compact = (s: string): string => s.replace(/\s+/g, '');

function didYouMean(name: string, options: Iterable<string>): string {
  let best = '';
  let bestScore = Infinity;
  for (const o of options) {
    const d = distance(name.toLowerCase(), o.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = o;
    }
  }
  return bestScore <= Math.max(3, name.length / 3) ? ` — did you mean "${best}"?` : '';
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

interface Loaded {
  sources: Record<string, SourceDoc>;
  seedText: Map<string, string>;
  parameters: Record<string, { label: Localized; unit: Unit }>;
  strings: Record<string, Localized>;
}

function checkCitation(ctx: Ctx, L: Loaded, path: string, c: Citation | undefined): void {
  if (!c) return;
  const doc = L.sources[c.doc];
  if (!doc) {
    problem(ctx, `${path}.doc`, `unknown source "${c.doc}" — add it to rules/sources.yaml${didYouMean(c.doc, Object.keys(L.sources))}`);
    return;
  }
  if (doc.kind === 'seed') {
    if (!c.quote) {
      problem(ctx, path, `a seed citation needs a short quote (≤ ${MAX_QUOTE} characters) from ${doc.file}`);
      return;
    }
    const q = compact(c.quote);
    if (q.length > MAX_QUOTE) problem(ctx, `${path}.quote`, `quote is ${q.length} characters; keep it to ${MAX_QUOTE} or fewer`);
    const text = L.seedText.get(c.doc);
    if (text !== undefined && !text.includes(q)) {
      problem(ctx, `${path}.quote`, `the quote "${c.quote}" is not in seed ${doc.file} (spacing and line breaks are ignored; the words must match exactly)`);
    }
  }
}

// ── names in expressions ────────────────────────────────────────────────────

interface ResolveEnv {
  lets: Set<string>;
  params: Set<string>;
  programmes: Set<string>;
  scope: 'household' | 'person';
  refs: Set<string>;
}

function resolveExpr(ctx: Ctx, path: string, e: Expr, env: ResolveEnv): Expr {
  switch (e.k) {
    case 'var': {
      if (env.lets.has(e.name)) return { k: 'let', name: e.name };
      const v = VARIABLES[e.name] ?? PROGRAMME_VARIABLES[e.name];
      if (v) {
        if (v.scope === 'person' && env.scope === 'household') {
          problem(ctx, path, `"${e.name}" is about one person; a household programme must use it inside anyMember(…)`);
        }
        return e;
      }
      if (env.params.has(e.name)) return { k: 'param', name: e.name };
      const all = [...env.lets, ...Object.keys(VARIABLES), ...Object.keys(PROGRAMME_VARIABLES), ...env.params];
      problem(ctx, path, `unknown name "${e.name}"${didYouMean(e.name, all)}`);
      return e;
    }
    case 'bin':
      return { ...e, l: resolveExpr(ctx, path, e.l, env), r: resolveExpr(ctx, path, e.r, env) };
    case 'not':
    case 'neg':
      return { ...e, e: resolveExpr(ctx, path, e.e, env) };
    case 'list':
      return { ...e, items: e.items.map((x) => resolveExpr(ctx, path, x, env)) };
    case 'call': {
      if (!FUNCTIONS[e.fn]) {
        problem(ctx, path, `unknown function "${e.fn}"${didYouMean(e.fn, Object.keys(FUNCTIONS))}`);
        return e;
      }
      const [lo, hi] = FUNCTIONS[e.fn]!;
      if (e.args.length < lo || e.args.length > hi) problem(ctx, path, `${e.fn}(…) takes ${lo === hi ? lo : `${lo}–${hi}`} argument(s), not ${e.args.length}`);
      if (e.fn === 'holds' || e.fn === 'receives') {
        const a = e.args[0];
        if (!a || a.k !== 'str') {
          problem(ctx, path, `${e.fn}(…) takes a quoted id, e.g. ${e.fn}('dibao')`);
          return e;
        }
        if (e.fn === 'holds') {
          if (!env.programmes.has(a.v)) problem(ctx, path, `holds('${a.v}'): no programme with that id${didYouMean(a.v, env.programmes)}`);
          env.refs.add(a.v);
        } else if (![...HOUSEHOLD_STATUSES, ...PERSON_STATUSES].includes(a.v as never)) {
          problem(ctx, path, `receives('${a.v}'): not a recognised status; known: ${[...HOUSEHOLD_STATUSES, ...PERSON_STATUSES].join(', ')}`);
        }
        return e;
      }
      if (e.fn === 'anyMember') return { ...e, args: e.args.map((x) => resolveExpr(ctx, path, x, { ...env, scope: 'person' })) };
      return { ...e, args: e.args.map((x) => resolveExpr(ctx, path, x, env)) };
    }
    default:
      return e;
  }
}

function compileExprText(ctx: Ctx, path: string, text: string, env: ResolveEnv): Expr {
  try {
    return resolveExpr(ctx, path, parseExpr(text), env);
  } catch (err) {
    if (err instanceof ExprSyntaxError) {
      problem(ctx, path, `cannot read "${text}": ${err.message} at character ${err.column + 1}`);
      return { k: 'bool', v: false };
    }
    throw err;
  }
}

// ── the pack ───────────────────────────────────────────────────────────────

interface Strings {
  zh: Record<string, string>;
  en: Record<string, string>;
}

function putString(S: Strings, key: string, l: Localized): string {
  S.zh[key] = l.zh;
  S.en[key] = l.en;
  return key;
}

function labelKey(ctx: Ctx, L: Loaded, S: Strings, path: string, label: unknown, key: string): string {
  if (typeof label === 'string') {
    if (!L.strings[label]) problem(ctx, path, `label "${label}" is not in rules/strings.yaml${didYouMean(label, Object.keys(L.strings))}`);
    return label;
  }
  return putString(S, key, label as Localized);
}

export interface BuildOptions {
  /** Where the seed documents are (quotes are checked against them). Default: rules/seeds. */
  seedsDir?: string;
  /**
   * The region of a region file an office publishes (`npm run rules:region-file`): its places in documents are the
   * office's own words, kept as written, so they need no English in rules/where.yaml.
   */
  published?: string;
}

export function buildPack(rulesDir: string, options: BuildOptions = {}): RulePack {
  const ctx: Ctx = { root: join(rulesDir, '..'), problems: [], file: '' };
  const validate = makeValidator();
  const seedsDir = options.seedsDir ?? join(rulesDir, 'seeds');

  // Sources
  const rawSources = readYaml(ctx, join(rulesDir, 'sources.yaml')) as Record<string, Json> | undefined;
  const sources: Record<string, SourceDoc> = {};
  const seedText = new Map<string, string>();
  // POLICY.md is the team's catalogue of what to encode, never evidence: a rule cites the seed or the national
  // document itself (HANDBOOK: "Cite what applies").
  for (const [id, s] of Object.entries(rawSources ?? {})) {
    const o = s as { kind?: unknown; file?: unknown };
    if (o.kind === 'catalogue' || (typeof o.file === 'string' && /policy\.md$/i.test(o.file))) {
      problem(ctx, id, 'POLICY.md (the catalogue) is never a source: cite the seed or the national document by number');
    }
  }
  if (rawSources && validate(sourcesSchema, ctx, rawSources)) {
    for (const [id, s] of Object.entries(rawSources)) {
      const doc = { id, ...(s as Omit<SourceDoc, 'id'>) };
      sources[id] = doc;
      if (doc.kind === 'seed') {
        if (!doc.file) problem(ctx, id, 'a seed source needs "file" (its name in rules/seeds)');
        else if (!existsSync(join(seedsDir, doc.file))) problem(ctx, `${id}.file`, `seed file ${doc.file} not found in ${relative(ctx.root, seedsDir)}`);
        else seedText.set(id, compact(readFileSync(join(seedsDir, doc.file), 'utf8')));
      }
    }
  }

  const rawParams = readYaml(ctx, join(rulesDir, 'parameters.yaml')) as Record<string, { label: Localized; unit: Unit }> | undefined;
  const paramDecls: Loaded['parameters'] = rawParams && validate(parametersSchema, ctx, rawParams) ? rawParams : {};

  const rawStrings = readYaml(ctx, join(rulesDir, 'strings.yaml')) as Record<string, Localized> | undefined;
  const strings: Record<string, Localized> = rawStrings && validate(stringsSchema, ctx, rawStrings) ? rawStrings : {};
  const L: Loaded = { sources, seedText, parameters: paramDecls, strings };
  const S: Strings = { zh: {}, en: {} };
  for (const [k, v] of Object.entries(strings)) putString(S, k, v);
  for (const [id, s] of Object.entries(sources)) putString(S, `source.${id}`, s.title);

  // Regions and their dated parameter values
  const regions: Record<string, RegionDef> = {};
  const parameters: Record<string, ParameterDef> = {};
  for (const [id, d] of Object.entries(paramDecls)) {
    parameters[id] = { id, label: d.label, unit: d.unit, values: {} };
    putString(S, `param.${id}`, d.label);
  }
  for (const file of listYaml(join(rulesDir, 'regions'))) {
    const raw = readYaml(ctx, file) as Json | undefined;
    if (!raw || !validate(regionSchema, ctx, raw)) continue;
    const r = raw as unknown as RegionDef & { parameters?: Record<string, DatedValue[]> };
    if (basename(file, '.yaml') !== r.id) problem(ctx, 'id', `the file name must be the region id (${r.id}.yaml)`);
    if (regions[r.id]) problem(ctx, 'id', `region "${r.id}" is defined twice`);
    regions[r.id] = { id: r.id, name: r.name, parent: r.parent, ...(r.code ? { code: r.code } : {}), lastVerified: r.lastVerified, ...(r.note ? { note: r.note } : {}) };
    putString(S, `region.${r.id}`, r.name);
    for (const [pid, list] of Object.entries(r.parameters ?? {})) {
      const decl = parameters[pid];
      if (!decl) {
        problem(ctx, `parameters.${pid}`, `"${pid}" is not declared in rules/parameters.yaml${didYouMean(pid, Object.keys(parameters))}`);
        continue;
      }
      const dates = new Set<string>();
      list.forEach((dv, i) => {
        const p = `parameters.${pid}[${i}]`;
        if (dates.has(dv.from)) problem(ctx, `${p}.from`, `two values start on ${dv.from}`);
        dates.add(dv.from);
        if (Number.isNaN(Date.parse(dv.from))) problem(ctx, `${p}.from`, `"${dv.from}" is not a real date`);
        checkCitation(ctx, L, `${p}.source`, dv.source);
        const docKind = sources[dv.source.doc]?.kind;
        if (dv.strength === 'seed' && docKind && docKind !== 'seed') problem(ctx, `${p}.strength`, `strength "seed" needs a seed document as source, not ${dv.source.doc}`);
        if (dv.strength === 'planned' && docKind !== 'seed') problem(ctx, `${p}.strength`, 'a planned (约) figure must cite the seed that states it');
        if ((dv.strength === 'unknown') !== (dv.value === null)) problem(ctx, `${p}.value`, 'use value: null exactly when strength is "unknown" (and never a made-up number)');
        checkValueType(ctx, `${p}.value`, dv, decl.unit);
        checkHorizon(ctx, p, dv, decl.unit, docKind);
      });
      decl.values[r.id] = [...list].sort((a, b) => a.from.localeCompare(b.from));
    }
  }
  // A region file without its GB/T 2260 code gets the one its name and parent point to (region-catalogue.ts).
  inferRegionCodes(regions);
  ctx.file = 'rules/regions';
  for (const r of Object.values(regions)) {
    if (r.parent !== null && !regions[r.parent]) problem(ctx, r.id, `parent region "${r.parent}" does not exist`);
  }
  if (!regions.cn) problem(ctx, '', 'the national region "cn" (cn.yaml) is missing');
  const report = (file: string, path: string, text: string) => ctx.problems.push({ file, path, problem: text });
  checkSourceRegions(sources, regions, report);

  // Programmes
  const files = listYaml(join(rulesDir, 'programmes'));
  const rawProgs: { file: string; raw: Json }[] = [];
  // Programmes whose file could not be read: other files naming them get no follow-on complaints.
  const unreadable = new Set<string>();
  for (const file of files) {
    const raw = readYaml(ctx, file) as Json | undefined;
    if (raw && validate(programmeSchema, ctx, raw)) rawProgs.push({ file, raw });
    else unreadable.add(basename(file, '.yaml'));
  }
  const progIds = new Set([...rawProgs.map((p) => String(p.raw.id)), ...unreadable]);
  // "sameAs: other" shares another programme's household composition or income rules instead of copying them.
  const rawById = new Map(rawProgs.map((p) => [String(p.raw.id), p]));
  for (const { file, raw } of rawProgs) {
    ctx.file = relative(ctx.root, file);
    for (const key of ['members', 'income'] as const) {
      const spec = raw[key] as { sameAs?: string } | undefined;
      if (!spec?.sameAs) continue;
      const other = rawById.get(spec.sameAs)?.raw[key] as { sameAs?: string } | undefined;
      if (!other) problem(ctx, `${key}.sameAs`, `programme "${spec.sameAs}" has no ${key} rules to share${didYouMean(spec.sameAs, progIds)}`);
      else if (other.sameAs) problem(ctx, `${key}.sameAs`, `"${spec.sameAs}" itself uses sameAs; point to the programme that writes the rules`);
      else raw[key] = other;
    }
  }
  const programmes: ProgrammeDef[] = [];
  for (const { file, raw } of rawProgs) {
    ctx.file = relative(ctx.root, file);
    const def = compileProgramme(ctx, L, S, raw, progIds, new Set(Object.keys(parameters)), regions);
    if (basename(file, '.yaml') !== def.id) problem(ctx, 'id', `the file name must be the programme id (${def.id}.yaml)`);
    programmes.push(def);
  }

  // Only when the files read cleanly: follow-on complaints about a half-read rule would only add noise.
  if (!ctx.problems.length) checkCitationRegions({ sources, regions, parameters, programmes }, report);
  // Every place a citation points to in English (`where.<the Chinese>`): English pages never show it untranslated.
  const whereTable = (existsSync(join(rulesDir, 'where.yaml')) ? readYaml(ctx, join(rulesDir, 'where.yaml')) : {}) as Record<string, unknown> | undefined;
  const wheres = new Set<string>();
  const shipped = Object.values(parameters).map((d) => ({ ...d, values: Object.fromEntries(Object.entries(d.values).filter(([r]) => r !== options.published)) }));
  JSON.stringify([programmes, shipped], (k, v: unknown) => {
    if (k === 'where' && typeof v === 'string') wheres.add(v);
    return v;
  });
  for (const w of [...wheres].sort()) {
    const listed = whereTable?.[w];
    const en = whereInEnglish(w) ?? (typeof listed === 'string' && listed ? listed : null);
    if (en === null) problem({ ...ctx, file: 'rules/where.yaml' }, w, 'no English for this location: add "<the Chinese>: <English>" to rules/where.yaml');
    // Only the English: in Chinese the place is shown as the rule writes it.
    else S.en[`where.${w}`] = en;
  }
  const ordered = topoSort(ctx, programmes);
  const catalogue = readYaml(ctx, join(rulesDir, 'catalogue.yaml')) as { order?: unknown } | undefined;
  const order = Array.isArray(catalogue?.order) ? (catalogue.order as string[]) : [];
  if (catalogue && !Array.isArray(catalogue.order)) problem(ctx, 'order', 'must be a list of programme ids');
  for (const p of programmes) if (!order.includes(p.id)) problem(ctx, 'order', `programme "${p.id}" is missing from the list`);
  order.forEach((id, i) => {
    if (!progIds.has(id)) problem(ctx, `order[${i}]`, `no programme file for "${id}"`);
    if (unreadable.has(id)) return;
    if (order.indexOf(id) !== i) problem(ctx, `order[${i}]`, `"${id}" is listed twice`);
  });
  if (ctx.problems.length) throw new RuleBuildError(ctx.problems);

  const body = {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    regions,
    sources,
    parameters,
    programmes: ordered,
    order,
    strings: { 'zh-CN': S.zh, en: S.en },
  } as const;
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8);
  const newest = Object.values(regions).map((r) => r.lastVerified).sort().pop() ?? '0000-00-00';
  return { ...body, version: `${newest}+${hash}` } as RulePack;
}

/** Money figures and ratios are stated for a period: one a seed gives says until when (rules/README.md, "Horizons"). */
const FIGURE_UNITS = new Set<Unit>(['yuan-month', 'yuan-year', 'yuan', 'ratio']);

function checkHorizon(ctx: Ctx, p: string, dv: DatedValue, unit: Unit, docKind: string | undefined): void {
  const h = dv.horizon;
  if (h === undefined) {
    if (dv.value === null) return;
    if (dv.strength === 'planned') problem(ctx, `${p}.horizon`, 'a planned (约) figure is a target for a year: give its horizon (the last day of that year)');
    else if (docKind === 'seed' && FIGURE_UNITS.has(unit)) problem(ctx, `${p}.horizon`, 'a figure from a seed is stated for a year or a plan period: give its horizon (the last day the seed states it for)');
    return;
  }
  if (Number.isNaN(Date.parse(h))) return problem(ctx, `${p}.horizon`, `"${h}" is not a real date`);
  if (dv.value === null) problem(ctx, `${p}.horizon`, 'a value that is not known (null) has no horizon');
  // A figure may be used from the day after the period it was reported for (an end-of-2020 actual from 2021), not later.
  const dayBefore = new Date(Date.parse(`${dv.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (h < dayBefore) problem(ctx, `${p}.horizon`, `the horizon ${h} is before the value's first day (${dv.from}): start the value earlier or check the horizon`);
}

function checkValueType(ctx: Ctx, path: string, dv: DatedValue, unit: Unit): void {
  const v = dv.value;
  if (v === null) return;
  if (unit === 'flag') {
    if (typeof v !== 'boolean') problem(ctx, path, 'this parameter is a yes/no flag: use true or false');
    return;
  }
  if (unit === 'text') {
    if (typeof v !== 'string') problem(ctx, path, 'this parameter is text');
    return;
  }
  if (typeof v === 'boolean' || typeof v === 'string') {
    problem(ctx, path, `this parameter is a number (${unit})`);
    return;
  }
  const nums = typeof v === 'number' ? [v] : 'atLeast' in v ? [v.atLeast] : [v.min, v.max];
  if (nums.some((n) => n < 0)) problem(ctx, path, 'figures cannot be negative');
  if (unit === 'ratio' && nums.some((n) => n > 1)) problem(ctx, path, 'a ratio is written as a fraction: 80% is 0.8');
  if (typeof v === 'object' && 'min' in v && v.min > v.max) problem(ctx, path, 'min is greater than max');
}

function compileProgramme(
  ctx: Ctx, L: Loaded, S: Strings, raw: Json, progIds: Set<string>, params: Set<string>, regions: Record<string, RegionDef>,
): ProgrammeDef {
  const id = String(raw.id);
  const pre = `prog.${id}`;
  const refs = new Set<string>();
  const lets = new Set<string>();
  const env = (scope: 'household' | 'person'): ResolveEnv => ({ lets, params, programmes: progIds, scope, refs });
  const unit = raw.unit as 'household' | 'person';
  const name = putString(S, `${pre}.name`, raw.name as Localized);

  for (const r of raw.regions as string[]) if (!regions[r]) problem(ctx, 'regions', `unknown region "${r}"${didYouMean(r, Object.keys(regions))}`);
  (raw.sources as Citation[]).forEach((c, i) => checkCitation(ctx, L, `sources[${i}]`, c));
  const rawNotes = (raw.notes as (Localized & { regions?: string[] })[] | undefined) ?? [];
  const notes = rawNotes.map((n, i) => putString(S, `${pre}.note.${i}`, { zh: n.zh, en: n.en }));
  // Notes about some regions only: shown only there (and below).
  const notesIn: Record<string, string[]> = {};
  rawNotes.forEach((n, i) => {
    if (!n.regions) return;
    for (const r of n.regions) if (!regions[r]) problem(ctx, `notes[${i}].regions`, `unknown region "${r}"${didYouMean(r, Object.keys(regions))}`);
    notesIn[notes[i]!] = n.regions;
  });
  const documents = (raw.documents as string[] | undefined) ?? [];
  documents.forEach((d, i) => {
    if (!L.strings[`doc.${d}`]) problem(ctx, `documents[${i}]`, `no text for document "${d}": add doc.${d} to rules/strings.yaml`);
  });
  const receivedAs = raw.receivedAs as string | undefined;
  if (receivedAs && ![...HOUSEHOLD_STATUSES, ...PERSON_STATUSES].includes(receivedAs as never)) {
    problem(ctx, 'receivedAs', `"${receivedAs}" is not a status the household format can record`);
  }

  // Programme-local definitions, in the order written; each may use the ones above it.
  const letDefs: { name: string; expr: Expr }[] = [];
  const letMeta = new Map<string, { label?: string; unit?: Unit; source?: Citation }>();
  for (const [n, v] of Object.entries((raw.let as Record<string, unknown> | undefined) ?? {})) {
    const text = typeof v === 'string' ? v : (v as { expr: string }).expr;
    const expr = compileExprText(ctx, `let.${n}`, text, env(unit));
    lets.add(n);
    letDefs.push({ name: n, expr });
    if (typeof v === 'object' && v !== null) {
      const o = v as { label?: unknown; unit?: Unit; source?: Citation };
      checkCitation(ctx, L, `let.${n}.source`, o.source);
      letMeta.set(n, {
        ...(o.label ? { label: labelKey(ctx, L, S, `let.${n}.label`, o.label, `${pre}.let.${n}`) } : {}),
        ...(o.unit ? { unit: o.unit } : {}),
        ...(o.source ? { source: o.source } : {}),
      });
    }
  }

  const ids = new Set<string>();
  let auto = 0;
  // A condition's citations: its own (one or a list), then its groups'. Each region shows the first that applies there.
  const cond = (node: Json, path: string, scope: 'household' | 'person', inherited: Citation[]): CondNode => {
    const own: Citation[] = node.source === undefined ? [] : Array.isArray(node.source) ? (node.source as Citation[]) : [node.source as Citation];
    own.forEach((c, i) => checkCitation(ctx, L, Array.isArray(node.source) ? `${path}.source[${i}]` : `${path}.source`, c));
    const all = [...own, ...inherited.filter((c) => !own.some((o) => JSON.stringify(o) === JSON.stringify(c)))];
    // A national document applies everywhere: nothing after it (nor any reading) is ever shown, so none is kept.
    const national = all.findIndex((c) => L.sources[c.doc]?.kind === 'national');
    const cites = national < 0 ? all : all.slice(0, national + 1).filter((c) => !c.reading);
    const source = cites[0];
    let cid = node.id as string | undefined;
    if (!cid) {
      if (node.test !== undefined || node.not !== undefined || node.discretionary !== undefined) problem(ctx, path, 'every condition needs an "id" (short, lower-case, e.g. income-below-standard)');
      cid = `group-${++auto}`;
    }
    if (ids.has(cid)) problem(ctx, `${path}.id`, `condition id "${cid}" is used twice in this programme`);
    ids.add(cid);
    const label = node.label !== undefined ? labelKey(ctx, L, S, `${path}.label`, node.label, `${pre}.cond.${cid}`) : undefined;
    const base = { id: cid, ...(source ? { source } : {}), ...(cites.length > 1 ? { also: cites.slice(1) } : {}) };
    if (Array.isArray(node.all) || Array.isArray(node.any)) {
      const kind = Array.isArray(node.all) ? 'all' : 'any';
      const children = (node[kind] as Json[]).map((c, i) => cond(c, `${path}.${kind}[${i}]`, scope, cites));
      return { kind, ...base, ...(label ? { label } : {}), children };
    }
    if (!label) problem(ctx, path, 'this condition needs a "label" ({ zh, en }) saying what it checks, in plain words');
    if (typeof node.label === 'object' && /\{\{(left|right)\}\}/.test(JSON.stringify(node.label)) && node.test === undefined) {
      problem(ctx, `${path}.label`, 'only a test can show {{left}}/{{right}} values');
    }
    if (!source) problem(ctx, path, 'this condition has no source: add source: { doc, where, quote } here or on a group around it');
    if (node.not !== undefined) return { kind: 'not', ...base, label: label ?? '', child: cond(node.not as Json, `${path}.not`, scope, cites) };
    if (node.discretionary !== undefined) return { kind: 'discretionary', ...base, label: label ?? '' };
    const expr = compileExprText(ctx, `${path}.test`, String(node.test), env(scope));
    const isComparison = expr.k === 'bin' && ['<', '<=', '>', '>=', '==', '!=', 'in'].includes(expr.op);
    const text = typeof node.label === 'object' ? JSON.stringify(node.label) : '';
    if (!isComparison && /\{\{(left|right)\}\}/.test(text)) {
      problem(ctx, `${path}.label`, 'the label shows {{left}}/{{right}}, but the test is not a single comparison, so there are no values to show');
    }
    return { kind: 'test', ...base, label: label ?? '', expr, ...(node.unit ? { unit: node.unit as Unit } : {}), ...(node.gate ? { gate: true as const } : {}) };
  };

  const members = raw.members as { exclude: Json[] } | undefined;
  const exclude = members ? members.exclude.map((c, i) => cond(c, `members.exclude[${i}]`, 'person', [])) : undefined;

  const income = raw.income as { notCounted: (Omit<IncomeRule, 'reason'> & { reason: unknown })[] } | undefined;
  const notCounted: IncomeRule[] = [];
  for (const [i, r] of (income?.notCounted ?? []).entries()) {
    if (!INCOME_KINDS.includes(r.kind as never)) problem(ctx, `income.notCounted[${i}].kind`, `"${r.kind}" is not an income kind; known: ${INCOME_KINDS.join(', ')}`);
    checkCitation(ctx, L, `income.notCounted[${i}].source`, r.source);
    notCounted.push({ kind: r.kind, reason: labelKey(ctx, L, S, `income.notCounted[${i}].reason`, r.reason, `${pre}.income.${r.kind}`), source: r.source });
  }

  const eligibility = cond(raw.eligibility as Json, 'eligibility', unit, []);

  const rawAmount = raw.amount as { expr: string; period: 'month' | 'year' | 'once'; when?: string; source?: Citation } | null | undefined;
  let amount: ProgrammeDef['amount'] = null;
  if (rawAmount) {
    checkCitation(ctx, L, 'amount.source', rawAmount.source);
    amount = {
      expr: compileExprText(ctx, 'amount.expr', rawAmount.expr, env(unit)),
      period: rawAmount.period,
      ...(rawAmount.when ? { when: compileExprText(ctx, 'amount.when', rawAmount.when, env(unit)) } : {}),
      ...(rawAmount.source ? { source: rawAmount.source } : {}),
    };
  }
  const kind = raw.kind as ProgrammeDef['kind'];
  if (kind === 'cash' && raw.amount === undefined) problem(ctx, 'amount', 'a cash programme needs an amount (use a parameter whose value is null with strength unknown when the figure is set locally)');
  if (kind !== 'cash' && rawAmount) problem(ctx, 'amount', `a ${kind} programme pays no money: remove "amount" or make it kind: cash`);

  let estimate: ProgrammeDef['estimate'];
  const rawEst = raw.estimate as { when: string; steps: string[]; omits?: Localized[] } | undefined;
  if (rawEst) {
    const steps: EstimateStep[] = rawEst.steps.map((n, i) => {
      const meta = letMeta.get(n);
      if (!lets.has(n)) problem(ctx, `estimate.steps[${i}]`, `"${n}" is not defined under let`);
      else if (!meta?.label || !meta.unit) problem(ctx, `estimate.steps[${i}]`, `let "${n}" needs a label and a unit to be shown as a step`);
      return { name: n, label: meta?.label ?? '', unit: meta?.unit ?? 'yuan', ...(meta?.source ? { source: meta.source } : {}) };
    });
    estimate = {
      when: compileExprText(ctx, 'estimate.when', rawEst.when, env(unit)),
      steps,
      omits: (rawEst.omits ?? []).map((o, i) => putString(S, `${pre}.omit.${i}`, o)),
    };
  }

  let headline: EstimateStep | undefined;
  if (typeof raw.headline === 'string') {
    const meta = letMeta.get(raw.headline);
    if (!lets.has(raw.headline) || !meta?.label || !meta.unit) problem(ctx, 'headline', `"${raw.headline}" must be a name under let with a label and a unit`);
    else headline = { name: raw.headline, label: meta.label, unit: meta.unit };
  }

  const choice = raw.choice as ProgrammeDef['choice'] | undefined;
  if (choice) {
    checkCitation(ctx, L, 'choice.source', choice.source);
    if (unit !== 'person') problem(ctx, 'choice', 'only a person programme can be an option of a choice (one person takes one of them)');
    if (kind !== 'cash') problem(ctx, 'choice', 'an option of a choice is a cash programme (the choice decides which amount counts)');
  }
  refs.delete(id);
  return {
    id,
    name,
    unit,
    kind,
    regions: raw.regions as string[],
    sources: raw.sources as Citation[],
    notes,
    ...(Object.keys(notesIn).length ? { notesIn } : {}),
    ...(receivedAs ? { receivedAs } : {}),
    lets: letDefs,
    ...(exclude ? { members: { exclude } } : {}),
    ...(income ? { income: { notCounted } } : {}),
    eligibility,
    amount,
    ...(estimate ? { estimate } : {}),
    ...(headline ? { headline } : {}),
    documents,
    dependsOn: [...refs].sort(),
    ...(choice ? { choice: { id: choice.id, order: choice.order, source: choice.source } } : {}),
    ...(raw.sensitive === true ? { sensitive: true as const } : {}),
  };
}

function topoSort(ctx: Ctx, progs: ProgrammeDef[]): ProgrammeDef[] {
  ctx.file = 'rules/programmes';
  const byId = new Map(progs.map((p) => [p.id, p]));
  const out: ProgrammeDef[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: ProgrammeDef, trail: string[]): void => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      problem(ctx, p.id, `programmes read each other in a circle: ${[...trail, p.id].join(' → ')}`);
      return;
    }
    state.set(p.id, 'visiting');
    for (const d of p.dependsOn) {
      const q = byId.get(d);
      if (q) visit(q, [...trail, p.id]);
    }
    state.set(p.id, 'done');
    out.push(p);
  };
  for (const p of [...progs].sort((a, b) => a.id.localeCompare(b.id))) visit(p, []);
  return out;
}

// ── cases ──────────────────────────────────────────────────────────────────

export interface RuleCase {
  file: string;
  name: string;
  checks: string;
  date: string;
  household: unknown;
  expect: Record<string, unknown>;
}

export function loadCases(rulesDir: string): RuleCase[] {
  const ctx: Ctx = { root: join(rulesDir, '..'), problems: [], file: '' };
  const validate = makeValidator();
  const out: RuleCase[] = [];
  for (const dir of ['programmes', 'regions']) {
    const full = join(rulesDir, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full).filter((x) => x.endsWith('.cases.yaml')).sort()) {
      const raw = readYaml(ctx, join(full, f));
      if (raw === undefined || !validate(casesSchema, ctx, raw)) continue;
      for (const c of raw as Omit<RuleCase, 'file'>[]) out.push({ file: ctx.file, ...c });
    }
  }
  if (ctx.problems.length) throw new RuleBuildError(ctx.problems);
  return out;
}
