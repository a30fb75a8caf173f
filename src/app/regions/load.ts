/**
 * The national catalogue, loaded once after the first paint (its own chunk; the service worker precaches it), and
 * the mapping between catalogue codes and the app's region ids: a division with a rule file keeps that file's id
 * (cn-jx-ganzhou-longnan), every other one is `cn-<code>` (镇雄县: cn-530627).
 */
import type { i18n } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import type { RegionDef } from '../../engine/pack';
import { codeOfId, idOfCode } from '../../engine/regions';
import type { RegionCatalogue } from '../../shared/regions';

let pending: Promise<RegionCatalogue> | null = null;
let loaded: RegionCatalogue | null = null;

export function loadCatalogue(): Promise<RegionCatalogue> {
  pending ??= import('./catalogue').then(
    (m) => (loaded = m.catalogue),
    (e: unknown) => {
      pending = null; // offline before the chunk was cached: try again next time
      throw e;
    },
  );
  return pending;
}

/** The catalogue once loaded (null before, and while it loads). */
export function useCatalogue(): RegionCatalogue | null {
  const [c, setC] = useState<RegionCatalogue | null>(loaded);
  useEffect(() => {
    if (!c) void loadCatalogue().then(setC, () => undefined);
  }, []);
  return c;
}

export function codeOfRegion(regions: readonly RegionDef[], id: string): string | null {
  return regions.find((r) => r.id === id)?.code ?? codeOfId(id);
}

export function regionOfCode(regions: readonly RegionDef[], code: string): string {
  return regions.find((r) => r.code === code)?.id ?? idOfCode(code);
}

/**
 * Names for `region.cn-<code>` in both languages (place names stay Chinese), so everything that writes a region's
 * name — saved list, caseload, print, figure sources — names catalogue regions too.
 */
export async function registerRegionNames(inst: i18n): Promise<void> {
  const c = await loadCatalogue();
  const names: Record<string, string> = {};
  const walk = (list: RegionCatalogue['provinces']) => {
    for (const d of list) {
      names[`region.${idOfCode(d.code)}`] = c.label(d);
      walk(d.children);
    }
  };
  walk(c.provinces);
  for (const lang of ['zh-CN', 'en']) inst.addResources(lang, 'translation', names);
}
