/**
 * The region question once the catalogue is there (this module and the catalogue are one chunk, loaded after the
 * first paint): a search box over every province, prefecture and county — names and old names: 龙南, 镇雄, 江门,
 * 龙南县 — with province → prefecture → county lists as the fallback for those who would rather pick.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Division, Match } from '../../shared/regions';
import { SelectField } from '../components/fields';
import { useI18n } from '../i18n';
import { catalogue } from './catalogue';
import { codeOfRegion, regionOfCode } from './ids';
import type { RegionPickerProps } from './RegionPicker';

const MAX_RESULTS = 12;

export function RegionSearch({ value, regions, onChange, label }: RegionPickerProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const matches: Match[] = useMemo(() => (query.trim() ? catalogue.search(query, MAX_RESULTS) : []), [query]);
  const code = value ? codeOfRegion(regions, value) : null;
  const chosen = code ? catalogue.byCode(code) : undefined;
  const path = chosen ? catalogue.path(chosen) : [];
  const pick = (d: Division) => {
    onChange(regionOfCode(regions, d.code));
    setQuery('');
  };

  const level = (i: number, list: Division[], whole: string) => (
    <SelectField
      label={t(['pick.province', 'pick.prefecture', 'pick.county'][i]!)}
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
      <label for="region-search">{label ?? t('q.region')}</label>
      <p class="help" id="region-search-help">
        {t('q.region.help')}
      </p>
      {value ? (
        <p class="region-chosen" data-testid="region-chosen">
          {t('pick.chosen')}
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
        placeholder={t('pick.search')}
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
          {matches.length === 0 ? <li class="muted">{t('pick.none')}</li> : null}
          {matches.map((m) => {
            const above = catalogue.path(m.division).slice(0, -1);
            return (
              <li key={m.division.code}>
                <button type="button" class="region-result" onClick={() => pick(m.division)}>
                  <strong>{m.division.name}</strong>
                  {above.length ? <span class="muted"> {above.map((d) => d.name).join(' › ')}</span> : null}
                  {m.viaOld ? <span class="muted"> · {t('pick.oldName', { name: m.viaOld })}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <details class="region-browse">
        <summary>{t('pick.browse')}</summary>
        {level(0, catalogue.provinces, '')}
        {path[0] && path[0].children.length ? level(1, path[0].children, t('pick.whole', { name: path[0].name })) : null}
        {path[1] && path[1].children.length ? level(2, path[1].children, t('pick.whole', { name: path[1].name })) : null}
      </details>
      {value !== 'cn' ? (
        <button type="button" class="link" onClick={() => onChange('cn')}>
          {t('pick.national')}
        </button>
      ) : null}
    </div>
  );
}
