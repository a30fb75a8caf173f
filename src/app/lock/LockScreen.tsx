/**
 * The lock screen: while the device passphrase is set and the store is locked, this is all the app shows — no
 * household names, no counts. Wrong passphrases slow down (the wait is counted down), and "forgot it" leads to
 * wiping the device behind a typed confirmation. Lazy-loaded.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UnlockResult } from '../../storage/types';
import { useI18n } from '../i18n';
import type { LockableStore } from './locked';
import { PasswordField } from './PasswordField';
import { useCountdown } from './wait';
import { WipeDevice } from './Wipe';

export interface LockScreenProps {
  store: LockableStore;
  onUnlocked: () => void;
  onWiped: () => void;
}

export default function LockScreen({ store, onUnlocked, onWiped }: LockScreenProps) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UnlockResult | null>(null);
  const [until, setUntil] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const seconds = useCountdown(until);
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    // Ready for the next try: put the cursor back in the box.
    if (result && seconds === 0) input.current?.focus();
  }, [seconds === 0]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || seconds > 0) return;
    if (!passphrase) {
      setError(t('lock.unlock.empty'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await store.unlock(passphrase);
      setResult(r);
      setUntil(r.waitMs > 0 ? Date.now() + r.waitMs : 0);
      if (r.ok) {
        setPassphrase('');
        onUnlocked();
        return;
      }
      setPassphrase('');
    } catch (err) {
      setError(t('error.generic', { detail: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const failed = result && !result.ok ? result : null;
  return (
    <div class="lock-screen">
      <div class="lock-icon" aria-hidden="true" />
      <h2 tabIndex={-1} ref={heading}>
        {t('lock.title')}
      </h2>
      <p>{t('lock.explain')}</p>
      <form class="card" onSubmit={(e) => void submit(e)}>
        <PasswordField
          label={t('lock.passphrase')}
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="current-password"
          inputRef={input}
          error={error}
        />
        {/* Announced once per try; the visible countdown below is not read out every second. */}
        <p class="sr-only" role="status" aria-live="polite">
          {failed ? `${failed.reason === 'too-soon' ? t('lock.unlock.notChecked') : t('lock.unlock.wrong', { count: failed.failures })} ${failed.waitMs > 0 ? t('lock.unlock.wait', { count: Math.ceil(failed.waitMs / 1000) }) : ''}` : ''}
        </p>
        {failed ? (
          <div class="lock-failed" aria-hidden="true" data-testid="unlock-failed">
            <p class="error-text">{failed.reason === 'too-soon' ? t('lock.unlock.notChecked') : t('lock.unlock.wrong', { count: failed.failures })}</p>
            {seconds > 0 ? (
              <p class="wait" data-testid="unlock-wait">
                {t('lock.unlock.wait', { count: seconds })}
              </p>
            ) : (
              <p class="muted">{t('lock.unlock.tryAgain')}</p>
            )}
          </div>
        ) : null}
        <button type="submit" class="button wide" disabled={busy || seconds > 0}>
          {busy ? t('lock.unlock.busy') : seconds > 0 ? t('lock.unlock.waitButton', { count: seconds }) : t('lock.unlock.button')}
        </button>
      </form>
      <details class="card forgot">
        <summary>{t('lock.forgot')}</summary>
        <WipeDevice store={store} onWiped={onWiped} />
      </details>
    </div>
  );
}
