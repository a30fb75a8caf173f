/**
 * Settings: 长辈模式, the device passphrase (lock, auto-lock, change, remove, wipe), "keep the data on this phone"
 * (persistent storage, with what it means), adding the app to the home screen, versions. Lazy-loaded.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import type { LocalFigure, StoreStatus } from '../../storage/types';
import type { AppProps } from '../app';
import { useI18n } from '../i18n';
import { install, installState, onInstallChange, type InstallState } from '../install';
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
  /** 长辈模式, also offered here (適老化: an entry in the settings). */
  elder?: boolean;
  onElder?: () => void;
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

/** Where the browser says so, whether storage is kept; `navigator.storage` directly when there is no service worker. */
async function estimateNow(pwa: AppProps['pwa']): Promise<{ persisted: boolean; usage?: number; quota?: number } | null> {
  if (pwa) return pwa.storageEstimate();
  if (!navigator.storage?.persisted) return null;
  const out: { persisted: boolean; usage?: number; quota?: number } = { persisted: await navigator.storage.persisted() };
  const est = await navigator.storage.estimate?.();
  if (est?.usage !== undefined) out.usage = est.usage;
  if (est?.quota !== undefined) out.quota = est.quota;
  return out;
}

async function persistNow(pwa: AppProps['pwa']): Promise<boolean> {
  if (pwa) return pwa.requestPersistentStorage();
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export default function Settings({ storeStatus, rulesVersion, pwa, store, elder, onElder, cp, region, date, figures, onFiguresChanged, sharedRegionFile, ...lock }: SettingsProps) {
  const { t, lang } = useI18n();
  const [estimate, setEstimate] = useState<{ persisted: boolean; usage?: number; quota?: number } | null>(null);
  const [refused, setRefused] = useState(false);
  const [installable, setInstallable] = useState<InstallState>(installState);
  useEffect(() => {
    void estimateNow(pwa).then(setEstimate, () => setEstimate(null));
    return onInstallChange(() => setInstallable(installState()));
  }, []);
  const keep = async () => {
    const ok = await persistNow(pwa);
    setRefused(!ok);
    setEstimate(await estimateNow(pwa).catch(() => null));
  };
  return (
    <div class="settings">
      {onElder ? (
        <section class="card">
          <h3>{t('ui.elder.on')}</h3>
          <label class={`option elder-switch${elder ? ' selected' : ''}`}>
            <input type="checkbox" checked={elder === true} onChange={onElder} />
            <span>{t('settings.elder')}</span>
          </label>
        </section>
      ) : null}
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
      <section class="card" data-testid="storage-settings">
        <h3>{t('settings.storage')}</h3>
        {storeStatus.mode === 'memory' ? <p class="warn">{t('settings.mode.memory')}</p> : null}
        <p class="help">{t('settings.keep.what')}</p>
        {estimate ? (
          <>
            <p>{estimate.persisted ? t('settings.persisted') : t('settings.notPersisted')}</p>
            {!estimate.persisted ? (
              <button type="button" class="button secondary" data-testid="keep-data" onClick={() => void keep()}>
                {t('settings.keep')}
              </button>
            ) : null}
            {refused && !estimate.persisted ? <p class="warn">{t('settings.keep.refused')}</p> : null}
            <p class="muted">{t('settings.usage', { used: bytes(estimate.usage, lang), quota: bytes(estimate.quota, lang) })}</p>
          </>
        ) : (
          <p class="muted">{t('settings.keep.unsupported')}</p>
        )}
      </section>
      <section class="card" data-testid="install-settings">
        <h3>{t('settings.install')}</h3>
        {installable === 'installed' ? (
          <p>{t('settings.install.done')}</p>
        ) : installable === 'available' ? (
          <>
            <p class="help">{t('settings.install.what')}</p>
            <button type="button" class="button secondary" onClick={() => void install()}>
              {t('settings.install.button')}
            </button>
          </>
        ) : (
          <p class="help">{t('settings.install.manual')}</p>
        )}
      </section>
      <section class="card">
        <h3>{t('settings.rules')}</h3>
        <p>{rulesVersion ?? '—'}</p>
        <p class="muted">{t('settings.version', { version: __APP_VERSION__ })}</p>
      </section>
    </div>
  );
}
