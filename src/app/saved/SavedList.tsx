/**
 * Saved households: search, open, duplicate, delete with undo. Lazy-loaded.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ProfileSummary, Store } from '../../storage/types';
import { newId } from '../household-edit';
import { useI18n } from '../i18n';

export interface SavedListProps {
  store: Store;
  onOpen: (id: string) => void;
  onToast: (toast: { text: string; undo?: () => void }) => void;
}

export default function SavedList({ store, onOpen, onToast }: SavedListProps) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<ProfileSummary[] | null>(null);
  const [query, setQuery] = useState('');
  const refresh = () => store.listProfiles().then((r) => setRows([...r].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))));
  useEffect(() => {
    void refresh();
  }, []);
  if (!rows) return <p class="loading">{t('ui.loading')}</p>;
  const q = query.trim().toLowerCase();
  const shown = q ? rows.filter((r) => r.name.toLowerCase().includes(q) || (r.village ?? '').toLowerCase().includes(q)) : rows;
  const dateFmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' });

  const duplicate = async (id: string) => {
    const p = await store.getProfile(id);
    if (!p) return;
    const now = new Date().toISOString();
    await store.putProfile({ ...p, id: newId(), name: t('saved.copyName', { name: p.name }), createdAt: now, updatedAt: now });
    await refresh();
  };
  const remove = async (id: string) => {
    const removed = await store.deleteProfile(id);
    await refresh();
    if (removed) {
      onToast({
        text: t('saved.deleted', { name: removed.name }),
        undo: () => void store.putProfile(removed).then(refresh),
      });
    }
  };

  return (
    <div class="saved">
      <div class="field">
        <label for="saved-search">{t('saved.search')}</label>
        <input id="saved-search" type="search" value={query} onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
      </div>
      {rows.length === 0 ? <p class="muted">{t('saved.empty')}</p> : null}
      <ul class="plain saved-list">
        {shown.map((r) => (
          <li class="card" key={r.id}>
            <h3>{r.name || t('saved.unnamed')}</h3>
            <p class="muted">{t('saved.meta', { count: r.memberCount, region: t(`region.${r.region}`), date: dateFmt.format(new Date(r.updatedAt)) })}</p>
            <p>
              {t('saved.eligibleCount', { count: r.eligible.length })}
              {r.undetermined.length ? ` · ${t('saved.undeterminedCount', { count: r.undetermined.length })}` : ''}
            </p>
            <div class="actions">
              <button type="button" class="button" onClick={() => onOpen(r.id)}>
                {t('saved.open')}
              </button>
              <button type="button" class="button secondary" onClick={() => void duplicate(r.id)}>
                {t('saved.duplicate')}
              </button>
              <button type="button" class="button secondary danger" onClick={() => void remove(r.id)}>
                {t('saved.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
