/**
 * One household in the caseload: village or community, follow-up flag, last visit, dated visit notes, and for each
 * programme found the application state the caseworker records (to apply / applied / approved / refused). Saved as
 * it is edited (text after a short pause). Lazy-loaded.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isValidDate } from '../../engine/household';
import type { ApplicationState, Profile, VisitNote } from '../../storage/types';
import { SelectField, TextField } from '../components/fields';
import { newId, today as todayYmd } from '../household-edit';
import { useI18n } from '../i18n';
import { EnteredFigures } from '../results/EnteredFigures';
import { isLockedError, type AppStore } from '../lock/locked';
import { APPLICATION_STATES } from './model';

export interface HouseholdCaseProps {
  store: AppStore;
  id: string;
  programmeOrder?: readonly string[];
  onOpen: (id: string) => void;
  onPrint: (id: string) => void;
  onBack: () => void;
  onLocked: () => void;
  /** Deleting a note or clearing an application state offers undo, as deleting a household does. */
  onToast?: (toast: { text: string; undo?: () => void }) => void;
  /** Text fields are saved this long after the last keystroke (ms). */
  textDelay?: number;
}

const latestDate = (notes: VisitNote[], current?: string): string | undefined =>
  [current, ...notes.map((n) => n.date)].filter((d): d is string => !!d && isValidDate(d)).sort().pop();

export default function HouseholdCase({ store, id, programmeOrder = [], onOpen, onPrint, onBack, onLocked, onToast, textDelay = 600 }: HouseholdCaseProps) {
  const { t, lang } = useI18n();
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [noteDate, setNoteDate] = useState(todayYmd());
  const [noteText, setNoteText] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const pending = useRef<{ timer: number; profile: Profile } | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const current = useRef<Profile | null>(null);

  const fail = (e: unknown) => {
    if (isLockedError(e)) onLocked();
    else setError(t('error.generic', { detail: e instanceof Error ? e.message : String(e) }));
  };

  useEffect(() => {
    store.getProfile(id).then((p) => {
      current.current = p;
      setProfile(p);
    }, fail);
    return () => void flush();
  }, [id]);

  /** Writes run one after another, in order. */
  const write = (p: Profile) => {
    chain.current = chain.current.then(
      () =>
        store.putProfile(p).then(
          () => setStatus(t('case.saved')),
          (e: unknown) => fail(e),
        ),
      () => undefined,
    );
    return chain.current;
  };
  const flush = () => {
    const p = pending.current;
    if (!p) return Promise.resolve();
    clearTimeout(p.timer);
    pending.current = null;
    return write(p.profile);
  };
  /** Apply a change at once on screen; save it now, or (typing) after a pause. */
  const update = (patch: Partial<Profile>, delay = 0) => {
    const base = current.current;
    if (!base) return;
    const next: Profile = { ...base, ...patch, updatedAt: new Date().toISOString() };
    for (const k of Object.keys(patch) as (keyof Profile)[]) if (patch[k] === undefined) delete next[k];
    current.current = next;
    setProfile(next);
    setStatus('');
    if (pending.current) clearTimeout(pending.current.timer);
    if (delay > 0) {
      pending.current = { profile: next, timer: window.setTimeout(() => void flush(), delay) };
    } else {
      pending.current = null;
      void write(next);
    }
  };

  if (profile === undefined) return error ? <p class="error-text">{error}</p> : <p class="loading">{t('ui.loading')}</p>;
  if (profile === null) {
    return (
      <div class="case">
        <p>{t('case.notFound')}</p>
        <button type="button" class="button secondary" onClick={onBack}>
          {t('case.back')}
        </button>
      </div>
    );
  }

  const notes = [...(profile.notes ?? [])].sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
  // A private question left blank (HIV status) is not put against the household (src/shared/sensitive.ts).
  const found = profile.lastResult?.programmes.filter((p) => p.status === 'eligible' || (p.status === 'undetermined' && !p.quiet) || profile.applications?.[p.id]) ?? [];
  const rank = (pid: string) => {
    const i = programmeOrder.indexOf(pid);
    return i < 0 ? programmeOrder.length : i;
  };
  found.sort((a, b) => (a.status === b.status ? 0 : a.status === 'eligible' ? -1 : b.status === 'eligible' ? 1 : 0) || rank(a.id) - rank(b.id));
  const dateFmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' });
  const day = (ymd: string) => {
    const d = new Date(`${ymd}T00:00:00`);
    return Number.isNaN(d.getTime()) ? ymd : dateFmt.format(d);
  };

  const addNote = (e: Event) => {
    e.preventDefault();
    const text = noteText.trim();
    if (!isValidDate(noteDate)) return setNoteError(t('error.date'));
    if (!text) return setNoteError(t('case.note.empty'));
    setNoteError(null);
    const note: VisitNote = { id: newId(), date: noteDate, text };
    const all = [...(profile.notes ?? []), note];
    update({ notes: all, lastVisit: latestDate(all, profile.lastVisit) });
    setNoteText('');
  };
  const removeNote = (noteId: string) => {
    const note = (profile.notes ?? []).find((n) => n.id === noteId);
    update({ notes: (profile.notes ?? []).filter((n) => n.id !== noteId) });
    if (note) {
      onToast?.({
        text: t('case.note.removed', { date: day(note.date) }),
        // Put back into the record as it is now (other edits since stay).
        undo: () => {
          const now = current.current;
          if (now && !(now.notes ?? []).some((n) => n.id === note.id)) update({ notes: [...(now.notes ?? []), note] });
        },
      });
    }
  };
  const setApplication = (pid: string, state: ApplicationState | undefined) => {
    const before = profile.applications?.[pid];
    const apps = { ...(profile.applications ?? {}) };
    if (state) apps[pid] = state;
    else delete apps[pid];
    update({ applications: Object.keys(apps).length ? apps : undefined });
    if (before && before !== state) {
      onToast?.({
        text: t(state ? 'case.app.changed' : 'case.app.cleared', { name: t(`prog.${pid}.name`), from: t(`case.app.${before}`) }),
        undo: () => {
          const now = { ...(current.current?.applications ?? {}), [pid]: before };
          update({ applications: now });
        },
      });
    }
  };

  return (
    <div class="case">
      <p class="case-name">{profile.name || t('saved.unnamed')}</p>
      <p class="muted">{t('saved.meta', { count: profile.household.members.length, region: t(`region.${profile.household.region}`), date: dateFmt.format(new Date(profile.updatedAt)) })}</p>
      <p class="sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="button" onClick={() => void flush().then(() => onOpen(profile.id))}>
          {t('case.openResults')}
        </button>
        <button type="button" class="button secondary" onClick={() => void flush().then(() => onPrint(profile.id))}>
          {t('res.print')}
        </button>
        <button type="button" class="button secondary" onClick={() => void flush().then(onBack)}>
          {t('case.back')}
        </button>
      </div>

      <section class="card">
        <h3>{t('case.details')}</h3>
        <div onFocusOut={() => void flush()}>
          <TextField label={t('case.village')} help={t('case.village.help')} value={profile.village} onChange={(v) => update({ village: v.trim() ? v : undefined }, textDelay)} />
        </div>
        <label class={`option inline${profile.followUp ? ' selected' : ''}`}>
          <input type="checkbox" checked={profile.followUp === true} onChange={(e) => update({ followUp: (e.currentTarget as HTMLInputElement).checked })} />
          <span>{t('case.followUp')}</span>
        </label>
        <TextField
          type="date"
          label={t('case.lastVisit')}
          help={t('case.lastVisit.help')}
          value={profile.lastVisit}
          error={profile.lastVisit && !isValidDate(profile.lastVisit) ? t('error.date') : null}
          onChange={(v) => update({ lastVisit: v && isValidDate(v) ? v : undefined })}
        />
      </section>

      <section class="card">
        <h3>{t('case.applications')}</h3>
        {found.length === 0 ? (
          <p class="muted">{profile.lastResult ? t('case.applications.none') : t('case.applications.noResult')}</p>
        ) : (
          <>
            <p class="help">{t('case.applications.help')}</p>
            {found.map((p) => (
              <div class="application" key={p.id} data-programme={p.id}>
                <SelectField<ApplicationState>
                  label={t(`prog.${p.id}.name`)}
                  help={t(p.alreadyReceives ? 'status.already' : `status.${p.status}`)}
                  value={profile.applications?.[p.id]}
                  options={APPLICATION_STATES.map((s) => ({ value: s, label: t(`case.app.${s}`) }))}
                  onChange={(v) => setApplication(p.id, v)}
                />
                <EnteredFigures p={p} />
              </div>
            ))}
          </>
        )}
      </section>

      <section class="card">
        <h3>{t('case.notes')}</h3>
        <form class="note-form" onSubmit={addNote}>
          <TextField type="date" label={t('case.note.date')} value={noteDate} onChange={setNoteDate} />
          <div class="field">
            <label for="case-note-text">{t('case.note.text')}</label>
            <textarea id="case-note-text" rows={3} value={noteText} aria-describedby="case-note-err" onInput={(e) => setNoteText((e.currentTarget as HTMLTextAreaElement).value)} />
            <p class="error" id="case-note-err" aria-live="polite">
              {noteError ?? ''}
            </p>
          </div>
          <button type="submit" class="button">
            {t('case.note.add')}
          </button>
        </form>
        {notes.length === 0 ? (
          <p class="muted">{t('case.notes.none')}</p>
        ) : (
          <ul class="plain notes-list">
            {notes.map((n) => (
              <li key={n.id} class="note-item">
                <p class="note-date">{day(n.date)}</p>
                <p class="note-text">{n.text}</p>
                <button type="button" class="button secondary small danger" aria-label={t('case.note.removeLabel', { date: day(n.date) })} onClick={() => removeNote(n.id)}>
                  {t('ui.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
