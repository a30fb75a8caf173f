/**
 * The national catalogue of regions as the app uses it: parse the compact text the build makes
 * (src/build/region-catalogue.ts), walk it province → prefecture → county, and search it by name or old name.
 * Pure (no DOM); searching ~3,200 divisions is a plain scan, well under a millisecond.
 */

export type Level = 'province' | 'prefecture' | 'county';

export interface Division {
  code: string;
  name: string;
  /** Names the division had before (龙南县 for 龙南市), where the data has them. */
  old: readonly string[];
  level: Level;
  parent: Division | null;
  children: Division[];
}

export interface Match {
  division: Division;
  /** The old name the query matched, when it matched no current name. */
  viaOld?: string;
}

const SUFFIX = /(自治县|自治旗|自治州|特区|林区|地区|县|市|区|旗|盟)$/;

export class RegionCatalogue {
  readonly provinces: Division[] = [];
  private readonly all: Division[] = [];
  private readonly index = new Map<string, Division>();
  /** Per division, the names (and old names) of the divisions above it, for queries with several words. */
  private readonly above: string[] = [];
  private readonly scores: Int32Array;

  constructor(text: string) {
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [code, name, old] = line.split('|') as [string, string, string | undefined];
      const level: Level = code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';
      // Lines come sorted by code, so a division's parent is already there. Counties of the municipalities and the
      // ones a province governs directly have no prefecture: they hang from the province.
      const parent = level === 'province' ? null : (level === 'county' ? this.index.get(`${code.slice(0, 4)}00`) : undefined) ?? this.index.get(`${code.slice(0, 2)}0000`) ?? null;
      const d: Division = { code, name, old: old ? old.split(',') : [], level, parent, children: [] };
      this.index.set(code, d);
      this.all.push(d);
      this.above.push(parent ? [...this.path(parent).map((p) => [p.name, ...p.old])].flat().join('|') : '');
      if (parent) parent.children.push(d);
      else if (level === 'province') this.provinces.push(d);
    }
    this.scores = new Int32Array(this.all.length);
  }

  get size(): number {
    return this.all.length;
  }

  byCode(code: string): Division | undefined {
    return this.index.get(code);
  }

  /** Province first, the division last. */
  path(d: Division): Division[] {
    const out: Division[] = [];
    for (let cur: Division | null = d; cur; cur = cur.parent) out.unshift(cur);
    return out;
  }

  /** 镇雄县（昭通市）, 昭通市（云南省）, 云南省: the division and the one above it, as the app writes regions. */
  label(d: Division): string {
    return d.parent ? `${d.name}（${d.parent.name}）` : d.name;
  }

  /**
   * Divisions whose name (or old name) contains the query, best first: the name itself or its stem (镇雄 for 镇雄县),
   * then names starting with it, then names containing it, then old names. Several words narrow by the divisions
   * above: "昭通 镇雄", "江西 南康".
   */
  search(query: string, limit = 20): Match[] {
    const words = query.trim().split(/[\s,，、·/]+/).filter(Boolean);
    if (words.length === 0) return [];
    const last = words[words.length - 1]!;
    const above = words.slice(0, -1);
    // Scores only (no objects) for the thousands a one-character query matches; Match objects for the few shown.
    const hits: number[] = [];
    const scores = this.scores;
    for (let i = 0; i < this.all.length; i++) {
      const d = this.all[i]!;
      let s = nameScore(d.name, last);
      if (s < 0) {
        for (const o of d.old) {
          if (o.includes(last)) {
            s = o === last ? 4 : 5;
            break;
          }
        }
      }
      if (s < 0) continue;
      if (above.length) {
        const up = this.above[i]!;
        if (!above.every((w) => up.includes(w))) continue;
      }
      scores[i] = s * 4 + LEVEL_RANK[d.level];
      hits.push(i);
    }
    // Rows are in code order, so equal scores keep it (the sort is stable).
    hits.sort((a, b) => scores[a]! - scores[b]!);
    return hits.slice(0, limit).map((i) => {
      const d = this.all[i]!;
      if (scores[i]! < 16) return { division: d };
      return { division: d, viaOld: d.old.find((o) => o.includes(last))! };
    });
  }
}

/**
 * `region.cn-<code>` → 镇雄县（昭通市） for every division: the names everything that writes a region's name uses (place
 * names stay Chinese in both languages). Ids follow engine/regions.ts (`cn-` and the code).
 */
export function regionNameStrings(c: RegionCatalogue): Record<string, string> {
  const names: Record<string, string> = {};
  const walk = (list: readonly Division[]): void => {
    for (const d of list) {
      names[`region.cn-${d.code}`] = c.label(d);
      walk(d.children);
    }
  };
  walk(c.provinces);
  return names;
}

const LEVEL_RANK: Record<Level, number> = { province: 0, prefecture: 1, county: 2 };

/** 0 exact or stem, 1 prefix, 2 contains, -1 no match. */
function nameScore(name: string, q: string): number {
  if (name === q || name.replace(SUFFIX, '') === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  return -1;
}
