/**
 * Settings › figures entered on this device (本地录入): for a region, the figures its programmes need that the rules
 * do not have, each with its value, the date it applies from and where it came from. They are kept apart from the
 * rules (engine/overlay.ts), marked wherever they are used, and a shipped figure for the same date replaces them.
 */
import { useMemo, useState } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import { isValidDate } from '../../engine/household';
import { missingFigures, shippedFigureFor } from '../../engine/overlay';
import type { Unit } from '../../engine/pack';
import { formatShown } from '../../shared/format';
import type { LocalFigure, Store } from '../../storage/types';
import { ChoiceField, SelectField, TextField } from '../components/fields';
import { newId, today } from '../household-edit';
import { useI18n } from '../i18n';
import { isLockedError } from '../lock/locked';
import { codeOfRegion } from '../regions/ids';
import { RegionPicker } from '../regions/RegionPicker';

export interface LocalFiguresProps {
  cp: CompiledPack;
  store: Store;
  /** The household's region: the form starts there. */
  region: string;
  date: string;
  figures: LocalFigure[];
  onChanged: () => void;
  onLocked?: () => void;
}

/** Ratios are entered as percentages (80 for 80%), as people write them. */
function toStored(unit: Unit, n: number): number {
  return unit === 'ratio' ? Math.round(n * 100) / 10000 : n;
}

export default function LocalFigures({ cp, store, region: initial, date, figures, onChanged, onLocked }: LocalFiguresProps) {
  const { t, lang } = useI18n();
  const [region, setRegion] = useState(initial);
  const [param, setParam] = useState<string | undefined>(undefined);
  const [value, setValue] = useState('');
  const [flag, setFlag] = useState<boolean | undefined>(undefined);
  const [from, setFrom] = useState('');
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const regions = Object.values(cp.pack.regions);
  const code = region ? codeOfRegion(regions, region) : null;
  const chain = region ? cp.chains.get(region) : undefined;
  const lacking = useMemo(() => (region && chain ? missingFigures(cp, region, date) : []), [cp, region, date]);
  const mine = figures.filter((f) => (code ? f.code === code : f.region === region));
  const chosen = param && lacking.includes(param) ? param : lacking[0];
  const unit = chosen ? cp.pack.parameters[chosen]!.unit : undefined;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!chosen || !unit) return;
    const errs: Record<string, string> = {};
    let v: number | boolean | undefined;
    if (unit === 'flag') {
      if (flag === undefined) errs.value = t('figures.error.flag');
      v = flag;
    } else {
      const n = Number(value.trim().replace(/[,，]/g, ''));
      if (value.trim() === '' || !Number.isFinite(n) || n < 0) errs.value = t('figures.error.number');
      else if (unit === 'ratio' && n > 100) errs.value = t('figures.error.percent');
      else v = toStored(unit, n);
    }
    if (!isValidDate(from)) errs.from = t('figures.error.date');
    if (!source.trim()) errs.source = t('figures.error.source');
    setErrors(errs);
    if (Object.keys(errs).length || v === undefined) return;
    const figure: LocalFigure = {
      id: newId(),
      region,
      ...(code ? { code } : {}),
      param: chosen,
      from,
      value: v,
      strength: 'local',
      entered: { at: today(), source: source.trim() },
    };
    try {
      await store.putFigures([figure]);
    } catch (err) {
      if (isLockedError(err)) return onLocked?.();
      throw err;
    }
    setValue('');
    setFlag(undefined);
    setMessage(t('figures.saved', { name: t(`param.${chosen}`) }));
    onChanged();
  };

  const remove = async (f: LocalFigure) => {
    try {
      await store.deleteFigures([f.id]);
    } catch (err) {
      if (isLockedError(err)) return onLocked?.();
      throw err;
    }
    setMessage(t('figures.removed', { name: t(`param.${f.param}`) }));
    onChanged();
  };

  return (
    <section class="card local-figures" data-testid="local-figures">
      <h3>{t('figures.title')}</h3>
      <p class="help">{t('figures.help')}</p>
      <RegionPicker label={t('figures.region')} value={region} regions={regions} fallback={regions.map((r) => ({ value: r.id, label: t(`region.${r.id}`) }))} onChange={setRegion} />
      {mine.length ? (
        <>
          <h4>{t('figures.entered')}</h4>
          <ul class="plain entered-list">
            {mine.map((f) => {
              const def = cp.pack.parameters[f.param];
              const official = shippedFigureFor(cp, f);
              return (
                <li key={f.id} data-testid="entered-row">
                  <strong>{t(`param.${f.param}`)}</strong> {def ? formatShown(typeof f.value === 'object' ? ('atLeast' in f.value ? { min: f.value.atLeast, max: null } : { min: f.value.min, max: f.value.max }) : f.value, def.unit, t, lang) : ''}
                  <span class="muted"> — {t('figures.row', { from: f.from, at: f.entered.at.slice(0, 10), source: f.entered.source })}</span>
                  <span class="muted"> · {t(`strength.${f.strength}`)}</span>
                  {official ? (
                    <p class="warn" data-testid="figure-replaced">
                      {t('figures.replaced', { value: formatShown(official.value.value as number, def!.unit, t, lang), from: official.value.from })}
                    </p>
                  ) : null}
                  <button type="button" class="link" onClick={() => void remove(f)}>
                    {t('figures.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {!region ? (
        <p class="muted">{t('figures.noRegion')}</p>
      ) : lacking.length === 0 ? (
        <p class="muted">{t('figures.none')}</p>
      ) : (
        <form class="figure-form" onSubmit={(e) => void save(e)} noValidate>
          <h4>{t('figures.add')}</h4>
          <SelectField label={t('figures.param')} value={chosen} options={lacking.map((id) => ({ value: id, label: t(`param.${id}`) }))} onChange={(v) => setParam(v)} />
          {unit === 'flag' ? (
            <ChoiceField label={t('figures.value')} value={flag} options={[{ value: true, label: t('ui.yes') }, { value: false, label: t('ui.no') }]} onChange={setFlag} error={errors.value} />
          ) : (
            <TextField label={t('figures.value')} help={t(`figures.unit.${unit}`)} value={value} onChange={setValue} error={errors.value} />
          )}
          <TextField type="date" label={t('figures.from')} help={t('figures.from.help')} value={from} onChange={setFrom} error={errors.from} />
          <TextField label={t('figures.source')} help={t('figures.source.help')} value={source} onChange={setSource} error={errors.source} />
          <button type="submit" class="button">
            {t('figures.save')}
          </button>
        </form>
      )}
      {message ? (
        <p class="muted" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
