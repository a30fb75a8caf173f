/**
 * The caseload's list of saved households: each with its village, follow-up flag, last visit and what was found;
 * open, visits and applications, duplicate, delete (the caseload offers undo), and a box to select it for export.
 */
import type { ProfileSummary } from '../../storage/types';
import { useI18n } from '../i18n';

export interface SavedListProps {
  rows: ProfileSummary[];
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
  onOpen: (id: string) => void;
  onOpenCase: (id: string) => void;
  onDuplicate: (id: string) => void;
  onDelete: (id: string) => void;
}

export default function SavedList({ rows, selected, onSelect, onOpen, onOpenCase, onDuplicate, onDelete }: SavedListProps) {
  const { t, lang } = useI18n();
  const dateFmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' });
  const day = (ymd: string) => {
    const d = new Date(`${ymd}T00:00:00`);
    return Number.isNaN(d.getTime()) ? ymd : dateFmt.format(d);
  };
  return (
    <ul class="plain saved-list">
      {rows.map((r) => {
        const name = r.name || t('saved.unnamed');
        return (
          <li class={`card case-row${selected.has(r.id) ? ' selected' : ''}`} key={r.id}>
            <div class="row-head">
              <label class="select-box">
                <input type="checkbox" checked={selected.has(r.id)} onChange={(e) => onSelect(r.id, (e.currentTarget as HTMLInputElement).checked)} />
                <span class="sr-only">{t('case.select', { name })}</span>
              </label>
              <h3>{name}</h3>
            </div>
            <p class="muted">{t('saved.meta', { count: r.memberCount, region: t(`region.${r.region}`), date: dateFmt.format(new Date(r.updatedAt)) })}</p>
            <p class="tags">
              {r.village ? <span class="tag">{r.village}</span> : null}
              {r.followUp ? <span class="tag follow">{t('case.followUp.tag')}</span> : null}
              <span class="tag">{r.lastVisit ? t('case.lastVisit.on', { date: day(r.lastVisit) }) : t('case.lastVisit.never')}</span>
            </p>
            <p>
              {t('saved.eligibleCount', { count: r.eligible.length })}
              {r.undetermined.length ? ` · ${t('saved.undeterminedCount', { count: r.undetermined.length })}` : ''}
            </p>
            <div class="actions">
              <button type="button" class="button" onClick={() => onOpen(r.id)}>
                {t('saved.open')}
              </button>
              <button type="button" class="button secondary" onClick={() => onOpenCase(r.id)}>
                {t('case.visits')}
              </button>
              <button type="button" class="button secondary" onClick={() => onDuplicate(r.id)}>
                {t('saved.duplicate')}
              </button>
              <button type="button" class="button secondary danger" onClick={() => onDelete(r.id)}>
                {t('saved.delete')}
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
