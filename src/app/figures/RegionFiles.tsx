/**
 * Settings › region files an office publishes (signed). Importing works offline from a file: the signature is
 * checked first, against the keys the user chose to trust; then publisher, date, region and every figure are shown,
 * and nothing changes until the user applies them. A tampered or malformed file is refused with the reason.
 *
 * "Trust a key" means: the user has compared its fingerprint with the one the office published (on its notice,
 * or in the public key file it handed out) and keeps it in this device's list; files signed by it can be applied.
 * A file signed by a key not in the list can still be looked at, but is applied only after the user ticks that
 * they have compared the fingerprint, which adds the key to the list.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import { shippedFigureFor } from '../../engine/overlay';
import { formatShown } from '../../shared/format';
import {
  figuresOf, formatKeyId, readKeyFile, readRegionFile, RegionFileError, type TrustedKey, type VerifiedRegionFile,
} from '../../shared/region-file';
import type { LocalFigure, Store } from '../../storage/types';
import { today } from '../household-edit';
import { useI18n } from '../i18n';
import { isLockedError } from '../lock/locked';
import { regionOfCode } from '../regions/ids';

/** Settings key: public keys only (no personal facts), so kept in the clear like other preferences. */
export const TRUSTED_KEYS = 'regionFile.trustedKeys';

export interface RegionFilesProps {
  cp: CompiledPack;
  store: Store;
  figures: LocalFigure[];
  onChanged: () => void;
  onLocked?: () => void;
  /** A file was shared to the app (the service worker holds it until it is fetched once). */
  shared?: boolean;
}

function isTrustedKey(k: unknown): k is TrustedKey {
  const o = k as TrustedKey;
  return typeof o === 'object' && o !== null && typeof o.keyId === 'string' && typeof o.name === 'string' && typeof o.publicKey?.x === 'string';
}

export default function RegionFiles({ cp, store, onChanged, onLocked, shared }: RegionFilesProps) {
  const { t, lang } = useI18n();
  const [trusted, setTrusted] = useState<TrustedKey[]>([]);
  const [preview, setPreview] = useState<{ file: VerifiedRegionFile; region: string; figures: LocalFigure[] } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const regions = Object.values(cp.pack.regions);
  const reason = (e: unknown) => (e instanceof RegionFileError ? (lang === 'zh-CN' ? e.zh : e.en) : t('error.generic', { detail: e instanceof Error ? e.message : String(e) }));

  useEffect(() => {
    void store.getSetting(TRUSTED_KEYS, (v): v is unknown[] => Array.isArray(v)).then(async (list) => {
      const keys = Array.isArray(list) ? list.filter(isTrustedKey) : [];
      setTrusted(keys);
      if (!shared) return;
      history.replaceState(null, '', location.pathname);
      const res = await fetch('./__shared/region-file').catch(() => null);
      if (res?.ok) await check(await res.text(), keys);
    }, () => undefined);
  }, []);
  const saveTrusted = async (list: TrustedKey[]) => {
    await store.setSetting(TRUSTED_KEYS, list);
    setTrusted(list);
  };

  const check = async (text: string, keys: TrustedKey[] = trusted) => {
    setError(null);
    setMessage(null);
    setPreview(null);
    setConfirmed(false);
    try {
      const file = await readRegionFile(text, keys, cp.pack);
      const r = file.payload.region;
      const region = r.code ? regionOfCode(regions, r.code) : r.id;
      if (!cp.chains.get(region)) throw new RegionFileError('invalid-content', `文件中的地区“${r.name.zh}”不在本应用中。`, `The file's region "${r.name.zh}" is not known to this app.`);
      setPreview({ file, region, figures: figuresOf(file, region, today()) });
    } catch (e) {
      setError(reason(e));
    }
  };

  const onFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    input.value = '';
    if (f) await check(await f.text());
  };

  const apply = async () => {
    if (!preview) return;
    const { file, figures } = preview;
    try {
      if (!file.trustedAs) {
        if (!confirmed) return;
        await saveTrusted([...trusted, { keyId: file.keyId, name: file.payload.publisher.name, publicKey: file.publicKey, addedAt: today() }]);
      }
      await store.putFigures(figures);
    } catch (e) {
      if (isLockedError(e)) return onLocked?.();
      throw e;
    }
    setPreview(null);
    setMessage(t('regionFile.applied', { count: figures.length, publisher: file.payload.publisher.name }));
    onChanged();
  };

  const onKeyFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    input.value = '';
    setError(null);
    if (!f) return;
    try {
      const k = await readKeyFile(await f.text());
      if (!trusted.some((x) => x.keyId === k.keyId)) await saveTrusted([...trusted, { ...k, addedAt: today() }]);
      setMessage(t('regionFile.keyAdded', { name: k.name, id: formatKeyId(k.keyId) }));
    } catch (e) {
      setError(reason(e));
    }
  };

  return (
    <section class="card region-files" data-testid="region-files">
      <h3>{t('regionFile.title')}</h3>
      <p class="help">{t('regionFile.help')}</p>
      <div class="field">
        <label for="region-file-input">{t('regionFile.import')}</label>
        <input id="region-file-input" type="file" accept=".json,application/json" data-testid="region-file-input" onChange={(e) => void onFile(e.currentTarget)} />
      </div>
      {error ? (
        <p class="error" role="alert" data-testid="region-file-error">
          {error}
        </p>
      ) : null}
      {preview ? (
        <div class="region-file-preview" data-testid="region-file-preview">
          <dl class="print-meta">
            <div>
              <dt>{t('regionFile.publisher')}</dt>
              <dd>{preview.file.payload.publisher.name}</dd>
            </div>
            <div>
              <dt>{t('regionFile.issued')}</dt>
              <dd>{preview.file.payload.issued}</dd>
            </div>
            <div>
              <dt>{t('regionFile.region')}</dt>
              <dd>{t(`region.${preview.region}`)}</dd>
            </div>
            <div>
              <dt>{t('regionFile.key')}</dt>
              <dd>
                <code>{formatKeyId(preview.file.keyId)}</code>
                {preview.file.trustedAs ? <span class="muted"> — {t('regionFile.trustedAs', { name: preview.file.trustedAs.name })}</span> : null}
              </dd>
            </div>
          </dl>
          <table class="figures-table">
            <thead>
              <tr>
                <th>{t('regionFile.figure')}</th>
                <th>{t('regionFile.value')}</th>
                <th>{t('regionFile.from')}</th>
                <th>{t('regionFile.source')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.figures.map((f) => {
                const def = cp.pack.parameters[f.param]!;
                const shipped = shippedFigureFor(cp, f);
                const v = f.value;
                return (
                  <tr key={f.id}>
                    <td>{t(`param.${f.param}`)}</td>
                    <td>
                      {formatShown(typeof v === 'object' ? ('atLeast' in v ? { min: v.atLeast, max: null } : { min: v.min, max: v.max }) : v, def.unit, t, lang)}
                      {shipped ? <span class="muted"> — {t('regionFile.shippedWins')}</span> : null}
                    </td>
                    <td>{f.from}</td>
                    <td>{[f.citation?.doc, f.citation?.where].filter(Boolean).join(' ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {preview.file.trustedAs ? null : (
            <div class="warn untrusted" data-testid="region-file-untrusted">
              <p>{t('regionFile.untrusted', { name: preview.file.payload.publisher.name })}</p>
              <p>
                <code>{formatKeyId(preview.file.keyId)}</code>
              </p>
              <label class="option inline">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
                <span>{t('regionFile.trustConfirm', { name: preview.file.payload.publisher.name })}</span>
              </label>
            </div>
          )}
          <div class="nav-buttons">
            <button type="button" class="button secondary" onClick={() => setPreview(null)}>
              {t('regionFile.cancel')}
            </button>
            <button type="button" class="button" data-testid="region-file-apply" disabled={!preview.file.trustedAs && !confirmed} onClick={() => void apply()}>
              {t('regionFile.apply', { count: preview.figures.length })}
            </button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p class="muted" role="status" data-testid="region-file-message">
          {message}
        </p>
      ) : null}
      <h4>{t('regionFile.trusted')}</h4>
      {trusted.length === 0 ? <p class="muted">{t('regionFile.noTrusted')}</p> : null}
      <ul class="plain">
        {trusted.map((k) => (
          <li key={k.keyId}>
            <strong>{k.name}</strong> <code>{formatKeyId(k.keyId)}</code> <span class="muted">{t('regionFile.keySince', { date: k.addedAt })}</span>
            <button type="button" class="link" onClick={() => void saveTrusted(trusted.filter((x) => x.keyId !== k.keyId))}>
              {t('regionFile.untrust')}
            </button>
          </li>
        ))}
      </ul>
      <div class="field">
        <label for="region-key-input">{t('regionFile.addKey')}</label>
        <input id="region-key-input" type="file" accept=".json,application/json" onChange={(e) => void onKeyFile(e.currentTarget)} />
      </div>
    </section>
  );
}
