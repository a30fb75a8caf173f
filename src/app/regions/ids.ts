/**
 * Catalogue codes ⇄ the app's region ids: a division with a rule file keeps that file's id (cn-jx-ganzhou-longnan),
 * every other one is `cn-<code>` (镇雄县: cn-530627).
 */
import type { RegionDef } from '../../engine/pack';
import { codeOfId, idOfCode } from '../../engine/regions';

export function codeOfRegion(regions: readonly RegionDef[], id: string): string | null {
  return regions.find((r) => r.id === id)?.code ?? codeOfId(id);
}

export function regionOfCode(regions: readonly RegionDef[], code: string): string {
  return regions.find((r) => r.code === code)?.id ?? idOfCode(code);
}
