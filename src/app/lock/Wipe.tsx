/**
 * "Wipe this device": the only way out when the passphrase is forgotten. Said plainly, and behind a confirmation
 * the user types (a tap alone must never delete every household).
 */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import type { LockableStore } from './locked';

let seq = 0;

export function WipeDevice({ store, onWiped }: { store: LockableStore; onWiped: () => void }) {
  const { t } = useI18n();
  const [id] = useState(() => `wipe-${++seq}`);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const word = t('lock.wipe.word');
  const confirmed = typed.trim().toLowerCase() === word.toLowerCase();
  const wipe = async () => {
    if (!confirmed || busy) return;
    setBusy(true);
    setError(null);
    try {
      await store.wipe();
      setTyped('');
      onWiped();
    } catch (e) {
      setError(t('error.generic', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="wipe">
      <p class="warn-box">{t('lock.wipe.explain')}</p>
      <div class="field">
        <label for={id}>{t('lock.wipe.confirmLabel', { word })}</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          value={typed}
          aria-describedby={`${id}-err`}
          onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
        />
        <p class="error" id={`${id}-err`} role="alert">
          {error ?? ''}
        </p>
      </div>
      <button type="button" class="button danger-solid" disabled={!confirmed || busy} onClick={() => void wipe()}>
        {busy ? t('lock.wipe.busy') : t('lock.wipe.button')}
      </button>
    </div>
  );
}
