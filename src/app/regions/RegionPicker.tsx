/**
 * The region question. The first paint shows the regions that have rule files in a plain list; the search over
 * every province, prefecture and county (RegionSearch, one chunk with the catalogue) replaces it as soon as it has
 * loaded — and if it cannot be loaded (offline before it was cached), the plain list stays, so the question always
 * works and a household saved with any region id still opens.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RegionDef } from '../../engine/pack';
import type { Option } from '../components/fields';
import { SelectField } from '../components/fields';
import { allStrings, useI18n } from '../i18n';

export interface RegionPickerProps {
  /** The household's region id ('' when not chosen). */
  value: string;
  /** Regions with rule files (they keep their own ids). */
  regions: RegionDef[];
  /** The plain list shown until the search is there. */
  fallback: Option<string>[];
  onChange: (id: string) => void;
  /** The question's label, when it is not the household's region (Settings). */
  label?: string;
}

let Search: ComponentType<RegionPickerProps> | null = null;

export function RegionPicker(props: RegionPickerProps) {
  const { t } = useI18n();
  const [, loaded] = useState(Search !== null);
  useEffect(() => {
    if (Search) return;
    void Promise.all([import('./RegionSearch'), allStrings()]).then(([m]) => {
      Search = m.RegionSearch;
      loaded(true);
    }, () => undefined);
  }, []);
  if (Search) return <Search {...props} />;
  return (
    <div class="region-picker" data-path="region">
      <SelectField label={props.label ?? t('q.region')} help={t('q.region.help')} value={props.value || undefined} options={props.fallback} onChange={(v) => props.onChange(v ?? '')} />
    </div>
  );
}
