/**
 * The caseload (the "saved households" tab): search and filters (village or community, follow-up, last visit,
 * programmes found), open, visits and applications, duplicate, delete with undo, select households for export; the
 * screening summary; export and import (a lazy chunk). Lazy-loaded.
 */
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProfileSummary } from '../../storage/types';
import { newId, today as todayYmd } from '../household-edit';
import { useI18n } from '../i18n';
import { lazyComponent } from '../lazy';
import { isLockedError, type AppStore } from '../lock/locked';
import SavedList from '../saved/SavedList';
import { SelectField } from '../components/fields';
import { NO_FILTERS, NO_VILLAGE, activeFilterCount, applyFilters, programmesIn, villagesOf, type CaseFilters, type FoundFilter, type VisitFilter } from './model';
import Summary from './Summary';

const Transfer = lazyComponent(() => import('./Transfer'));

export type CaseloadView = 'list' | 'summary' | 'transfer';

/** What the caseload remembers while the app runs (the shell drops it when the device locks). */
export interface CaseloadMemory {
  filters: CaseFilters;
  view: CaseloadView;
  selected: string[];
}

export interface CaseloadProps {
  store: AppStore;
  /** Programme ids in the rule pack's display order. */
  programmeOrder?: readonly string[];
  onOpen: (id: string) => void;
  onOpenCase: (id: string) => void;
  /** Start a new, empty household in the wizard. */
  onNew?: () => void;
  onToast: (toast: { text: string; undo?: () => void }) => void;
  onLocked: () => void;
  memory?: MutableRef<CaseloadMemory | null>;
  /** YYYY-MM-DD; today when left out. */
  today?: string;
}

export default function Caseload({ store, programmeOrder = [], onOpen, onOpenCase, onNew, onToast, onLocked, memory, today }: CaseloadProps) {
  const { t } = useI18n();
  const remembered = memory?.current;
  const [rows, setRows] = useState<ProfileSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<CaseFilters>(remembered?.filters ?? NO_FILTERS);
  const [view, setView] = useState<CaseloadView>(remembered?.view ?? 'list');
  const [selected, setSelected] = useState<Set<string>>(() => new Set(remembered?.selected ?? []));
  const refreshes = useRef(0);

  useEffect(() => {
    if (memory) memory.current = { filters, view, selected: [...selected] };
  }, [filters, view, selected]);

  const fail = (e: unknown) => {
    if (isLockedError(e)) onLocked();
    else setError(t('error.generic', { detail: e instanceof Error ? e.message : String(e) }));
  };
  const refresh = async () => {
    // Refreshes may overlap (a quarantine while one runs): only the latest one's rows are shown.
    const mine = ++refreshes.current;
    try {
      const r = await store.listProfiles();
      if (mine !== refreshes.current) return;
      const sorted = [...r].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      setRows(sorted);
      setSelected((s) => new Set([...s].filter((id) => sorted.some((x) => x.id === id))));
    } catch (e) {
      fail(e);
    }
  };
  useEffect(() => {
    void refresh();
    // A record moved aside as damaged (opening it, the summary reading it, the check after start) leaves the list.
    return store.onQuarantine?.(() => void refresh());
  }, []);

  if (!rows) return error ? <p class="error-text">{error}</p> : <p class="loading">{t('ui.loading')}</p>;

  const day = today ?? todayYmd();
  const shown = applyFilters(rows, filters, day);
  const set = (patch: Partial<CaseFilters>) => setFilters({ ...filters, ...patch });
  const villages = villagesOf(rows);
  const programmes = programmesIn(rows, programmeOrder);
  const active = activeFilterCount(filters);

  const duplicate = async (id: string) => {
    try {
      const p = await store.getProfile(id);
      if (!p) return;
      const now = new Date().toISOString();
      await store.putProfile({ ...p, id: newId(), name: t('saved.copyName', { name: p.name }), createdAt: now, updatedAt: now });
      await refresh();
    } catch (e) {
      fail(e);
    }
  };
  const remove = async (id: string) => {
    try {
      const removed = await store.deleteProfile(id);
      await refresh();
      if (removed) {
        onToast({
          text: t('saved.deleted', { name: removed.name }),
          undo: () => void store.putProfile(removed).then(refresh, fail),
        });
      }
    } catch (e) {
      fail(e);
    }
  };
  const select = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const views: [CaseloadView, string][] = [
    ['list', t('case.view.list')],
    ['summary', t('case.view.summary')],
    ['transfer', t('case.view.transfer')],
  ];

  return (
    <div class="caseload">
      {onNew ? (
        <button type="button" class="button new-household no-print" data-testid="new-household" onClick={onNew}>
          {t('ui.newHousehold')}
        </button>
      ) : null}
      <div class="segmented no-print" role="group" aria-label={t('case.views')}>
        {views.map(([v, label]) => (
          <button type="button" key={v} aria-pressed={view === v} class={view === v ? 'current' : ''} onClick={() => setView(v)}>
            {label}
          </button>
        ))}
      </div>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}

      {view === 'list' || view === 'summary' ? (
        <>
          <div class="field no-print">
            <label for="saved-search">{t('saved.search')}</label>
            <input id="saved-search" type="search" autoComplete="off" value={filters.query} onInput={(e) => set({ query: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <details class="card filters no-print">
            <summary>{active ? t('case.filters.active', { count: active }) : t('case.filters')}</summary>
            <SelectField
              label={t('case.filter.village')}
              value={filters.village || undefined}
              options={[...villages.map((v) => ({ value: v, label: v })), { value: NO_VILLAGE, label: t('case.filter.noVillage') }]}
              onChange={(v) => set({ village: v ?? '' })}
            />
            <SelectField<VisitFilter>
              label={t('case.filter.visit')}
              value={filters.visit === 'any' ? undefined : filters.visit}
              options={[
                { value: 'over30', label: t('case.filter.visit.over30') },
                { value: 'over90', label: t('case.filter.visit.over90') },
                { value: 'never', label: t('case.filter.visit.never') },
              ]}
              onChange={(v) => set({ visit: v ?? 'any' })}
            />
            <SelectField
              label={t('case.filter.programme')}
              value={filters.programme || undefined}
              options={programmes.map((id) => ({ value: id, label: t(`prog.${id}.name`) }))}
              onChange={(v) => set({ programme: v ?? '' })}
            />
            <SelectField<FoundFilter>
              label={t('case.filter.found')}
              value={filters.found === 'any' ? undefined : filters.found}
              options={[
                { value: 'eligible', label: t('case.filter.found.eligible') },
                { value: 'undetermined', label: t('case.filter.found.undetermined') },
              ]}
              onChange={(v) => set({ found: v ?? 'any' })}
            />
            <label class={`option${filters.followUp ? ' selected' : ''}`}>
              <input type="checkbox" checked={filters.followUp} onChange={(e) => set({ followUp: (e.currentTarget as HTMLInputElement).checked })} />
              <span>{t('case.filter.followUp')}</span>
            </label>
            {active ? (
              <button type="button" class="button secondary small clear-filters" onClick={() => setFilters({ ...NO_FILTERS, query: filters.query })}>
                {t('case.filters.clear')}
              </button>
            ) : null}
          </details>
          <p class="muted count" role="status" aria-live="polite">
            {t('case.shown', { shown: shown.length, total: rows.length })}
          </p>
        </>
      ) : null}

      {view === 'list' ? (
        <>
          {rows.length === 0 ? <p class="muted">{t('saved.empty')}</p> : null}
          {rows.length > 0 ? (
            <div class="selection-bar">
              <span>{t('case.selected', { count: selected.size })}</span>
              <div class="actions">
                <button type="button" class="button secondary small" onClick={() => setSelected(new Set([...selected, ...shown.map((r) => r.id)]))}>
                  {t('case.selectShown')}
                </button>
                {selected.size ? (
                  <>
                    <button type="button" class="button secondary small" onClick={() => setSelected(new Set())}>
                      {t('case.selectNone')}
                    </button>
                    <button type="button" class="button small" onClick={() => setView('transfer')}>
                      {t('case.exportSelected', { count: selected.size })}
                    </button>
                  </>
                ) : null}
              </div>
            </div>
          ) : null}
          <SavedList
            rows={shown}
            selected={selected}
            onSelect={select}
            onOpen={onOpen}
            onOpenCase={onOpenCase}
            onDuplicate={(id) => void duplicate(id)}
            onDelete={(id) => void remove(id)}
          />
        </>
      ) : view === 'summary' ? (
        <Summary store={store} rows={shown} total={rows.length} programmeOrder={programmeOrder} onOpenCase={onOpenCase} onLocked={onLocked} />
      ) : (
        <Transfer
          store={store}
          selectedIds={rows.filter((r) => selected.has(r.id)).map((r) => r.id)}
          total={rows.length}
          onImported={() => void refresh()}
          onLocked={onLocked}
        />
      )}
    </div>
  );
}
