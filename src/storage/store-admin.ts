/**
 * The store's rarer operations, in a chunk of their own so the first screen does not load them: setting, changing
 * and removing the device passphrase (with the re-encryption that survives a closed tab), and the list of damaged
 * records moved aside (export, discard, the check of every record). Each works on the {@link CoreStore} it is
 * called on (`fn.call(store, …)`).
 */
import { KEYRING, isSealed, kidOf, type Guard, type Op, type StoreName } from './backend';
import { deriveKey, generateDataKey, newPbkdf2Params, randomId, toBase64, wrapDataKey, type WrappedKey } from './crypto';
import { LockedError, PassphraseError } from './errors';
import { DamagedRowError, OK, SEALABLE, checkPassphraseText, summarize, unwrapAll, type CoreStore, type Keyring } from './store';
import type { DamageReason, Profile, ProfileSummary, QuarantinedRecord, UnlockResult } from './types';

export async function listQuarantined(this: CoreStore): Promise<QuarantinedRecord[]> {
  await this.open();
  this.requireKeys();
  const out: QuarantinedRecord[] = [];
  for (const [key, row] of await this.exec((b) => b.entries('quarantine'))) {
    try {
      const q = await this.fromRow<QuarantinedRecord>('quarantine', key, row);
      if (q) out.push(q);
    } catch (e) {
      if (!(e instanceof DamagedRowError)) throw e;
      // Even the quarantine row cannot be read (e.g. a key dropped since): still listed, so it can be discarded.
      out.push({ id: key, store: 'quarantine', key, movedAt: '', reason: e.reason });
    }
  }
  return out.sort((a, b) => (a.movedAt < b.movedAt ? -1 : a.movedAt > b.movedAt ? 1 : 0));
}

export async function exportQuarantined(this: CoreStore, id: string): Promise<string> {
  const q = (await this.listQuarantined()).find((r) => r.id === id);
  if (!q) throw new Error(`找不到损坏的记录 ${id} / no damaged record ${id}`);
  return JSON.stringify({ format: 'huimin-damaged-record', formatVersion: 1, exportedAt: new Date(this.now()).toISOString(), ...q }, null, 2);
}

export async function discardQuarantined(this: CoreStore, id: string): Promise<void> {
  await this.open();
  this.requireKeys();
  await this.exec((b) => b.write([{ store: 'quarantine', key: id }]));
  for (const l of this.quarantineListeners) l();
}

export async function checkAll(this: CoreStore): Promise<number> {
  await this.open();
  this.requireKeys();
  const before = (await this.exec((b) => b.entries('quarantine'))).length;
  await this.loadDraft();
  for (const [key, row] of await this.exec((b) => b.entries('profiles'))) await this.readChecked('profiles', key, row);
  await this.listProfiles();
  await this.listFigures();
  return (await this.exec((b) => b.entries('quarantine'))).length - before;
}

/** Write a new keyring (only if the current one is still `expected`) and start using it. */
export async function installKeyring(this: CoreStore, ring: Keyring, expected: string | null, keys: Map<string, CryptoKey>): Promise<void> {
  const guard: Guard = { kid: expected };
  if ((await this.exec((b) => b.write([{ store: 'meta', key: KEYRING, value: ring }], guard))) !== 'ok') {
    await this.refreshKeyState();
    throw new LockedError();
  }
  this.encrypted = true;
  this.keys = keys;
  this.writeKid = ring.current;
  this.notify();
}

export async function setPassphrase(this: CoreStore, passphrase: string): Promise<void> {
  return this.serial(async () => {
    await this.open();
    checkPassphraseText(passphrase);
    if (await this.readKeyring()) throw new PassphraseError('already-set', '已设置密码，请使用“修改密码”。', 'A passphrase is already set: change it instead.');
    await encryptUnder.call(this, passphrase, new Map(), null);
  });
}

/** New passphrase key and data key; `keep` are older data keys records may still use until re-encrypted. */
export async function encryptUnder(this: CoreStore, passphrase: string, keep: Map<string, CryptoKey>, expected: string | null): Promise<void> {
  const kdf = newPbkdf2Params(this.o);
  const kek = await deriveKey(passphrase, kdf, ['wrapKey', 'unwrapKey']);
  const kid = randomId();
  const wrapped: Record<string, WrappedKey> = {};
  for (const [k, dek] of keep) wrapped[k] = await wrapDataKey(dek, kek);
  wrapped[kid] = await wrapDataKey(await generateDataKey(), kek);
  const ring: Keyring = { kdf, keys: wrapped, current: kid, rekeying: true };
  // Keep in memory only non-extractable copies.
  await installKeyring.call(this, ring, expected, await unwrapAll(ring, kek, false));
  await this.finishRekey();
}

export async function changePassphrase(this: CoreStore, oldPassphrase: string, newPassphrase: string): Promise<UnlockResult> {
  return this.serial(async () => {
    await this.open();
    checkPassphraseText(newPassphrase);
    const ring = await this.readKeyring();
    if (!ring) throw new PassphraseError('not-set', '尚未设置密码。', 'No passphrase is set.');
    // Extractable, only here: old data keys are re-wrapped under the new passphrase until no record uses them.
    const c = await this.check(oldPassphrase, ring, true);
    if (!c.keys) return c.result;
    await encryptUnder.call(this, newPassphrase, c.keys, ring.current);
    return c.result;
  });
}

export async function removePassphrase(this: CoreStore, passphrase: string): Promise<UnlockResult> {
  return this.serial(async () => {
    await this.open();
    const ring = await this.readKeyring();
    if (!ring) return OK;
    const c = await this.check(passphrase, ring, false);
    if (!c.keys) return c.result;
    // The keyring stays, under the old passphrase, until the last record is decrypted: an interrupted removal
    // resumes at the next unlock and no key is ever stored in the clear.
    await installKeyring.call(this, { ...ring, current: null, rekeying: true }, ring.current, c.keys);
    await this.finishRekey();
    return c.result;
  });
}

/**
 * Bring every record to the current key (or to the clear), one record per transaction, then drop the old keys.
 * Each step is a compare-and-swap, so a record saved meanwhile is never overwritten with older content; a record
 * that changed is looked at again in the next pass.
 */
export async function finishRekey(this: CoreStore): Promise<void> {
  let done = 0;
  let settled = false;
  for (let pass = 0; pass < 3 && !settled; pass++) {
    let pending = 0;
    for (const store of SEALABLE) {
      for (const [key, row] of await this.exec((b) => b.entries(store))) {
        const target = this.writeKid;
        if (kidOf(row) === target) continue;
        pending++;
        let value: unknown;
        try {
          value = await this.fromRow(store, key, row);
        } catch (e) {
          if (!(e instanceof DamagedRowError)) throw e;
          // A row no key opens cannot be re-encrypted: moved aside (kept), so the change of passphrase completes.
          await this.moveAside(store, key, row, e.reason);
          continue;
        }
        const next = await this.toRow(store, key, value);
        const r = await this.exec((b) => b.write([{ store, key, value: next }], { kid: target, unchanged: { store, key, row } }));
        if (r === 'stale-key') {
          await this.refreshKeyState();
          throw new LockedError();
        }
        await this.o.unsafeTestOnRekeyStep?.(++done);
      }
    }
    settled = pending === 0;
  }
  if (!settled) return; // Still being written to: the next unlock finishes.
  const ring = await this.readKeyring();
  if (!ring?.rekeying) return;
  const current = ring.current;
  if (current === null) {
    if ((await this.exec((b) => b.write([{ store: 'meta', key: KEYRING }], { kid: null }))) !== 'ok') return;
    this.encrypted = false;
    this.dropKeys();
  } else {
    const final: Keyring = { ...ring, keys: { [current]: ring.keys[current]! }, rekeying: false };
    if ((await this.exec((b) => b.write([{ store: 'meta', key: KEYRING, value: final }], { kid: current }))) !== 'ok') return;
    const dek = this.keys?.get(current);
    if (dek) this.keys = new Map([[current, dek]]);
    else this.dropKeys();
  }
  this.notify();
}

/**
 * Move a damaged row into the quarantine store, in one transaction with its removal from where it was (a profile
 * takes its list row along). Only if the row is still the one that was read: a draft autosaved meanwhile is
 * never deleted; the damaged one is then kept in quarantine all the same. Not while locked (it stays and is met
 * again after unlocking).
 */
export async function moveAside(this: CoreStore, store: StoreName, key: string, row: unknown, reason: DamageReason, content?: unknown): Promise<void> {
  if (this.encrypted && !this.keys) return;
  const record: QuarantinedRecord = { id: `${store}/${key}/${new Date(this.now()).toISOString()}/${randomId(3)}`, store, key, movedAt: new Date(this.now()).toISOString(), reason };
  if (content !== undefined) record.content = content;
  else if (isSealed(row)) {
    try {
      const sl = row.sealed;
      record.ciphertext = { kid: String(sl.kid), iv: toBase64(sl.iv), ct: toBase64(sl.ct) };
    } catch {
      record.content = row;
    }
  } else record.content = row;
  const kid = this.writeKid;
  const put: Op = { store: 'quarantine', key: record.id, value: await this.toRow('quarantine', record.id, record) };
  const remove: Op[] = [{ store, key }, ...(store === 'profiles' ? [{ store: 'summaries' as const, key }] : [])];
  let r = await this.exec((b) => b.write([put, ...remove], { kid, unchanged: { store, key, row } }));
  // Changed meanwhile (a newer draft saved): keep the damaged copy anyway, leave the new record alone. A list row
  // is derived data: if it went, its profile was moved aside with it.
  if (r === 'changed' && store !== 'summaries') r = await this.exec((b) => b.write([put], { kid }));
  if (r === 'stale-key') {
    await this.refreshKeyState();
    throw new LockedError();
  }
  for (const l of this.quarantineListeners) l();
}

/**
 * A list row failed its check. It is derived from its profile: built again from the profile when that reads
 * well; when the profile is damaged too it was moved aside (taking the row along); with no profile at all, the
 * row itself is moved aside.
 */
export async function repairSummary(this: CoreStore, id: string, row: unknown): Promise<ProfileSummary | null> {
  const profileRow = await this.exec((b) => b.get('profiles', id));
  if (profileRow === undefined) {
    await this.moveAside('summaries', id, row, { code: 'invalid', path: '', zh: '列表条目已损坏，且没有对应的档案', en: 'the list row is damaged and has no profile' }, isSealed(row) ? undefined : row);
    return null;
  }
  const p = await this.readChecked<Profile>('profiles', id, profileRow);
  if (!p) return null;
  const summary = summarize(p);
  await this.writeData(async () => [{ store: 'summaries', key: id, value: await this.toRow('summaries', id, summary) }]);
  return summary;
}
