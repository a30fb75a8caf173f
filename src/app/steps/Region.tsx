/**
 * The region question on its own: issue 12's picker (a plain list of the regions with rule files until the search
 * over every province, prefecture and county has loaded), with the message when the user goes on without one.
 * The plain list orders regions as a caseworker would pick them: cities first, then "elsewhere in the province",
 * then national.
 */
import type { RegionDef } from '../../engine/pack';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';

export function regionOptions(regions: RegionDef[], t: (k: string, o?: Record<string, unknown>) => string): { value: string; label: string }[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const depth = (r: RegionDef): number => (r.parent ? 1 + depth(byId.get(r.parent)!) : 0);
  const hasChildren = new Set(regions.map((r) => r.parent).filter(Boolean));
  const label = (r: RegionDef): string => {
    const parent = r.parent ? byId.get(r.parent) : undefined;
    const own = t(`region.${r.id}`);
    if (r.id === 'cn') return t('q.region.other');
    if (hasChildren.has(r.id)) return t('region.elsewhereIn', { region: own });
    return parent && parent.id !== 'cn' ? t('region.withParent', { region: own, parent: t(`region.${parent.id}`) }) : own;
  };
  return [...regions]
    .sort((a, b) => Number(hasChildren.has(a.id)) - Number(hasChildren.has(b.id)) || depth(b) - depth(a) || a.id.localeCompare(b.id))
    .map((r) => ({ value: r.id, label: label(r) }));
}

export interface RegionQuestionProps {
  value: string;
  regions: RegionDef[];
  onChange: (region: string) => void;
  /** Shown when the user tries to go on without choosing. */
  error?: string | null;
}

export function RegionQuestion({ value, regions, onChange, error }: RegionQuestionProps) {
  const { t } = useI18n();
  return (
    <div class="region-question">
      <RegionPicker value={value} regions={regions} fallback={regionOptions(regions, t)} onChange={onChange} />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
