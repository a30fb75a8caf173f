/**
 * The region question: a search box over every province, prefecture and county (names and old names: 龙南, 镇雄,
 * 江门, 龙南县), with province → prefecture → county lists as the fallback for those who would rather pick. The
 * catalogue arrives right after the first paint; until then (or if it cannot be loaded) the regions with rule files
 * are offered in a plain list, so the question always works.
 */
import { useMemo, useState } from 'preact/hooks';
import type { RegionDef } from '../../engine/pack';
import type { Division, Match } from '../../shared/regions';
import type { Option } from '../components/fields';
import { SelectField } from '../components/fields';
import { useI18n } from '../i18n';
import { codeOfRegion, regionOfCode, useCatalogue } from './load';

export interface RegionPickerProps {
  /** The household's region id ('' when not chosen). */
  value: string;
  /** Regions with rule files (they keep their own ids). */
  regions: RegionDef[];
  /** The plain list shown while the catalogue is not there. */
  fallback: Option<string>[];
  onChange: (id: string) => void;
}

const MAX_RESULTS = 12;

export function RegionPicker({ value, regions, fallback, onChange }: RegionPickerProps) {
  const { t } = useI18n();
  const catalogue = useCatalogue();
  const [query, setQuery] = useState('');
  const matches: Match[] = useMemo(() => (catalogue && query.trim() ? catalogue.search(query, MAX_RESULTS) : []), [catalogue, query]);
  const code = value ? codeOfRegion(regions, value) : null;
  const chosen = catalogue && code ? catalogue.byCode(code) : undefined;
  const path = chosen && catalogue ? catalogue.path(chosen) : [];
  const pick = (d: Division) => {
    onChange(regionOfCode(regions, d.code));
    setQuery('');
  };

  if (!catalogue) {
    return (
      <div class="region-picker" data-path="region">
        <SelectField label={t('q.region')} help={t('q.region.help')} value={value || undefined} options={fallback} onChange={(v) => onChange(v ?? '')} />
      </div>
    );
  }

  const level = (i: number, list: Division[], whole: string) => (
    <SelectField
      label={t(['q.region.province', 'q.region.prefecture', 'q.region.county'][i]!)}
      value={path[i]?.code}
      options={[...(i > 0 ? [{ value: path[i - 1]!.code, label: whole }] : []), ...list.map((d) => ({ value: d.code, label: d.name }))]}
      onChange={(c) => {
        const d = c ? catalogue.byCode(c) : undefined;
        if (d) pick(d);
      }}
    />
  );

  return (
    <div class="region-picker field" data-path="region">
      <label for="region-search">{t('q.region')}</label>
      <p class="help" id="region-search-help">
        {t('q.region.help')}
      </p>
      {value ? (
        <p class="region-chosen" data-testid="region-chosen">
          {t('q.region.chosen')}
          <strong>{chosen ? chosen.name : t(`region.${value}`)}</strong>
          {path.length > 1 ? <span class="muted"> — {path.slice(0, -1).map((d) => d.name).join(' › ')}</span> : null}
          {value === 'cn' ? <span class="muted"> — {t('q.region.other')}</span> : null}
        </p>
      ) : null}
      <input
        id="region-search"
        type="search"
        autoComplete="off"
        enterKeyHint="search"
        aria-describedby="region-search-help"
        aria-controls="region-results"
        placeholder={t('q.region.search')}
        value={query}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) {
            e.preventDefault();
            pick(matches[0].division);
          }
        }}
      />
      {query.trim() ? (
        <ul class="region-results" id="region-results" aria-live="polite">
          {matches.length === 0 ? <li class="muted">{t('q.region.none')}</li> : null}
          {matches.map((m) => {
            const above = catalogue.path(m.division).slice(0, -1);
            return (
              <li key={m.division.code}>
                <button type="button" class="region-result" onClick={() => pick(m.division)}>
                  <strong>{m.division.name}</strong>
                  {above.length ? <span class="muted"> {above.map((d) => d.name).join(' › ')}</span> : null}
                  {m.viaOld ? <span class="muted"> · {t('q.region.oldName', { name: m.viaOld })}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <details class="region-browse">
        <summary>{t('q.region.browse')}</summary>
        {level(0, catalogue.provinces, '')}
        {path[0] && path[0].children.length ? level(1, path[0].children, t('q.region.whole', { name: path[0].name })) : null}
        {path[1] && path[1].children.length ? level(2, path[1].children, t('q.region.whole', { name: path[1].name })) : null}
      </details>
      {value !== 'cn' ? (
        <button type="button" class="link" onClick={() => onChange('cn')}>
          {t('q.region.national')}
        </button>
      ) : null}
    </div>
  );
}
