/**
 * Settings → device passphrase: set one (after saying plainly that a forgotten passphrase leaves only "wipe this
 * device"), lock now, how soon to lock when unused, change it, remove it, and wipe the device.
 */
import { useState } from 'preact/hooks';
import type { StoreStatus, UnlockResult } from '../../storage/types';
import { SelectField } from '../components/fields';
import { useI18n } from '../i18n';
import { AUTO_LOCK_CHOICES, MIN_PASSPHRASE, isLockedError, type LockableStore } from './locked';
import { PasswordField } from './PasswordField';
import { useCountdown } from './wait';
import { WipeDevice } from './Wipe';

export interface LockSettingsProps {
  store: LockableStore;
  storeStatus: StoreStatus;
  autoLockMinutes: number;
  onAutoLockMinutes: (minutes: number) => void;
  onLockNow: () => void;
  onWiped: () => void;
  onLocked: () => void;
}

type T = ReturnType<typeof useI18n>['t'];

/** The message under "new passphrase" / "repeat", or null when both are fine. */
function checkNew(t: T, next: string, again: string): { next?: string; again?: string } | null {
  if (next.length < MIN_PASSPHRASE) return { next: t('lock.set.tooShort', { min: MIN_PASSPHRASE }) };
  if (next !== again) return { again: t('lock.set.mismatch') };
  return null;
}

function wrongText(t: T, r: UnlockResult): string {
  const wait = r.waitMs > 0 ? ` ${t('lock.unlock.wait', { count: Math.ceil(r.waitMs / 1000) })}` : '';
  return (r.reason === 'too-soon' ? t('lock.unlock.notChecked') : t('lock.current.wrong')) + wait;
}

function SetPassphrase({ store, onDone }: { store: LockableStore; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ next?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = checkNew(t, next, again);
    setErrors(problems ?? {});
    if (problems || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await store.setPassphrase(next);
      setNext('');
      setAgain('');
      onDone(t('lock.set.done'));
    } catch (err) {
      setFailure(t('error.generic', { detail: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-describedby="lock-forget-warning">
      <p>{t('lock.set.explain')}</p>
      <p class="warn-box" id="lock-forget-warning">
        <strong>{t('lock.set.warnTitle')}</strong> {t('lock.set.warn')}
      </p>
      <PasswordField label={t('lock.set.new')} help={t('lock.set.newHelp', { min: MIN_PASSPHRASE })} value={next} onChange={setNext} autoComplete="new-password" error={errors.next} disabled={busy} />
      <PasswordField label={t('lock.set.again')} value={again} onChange={setAgain} autoComplete="new-password" error={errors.again} disabled={busy} />
      {failure ? (
        <p class="error-text" role="alert">
          {failure}
        </p>
      ) : null}
      <button type="submit" class="button" disabled={busy}>
        {busy ? t('lock.set.busy') : t('lock.set.button')}
      </button>
    </form>
  );
}

function ChangePassphrase({ store, onDone, onLocked }: { store: LockableStore; onDone: (msg: string) => void; onLocked: () => void }) {
  const { t } = useI18n();
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ old?: string; next?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);
  const [until, setUntil] = useState(0);
  const seconds = useCountdown(until);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = checkNew(t, next, again);
    setErrors(problems ?? {});
    if (problems || busy || seconds > 0) return;
    setBusy(true);
    try {
      const r = await store.changePassphrase(old, next);
      if (r.ok) {
        setOld('');
        setNext('');
        setAgain('');
        onDone(t('lock.change.done'));
      } else {
        setOld('');
        setErrors({ old: wrongText(t, r) });
        setUntil(r.waitMs > 0 ? Date.now() + r.waitMs : 0);
      }
    } catch (err) {
      if (isLockedError(err)) onLocked();
      else setErrors({ old: t('error.generic', { detail: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <PasswordField label={t('lock.current')} value={old} onChange={setOld} autoComplete="current-password" error={errors.old} disabled={busy} />
      <PasswordField label={t('lock.set.new')} help={t('lock.set.newHelp', { min: MIN_PASSPHRASE })} value={next} onChange={setNext} autoComplete="new-password" error={errors.next} disabled={busy} />
      <PasswordField label={t('lock.set.again')} value={again} onChange={setAgain} autoComplete="new-password" error={errors.again} disabled={busy} />
      <button type="submit" class="button" disabled={busy || seconds > 0}>
        {busy ? t('lock.set.busy') : seconds > 0 ? t('lock.unlock.waitButton', { count: seconds }) : t('lock.change.button')}
      </button>
    </form>
  );
}

function RemovePassphrase({ store, onDone, onLocked }: { store: LockableStore; onDone: (msg: string) => void; onLocked: () => void }) {
  const { t } = useI18n();
  const [old, setOld] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [until, setUntil] = useState(0);
  const seconds = useCountdown(until);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || seconds > 0) return;
    setBusy(true);
    setError(null);
    try {
      const r = await store.removePassphrase(old);
      setOld('');
      if (r.ok) onDone(t('lock.remove.done'));
      else {
        setError(wrongText(t, r));
        setUntil(r.waitMs > 0 ? Date.now() + r.waitMs : 0);
      }
    } catch (err) {
      if (isLockedError(err)) onLocked();
      else setError(t('error.generic', { detail: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p class="warn-box">{t('lock.remove.explain')}</p>
      <PasswordField label={t('lock.current')} value={old} onChange={setOld} autoComplete="current-password" error={error} disabled={busy} />
      <button type="submit" class="button secondary danger" disabled={busy || seconds > 0}>
        {busy ? t('lock.set.busy') : seconds > 0 ? t('lock.unlock.waitButton', { count: seconds }) : t('lock.remove.button')}
      </button>
    </form>
  );
}

export default function LockSettings(props: LockSettingsProps) {
  const { t } = useI18n();
  const { store, storeStatus } = props;
  const [message, setMessage] = useState('');
  return (
    <section class="card lock-settings" aria-labelledby="lock-settings-title">
      <h3 id="lock-settings-title">{t('lock.settings.title')}</h3>
      <p class="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message ? <p class="ok-box">{message}</p> : null}
      {!storeStatus.encrypted ? (
        <SetPassphrase store={store} onDone={setMessage} />
      ) : (
        <>
          <p>{t('lock.settings.on')}</p>
          <button type="button" class="button" onClick={props.onLockNow}>
            {t('lock.now')}
          </button>
          <SelectField
            label={t('lock.auto.label')}
            help={t('lock.auto.help')}
            value={props.autoLockMinutes}
            options={AUTO_LOCK_CHOICES.map((m) => ({ value: m, label: t('lock.auto.minutes', { count: m }) }))}
            onChange={(v) => {
              if (v === undefined) return;
              props.onAutoLockMinutes(v);
              setMessage(t('lock.auto.saved', { count: v }));
            }}
          />
          <details class="sub">
            <summary>{t('lock.change.title')}</summary>
            <ChangePassphrase store={store} onDone={setMessage} onLocked={props.onLocked} />
          </details>
          <details class="sub">
            <summary>{t('lock.remove.title')}</summary>
            <RemovePassphrase store={store} onDone={setMessage} onLocked={props.onLocked} />
          </details>
        </>
      )}
      <details class="sub">
        <summary>{t('lock.wipe.title')}</summary>
        <WipeDevice store={store} onWiped={props.onWiped} />
      </details>
    </section>
  );
}
