/**
 * Export and import, on this device only (no network): export the selected households or all of them to a file,
 * optionally encrypted with its own passphrase; import a file in two steps — check it (a preview: how many, names,
 * conflicts), then choose for each household already on this device what to do, and import. A damaged or wrongly
 * encrypted file changes nothing and says why. Lazy-loaded (with the storage layer's transfer module).
 */
import { useRef, useState } from 'preact/hooks';
import {
  ImportError, applyImport, exportFileName, exportProfiles, parseExport,
  type ConflictDecision, type ImportPreview, type ImportResult,
} from '../../storage/transfer';
import { ChoiceField, SelectField } from '../components/fields';
import { useI18n } from '../i18n';
import { MIN_PASSPHRASE, isLockedError, type AppStore } from '../lock/locked';
import { PasswordField } from '../lock/PasswordField';
import { canShareFiles, downloadFile, shareOrDownload } from '../share';

export interface TransferProps {
  store: AppStore;
  selectedIds: string[];
  total: number;
  onImported: () => void;
  onLocked: () => void;
}

const DECISIONS: readonly ConflictDecision[] = ['keep-both', 'keep-newer', 'keep-existing', 'replace'];

/** Read a picked file as text (FileReader where Blob.text is missing). */
export function readText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.onerror = () => fail(r.error ?? new Error('read failed'));
    r.readAsText(file);
  });
}

/** Save text as a file (a download): nothing leaves the device. */
function download(text: string, name: string): void {
  downloadFile(new Blob([text], { type: 'application/json' }), name);
}

function ExportPanel({ store, selectedIds, total, onLocked }: Omit<TransferProps, 'onImported'>) {
  const { t } = useI18n();
  const [which, setWhich] = useState<'selected' | 'all'>(selectedIds.length ? 'selected' : 'all');
  const [encrypt, setEncrypt] = useState(true);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ pass?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  /** Made, waiting to be sent through the share sheet (which needs a tap of its own after the slow encryption). */
  const [ready, setReady] = useState<{ text: string; name: string; encrypted: boolean } | null>(null);
  const scope = selectedIds.length ? which : 'all';
  const count = scope === 'selected' ? selectedIds.length : total;

  const run = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setMessage('');
    setFailure(null);
    setReady(null);
    if (encrypt) {
      const problems = pass.length < MIN_PASSPHRASE ? { pass: t('lock.set.tooShort', { min: MIN_PASSPHRASE }) } : pass !== again ? { again: t('lock.set.mismatch') } : null;
      setErrors(problems ?? {});
      if (problems) return;
    } else setErrors({});
    if (count === 0) return setFailure(t('transfer.export.nothing'));
    setBusy(true);
    try {
      const text = await exportProfiles(store, { ids: scope === 'selected' ? selectedIds : undefined, passphrase: encrypt ? pass : undefined });
      const name = exportFileName();
      setPass('');
      setAgain('');
      if (canShareFiles()) {
        setReady({ text, name, encrypted: encrypt });
        setMessage(t('transfer.export.ready', { count, file: name }));
      } else {
        download(text, name);
        setMessage(t(encrypt ? 'transfer.export.doneEncrypted' : 'transfer.export.done', { count, file: name }));
      }
    } catch (err) {
      if (isLockedError(err)) onLocked();
      else setFailure(t('error.generic', { detail: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card transfer-export" aria-labelledby="export-title">
      <h3 id="export-title">{t('transfer.export.title')}</h3>
      <form onSubmit={(e) => void run(e)}>
        {selectedIds.length ? (
          <ChoiceField<'selected' | 'all'>
            label={t('transfer.export.which')}
            columns={1}
            value={which}
            options={[
              { value: 'selected', label: t('transfer.export.selected', { count: selectedIds.length }) },
              { value: 'all', label: t('transfer.export.all', { count: total }) },
            ]}
            onChange={setWhich}
          />
        ) : (
          <p>
            {t('transfer.export.all', { count: total })} <span class="muted">{t('transfer.export.selectHint')}</span>
          </p>
        )}
        <label class={`option inline${encrypt ? ' selected' : ''}`}>
          <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('transfer.export.encrypt')}</span>
        </label>
        {encrypt ? (
          <>
            <p class="help">{t('transfer.export.encryptHelp')}</p>
            <PasswordField label={t('transfer.export.pass')} value={pass} onChange={setPass} autoComplete="new-password" error={errors.pass} />
            <PasswordField label={t('transfer.export.again')} value={again} onChange={setAgain} autoComplete="new-password" error={errors.again} />
          </>
        ) : (
          <p class="warn-box">{t('transfer.export.plainWarn')}</p>
        )}
        {failure ? (
          <p class="error-text" role="alert">
            {failure}
          </p>
        ) : null}
        <p class="sr-only" role="status" aria-live="polite">
          {message}
        </p>
        {message ? <p class="ok-box">{message}</p> : null}
        {ready ? (
          <div class="actions">
            <button
              type="button"
              class="button"
              data-testid="share-export"
              onClick={() =>
                void shareOrDownload(ready.text, ready.name, 'application/json', t('transfer.export.title')).then((o) => {
                  if (o !== 'cancelled') setMessage(t(o === 'shared' ? 'transfer.export.shared' : ready.encrypted ? 'transfer.export.doneEncrypted' : 'transfer.export.done', { count, file: ready.name }));
                })
              }
            >
              {t('transfer.export.share')}
            </button>
            <button type="button" class="button secondary" onClick={() => download(ready.text, ready.name)}>
              {t('transfer.export.download')}
            </button>
          </div>
        ) : null}
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('transfer.busy') : t('transfer.export.button', { count })}
        </button>
      </form>
    </section>
  );
}

function ImportPanel({ store, onImported, onLocked }: Pick<TransferProps, 'store' | 'onImported' | 'onLocked'>) {
  const { t, lang } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; details: string[] } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [decisions, setDecisions] = useState<Record<string, ConflictDecision>>({});
  const [result, setResult] = useState<ImportResult | null>(null);
  const dateFmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const when = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : dateFmt.format(new Date(iso)));

  const explain = (e: unknown) => {
    if (isLockedError(e)) return onLocked();
    if (e instanceof ImportError) {
      const more = e.problems.slice(1, 6).map((p) => (lang === 'en' ? p.en : p.zh));
      setProblem({ text: t('transfer.import.failed', { why: lang === 'en' ? e.en : e.zh }), details: more });
    } else {
      setProblem({ text: t('transfer.import.failed', { why: e instanceof Error ? e.message : String(e) }), details: [] });
    }
  };

  const check = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setProblem(null);
    setResult(null);
    setPreview(null);
    setDecisions({});
    if (!file) {
      setProblem({ text: t('transfer.import.noFile'), details: [] });
      fileInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const text = await readText(file);
      setPreview(await parseExport(text, pass || undefined, store));
    } catch (err) {
      explain(err);
    } finally {
      setBusy(false);
    }
  };

  const conflicts = preview?.conflicts.filter((c) => !c.identical) ?? [];
  const identical = preview?.conflicts.filter((c) => c.identical).length ?? 0;
  const undecided = conflicts.filter((c) => !decisions[c.incoming.id]).length;
  const decisionLabel = (d: ConflictDecision) => t(`transfer.decision.${d}`);

  const run = async () => {
    if (!preview || busy || undecided > 0) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await applyImport(store, preview, decisions);
      setResult(r);
      setPreview(null);
      setDecisions({});
      setPass('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onImported();
    } catch (err) {
      explain(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card transfer-import" aria-labelledby="import-title">
      <h3 id="import-title">{t('transfer.import.title')}</h3>
      <form onSubmit={(e) => void check(e)}>
        <div class="field">
          <label for="import-file">{t('transfer.import.file')}</label>
          <p class="help" id="import-file-help">
            {t('transfer.import.fileHelp')}
          </p>
          <input
            id="import-file"
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            aria-describedby="import-file-help"
            onChange={(e) => {
              setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
              setPreview(null);
              setProblem(null);
              setResult(null);
            }}
          />
        </div>
        <PasswordField label={t('transfer.import.pass')} help={t('transfer.import.passHelp')} value={pass} onChange={setPass} autoComplete="off" />
        <button type="submit" class="button secondary" disabled={busy}>
          {busy && !preview ? t('transfer.busy') : t('transfer.import.check')}
        </button>
      </form>

      <div role="alert" class="import-problem">
        {problem ? (
          <div class="error-box">
            <p>{problem.text}</p>
            {problem.details.length ? (
              <ul>
                {problem.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      <div role="status" aria-live="polite">
        {result ? (
          <p class="ok-box">
            {t('transfer.import.done', { added: result.added.length, replaced: result.replaced.length, kept: result.kept.length })}
            {result.figuresAdded !== undefined ? ` ${t('transfer.import.figures', { count: result.figuresAdded })}` : ''}
          </p>
        ) : null}
      </div>

      {preview ? (
        <div class="import-preview">
          <h4>{t('transfer.preview.title')}</h4>
          <p>{t('transfer.preview.count', { count: preview.profiles.length, date: when(preview.exportedAt) })}</p>
          <ul class="names">
            {preview.profiles.map((p) => (
              <li key={p.id}>{p.name || t('saved.unnamed')}</li>
            ))}
          </ul>
          {identical ? <p class="muted">{t('transfer.preview.identical', { count: identical })}</p> : null}
          {conflicts.length ? (
            <>
              <p>{t('transfer.preview.conflicts', { count: conflicts.length })}</p>
              {conflicts.length > 1 ? (
                <SelectField<ConflictDecision>
                  label={t('transfer.applyAll')}
                  value={undefined}
                  options={DECISIONS.map((d) => ({ value: d, label: decisionLabel(d) }))}
                  onChange={(d) => {
                    if (d) setDecisions(Object.fromEntries(conflicts.map((c) => [c.incoming.id, d])));
                  }}
                />
              ) : null}
              {conflicts.map((c) => (
                <div class="conflict" key={c.incoming.id} data-conflict={c.incoming.id}>
                  <ChoiceField<ConflictDecision>
                    label={t('transfer.conflict.label', { name: c.incoming.name || t('saved.unnamed') })}
                    help={t('transfer.conflict.dates', { existing: when(c.existing.updatedAt), incoming: when(c.incoming.updatedAt) })}
                    columns={1}
                    value={decisions[c.incoming.id]}
                    options={DECISIONS.map((d) => ({ value: d, label: decisionLabel(d) }))}
                    onChange={(d) => setDecisions({ ...decisions, [c.incoming.id]: d })}
                  />
                </div>
              ))}
            </>
          ) : null}
          {undecided ? <p class="muted">{t('transfer.preview.undecided', { count: undecided })}</p> : null}
          <div class="actions">
            <button type="button" class="button" disabled={busy || undecided > 0} onClick={() => void run()}>
              {busy ? t('transfer.busy') : t('transfer.import.button', { count: preview.profiles.length })}
            </button>
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                setPreview(null);
                setDecisions({});
              }}
            >
              {t('ui.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

export default function Transfer(props: TransferProps) {
  return (
    <div class="transfer">
      <ExportPanel store={props.store} selectedIds={props.selectedIds} total={props.total} onLocked={props.onLocked} />
      <ImportPanel store={props.store} onImported={props.onImported} onLocked={props.onLocked} />
    </div>
  );
}
