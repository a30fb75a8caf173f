/**
 * The banner for records moved aside because they failed their check on reading (src/storage/records.ts): the app
 * goes on without them; each can be exported as a file for the office, or discarded. Lazy-loaded: it is only drawn
 * when there is one.
 */
import { useEffect, useState } from 'preact/hooks';
import type { QuarantinedRecord } from '../../storage/types';
import { useI18n } from '../i18n';
import type { AppStore } from '../lock/locked';
import { downloadFile } from '../share';

interface Props {
  store: AppStore;
  /** Bumped by the shell whenever the storage layer moves a record aside, to list again. */
  version: number;
}

const KINDS = new Set(['draft', 'profiles', 'summaries', 'figures', 'settings']);

export default function DamagedRecords({ store, version }: Props) {
  const { t, lang } = useI18n();
  const [records, setRecords] = useState<QuarantinedRecord[]>([]);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    void store.listQuarantined?.().then(setRecords, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(refresh, [version]);
  if (records.length === 0) return <></>;

  const exportOne = async (q: QuarantinedRecord) => {
    try {
      const text = await store.exportQuarantined!(q.id);
      const day = (q.movedAt || new Date().toISOString()).slice(0, 10);
      downloadFile(new Blob([text], { type: 'application/json' }), `huimin-damaged-${q.store}-${day}.json`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const discard = async (id: string) => {
    setConfirming(null);
    try {
      await store.discardQuarantined!(id);
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div class="banner warn damaged" role="alert" data-testid="damaged-banner">
      <p>{t('damaged.banner', { count: records.length })}</p>
      <button type="button" class="button small secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('damaged.hide') : t('damaged.show')}
      </button>
      {open ? (
        <ul class="plain damaged-list">
          {records.map((q) => (
            <li key={q.id} data-testid="damaged-record">
              <p>
                <strong>{t(`damaged.kind.${KINDS.has(q.store) ? q.store : 'other'}`)}</strong>
                {q.movedAt ? ` · ${q.movedAt.slice(0, 10)}` : ''}
              </p>
              <p class="hint">{lang === 'en' ? q.reason.en : q.reason.zh}</p>
              <div class="actions">
                <button type="button" class="button small" data-testid="damaged-export" onClick={() => void exportOne(q)}>
                  {t('damaged.export')}
                </button>
                {confirming === q.id ? (
                  <>
                    <span>{t('damaged.confirm')}</span>
                    <button type="button" class="button small danger" data-testid="damaged-discard-confirm" onClick={() => void discard(q.id)}>
                      {t('damaged.discardYes')}
                    </button>
                    <button type="button" class="button small secondary" onClick={() => setConfirming(null)}>
                      {t('damaged.keep')}
                    </button>
                  </>
                ) : (
                  <button type="button" class="button small secondary" data-testid="damaged-discard" onClick={() => setConfirming(q.id)}>
                    {t('damaged.discard')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p class="error">{t('error.generic', { detail: error })}</p> : null}
    </div>
  );
}
