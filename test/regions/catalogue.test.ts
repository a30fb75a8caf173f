/**
 * The national catalogue: built from the data package, every hand-written region mapped to a real code, old names
 * where the data has them, and a search that finds 龙南, 镇雄 and 江门 (its speed is printed, not asserted).
 */
import { describe, expect, it } from 'vitest';
import { buildCatalogue, cachedCatalogue, catalogueText, checkRegionCodes, inferRegionCodes, readRegionHeads } from '../../src/build/region-catalogue';
import { RULES_DIR } from '../../src/build/pack-file';
import { RegionCatalogue } from '../../src/shared/regions';

const text = catalogueText(cachedCatalogue());
const catalogue = new RegionCatalogue(text);

describe('national catalogue', () => {
  it('has every province, prefecture and county with a GB/T 2260 code, and no statistical zone', () => {
    const rows = cachedCatalogue().rows;
    const count = (re: RegExp) => rows.filter((r) => re.test(r.code)).length;
    expect(count(/0000$/)).toBe(31);
    expect(count(/[1-9]\d00$|0[1-9]00$/)).toBeGreaterThan(320);
    expect(rows.length).toBeGreaterThan(3100);
    expect(rows.every((r) => /^[1-9]\d{5}$/.test(r.code))).toBe(true);
    expect(rows.some((r) => /^\d{4}7\d$/.test(r.code))).toBe(false); // 开发区 etc. are not divisions
    expect(rows.some((r) => r.name === '市辖区' || r.name.includes('直辖县级'))).toBe(false);
    expect(catalogue.byCode('530627')?.name).toBe('镇雄县');
    expect(catalogue.path(catalogue.byCode('530627')!).map((d) => d.name)).toEqual(['云南省', '昭通市', '镇雄县']);
    // Municipalities and the counties a province governs directly hang from the province.
    expect(catalogue.byCode('110105')?.parent?.name).toBe('北京市');
    expect(catalogue.byCode('429004')?.parent?.name).toBe('湖北省');
    // 东莞 has no counties: it is a prefecture and a leaf.
    expect(catalogue.byCode('441900')?.children).toEqual([]);
  });

  it('keeps the old names the revisions show, and none from a reused code', () => {
    expect(catalogue.byCode('360783')?.old).toContain('龙南县');
    expect(catalogue.byCode('420600')?.old).toContain('襄樊市');
    expect(catalogue.byCode('520600')?.old).toContain('铜仁地区');
    // 232701 was 加格达奇区 in 2006–2008 and is 漠河市 since 2018: another place.
    expect(catalogue.byCode('232701')?.old ?? []).not.toContain('加格达奇区');
  });

  it('maps every hand-written region to its code, under its parent', () => {
    const heads = readRegionHeads(RULES_DIR);
    expect(checkRegionCodes(cachedCatalogue(), heads)).toEqual([]);
    expect(heads['cn-jx-ganzhou-longnan']?.code).toBe('360783');
    const wrong = { ...heads, x: { id: 'cn-x', name: { zh: '江门市' }, parent: 'cn-yn', code: '440700' } };
    expect(checkRegionCodes(cachedCatalogue(), wrong).join('\n')).toMatch(/already the code of cn-gd-jiangmen[\s\S]*does not contain 440700/);
    expect(checkRegionCodes(cachedCatalogue(), { ...heads, y: { id: 'cn-y', name: { zh: '某县' }, parent: 'cn', code: '999999' } })).toEqual(['rules/regions/cn-y.yaml: code: 999999 is not a division in the national catalogue']);
  });

  it('gives a rule file written without a code the one its name and parent point to, when only one fits', () => {
    const regions: Parameters<typeof inferRegionCodes>[0] = {
      cn: { id: 'cn', name: { zh: '全国' }, parent: null },
      'cn-jx': { id: 'cn-jx', name: { zh: '江西省' }, parent: 'cn' },
      'cn-jx-ganzhou': { id: 'cn-jx-ganzhou', name: { zh: '赣州市' }, parent: 'cn-jx' },
      'cn-jx-ganzhou-longnan': { id: 'cn-jx-ganzhou-longnan', name: { zh: '龙南市（赣州）' }, parent: 'cn-jx-ganzhou' },
      'cn-yn': { id: 'cn-yn', name: { zh: '云南省' }, parent: 'cn', code: '530000' },
      'cn-yn-zhaotong': { id: 'cn-yn-zhaotong', name: { zh: '昭通市' }, parent: 'cn-yn' },
      'cn-yn-zhaotong-zhenxiong': { id: 'cn-yn-zhaotong-zhenxiong', name: { zh: '镇雄县' }, parent: 'cn-yn-zhaotong' },
      'cn-yn-nowhere': { id: 'cn-yn-nowhere', name: { zh: '无此县' }, parent: 'cn-yn' },
    };
    inferRegionCodes(regions, cachedCatalogue());
    expect(Object.fromEntries(Object.entries(regions).map(([id, r]) => [id, r.code]))).toEqual({
      cn: undefined, 'cn-jx': '360000', 'cn-jx-ganzhou': '360700', 'cn-jx-ganzhou-longnan': '360783', 'cn-yn': '530000',
      'cn-yn-zhaotong': '530600', 'cn-yn-zhaotong-zhenxiong': '530627', 'cn-yn-nowhere': undefined,
    });
    expect(checkRegionCodes(cachedCatalogue(), regions)).toEqual(['rules/regions/cn-yn-nowhere.yaml: code: missing — give the region\'s GB/T 2260 code (6 digits)']);
  });

  it('finds places by name, stem, old name and with the province or city in front', () => {
    const first = (q: string) => catalogue.search(q)[0];
    expect(first('镇雄')?.division.code).toBe('530627');
    expect(first('江门')?.division.code).toBe('440700');
    expect(first('龙南')?.division.code).toBe('360783');
    expect(first('龙南县')).toMatchObject({ division: { code: '360783' }, viaOld: '龙南县' });
    expect(first('襄樊')?.division.name).toBe('襄阳市');
    expect(first('昭通 镇雄')?.division.code).toBe('530627');
    // 朝阳区 is in Beijing and in Changchun: the province narrows it.
    expect(catalogue.search('朝阳区').length).toBeGreaterThan(1);
    expect(catalogue.search('北京 朝阳').map((m) => m.division.code)).toEqual(['110105']);
    expect(catalogue.search('没有这个地方')).toEqual([]);
    expect(catalogue.search('  ')).toEqual([]);
  });

  it('loads and answers fast (measured: printed, budget 100 ms load and 16 ms a keystroke)', () => {
    const t0 = performance.now();
    const c = new RegionCatalogue(text);
    const load = performance.now() - t0;
    const queries = ['镇', '镇雄', '龙', '龙南', '江', '江门', '南', '新区', '北京 朝阳', '县'];
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of queries) {
        const s = performance.now();
        c.search(q);
        times.push(performance.now() - s);
      }
    }
    times.sort((a, b) => a - b);
    console.log(`region catalogue: ${c.size} divisions, parse ${load.toFixed(1)} ms; search per keystroke median ${times[times.length >> 1]!.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
    expect(c.size).toBe(cachedCatalogue().rows.length);
  });

  it('is rebuilt from the packages the same as the cached copy', () => {
    expect(catalogueText(buildCatalogue())).toBe(text);
  });
});
