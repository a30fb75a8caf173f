/**
 * Settings: the device passphrase (lock, auto-lock, change, remove, wipe), where data lives (persistent or not, how
 * much is used), versions. Lazy-loaded.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import type { LocalFigure, StoreStatus } from '../../storage/types';
import type { AppProps } from '../app';
import { useI18n } from '../i18n';
import { lazyComponent } from '../lazy';
import { canLock, type AppStore } from '../lock/locked';

const LockSettings = lazyComponent(() => import('../lock/LockSettings'));
const LocalFigures = lazyComponent(() => import('../figures/LocalFigures'));
const RegionFiles = lazyComponent(() => import('../figures/RegionFiles'));

export interface SettingsProps {
  storeStatus: StoreStatus;
  rulesVersion?: string;
  pwa?: AppProps['pwa'];
  /** The store, for the device passphrase (absent: no passphrase section). */
  store?: AppStore;
  autoLockMinutes?: number;
  onAutoLockMinutes?: (minutes: number) => void;
  onLockNow?: () => void;
  onWiped?: () => void;
  onLocked?: () => void;
  /** For the figures entered on this device and region files: the rules (with those figures laid over them). */
  cp?: CompiledPack;
  /** The household's region and evaluation date (the figures form starts there). */
  region?: string;
  date?: string;
  figures?: LocalFigure[];
  onFiguresChanged?: () => void;
  /** A region file was shared to the app: check it now. */
  sharedRegionFile?: boolean;
}

function bytes(n: number | undefined, lang: string): string {
  if (n === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v)} ${units[u]}`;
}

export default function Settings({ storeStatus, rulesVersion, pwa, store, cp, region, date, figures, onFiguresChanged, sharedRegionFile, ...lock }: SettingsProps) {
  const { t, lang } = useI18n();
  const [estimate, setEstimate] = useState<{ persisted: boolean; usage?: number; quota?: number } | null>(null);
  useEffect(() => {
    void pwa?.storageEstimate().then(setEstimate);
  }, []);
  return (
    <div class="settings">
      {store && canLock(store) ? (
        <LockSettings
          store={store}
          storeStatus={storeStatus}
          autoLockMinutes={lock.autoLockMinutes ?? 5}
          onAutoLockMinutes={lock.onAutoLockMinutes ?? (() => undefined)}
          onLockNow={lock.onLockNow ?? (() => store.lock())}
          onWiped={lock.onWiped ?? (() => undefined)}
          onLocked={lock.onLocked ?? (() => undefined)}
        />
      ) : null}
      {cp && store && !(storeStatus.encrypted && storeStatus.locked) ? (
        <>
          <LocalFigures cp={cp} store={store} region={region ?? ''} date={date ?? new Date().toISOString().slice(0, 10)} figures={figures ?? []} onChanged={onFiguresChanged ?? (() => undefined)} onLocked={lock.onLocked} />
          <RegionFiles cp={cp} store={store} figures={figures ?? []} onChanged={onFiguresChanged ?? (() => undefined)} onLocked={lock.onLocked} shared={sharedRegionFile} />
        </>
      ) : null}
      <section class="card">
        <h3>{t('settings.storage')}</h3>
        {storeStatus.mode === 'memory' ? <p class="warn">{t('settings.mode.memory')}</p> : null}
        {estimate ? (
          <>
            <p>{estimate.persisted ? t('settings.persisted') : t('settings.notPersisted')}</p>
            <p class="muted">{t('settings.usage', { used: bytes(estimate.usage, lang), quota: bytes(estimate.quota, lang) })}</p>
          </>
        ) : null}
      </section>
      <section class="card">
        <h3>{t('settings.rules')}</h3>
        <p>{rulesVersion ?? '—'}</p>
        <p class="muted">{t('settings.version', { version: __APP_VERSION__ })}</p>
      </section>
    </div>
  );
}
