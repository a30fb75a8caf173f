/**
 * The national catalogue, loaded once after the first paint (its own chunk; the service worker precaches it), and
 * the names of its regions for everything that writes a region's name.
 */
import type { i18n } from 'i18next';
import { idOfCode } from '../../engine/regions';
import type { RegionCatalogue } from '../../shared/regions';

let pending: Promise<RegionCatalogue> | null = null;

export function loadCatalogue(): Promise<RegionCatalogue> {
  pending ??= import('./catalogue').then(
    (m) => m.catalogue,
    (e: unknown) => {
      pending = null; // offline before the chunk was cached: try again next time
      throw e;
    },
  );
  return pending;
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
