/**
 * The store itself, over any {@link Backend}: summaries, encryption at rest, passphrase changes that survive a
 * closed tab, and the switch to memory when the backend fails. `createStore` (IndexedDB) and `createMemoryStore`
 * only differ in the backend they open.
 */
import {
  BackendError, KEYRING, MemoryBackend, isSealed, sameBytes,
  type Backend, type Op, type Problem, type SealedRow, type StoreName,
} from './backend';
import {
  decryptBytes, deriveKey, isWrongKey, sealJson, unwrapDataKey, utf8Decode, type IterationOptions, type Pbkdf2Params, type WrappedKey,
} from './crypto';
import { LockedError, PassphraseError } from './errors';
import { checkLocalFigure } from './figures';
import type {
  DamageReason, Draft, HuiminStore, LocalFigure, Profile, ProfileSummary, QuarantinedRecord, StoreStatus, UnlockResult,
} from './types';

/** The record checks (records.ts) load on the first read, not with the first screen. */
let checksModule: Promise<typeof import('./records')> | undefined;
const loadChecks = () => (checksModule ??= import('./records'));
/** Passphrase changes and the damaged-record list: not needed to draw the first screen (store-admin.ts). */
let adminModule: Promise<typeof import('./store-admin')> | undefined;
const admin = () => (adminModule ??= import('./store-admin'));

/** Stores whose records are checked on reading (settings are checked by the caller's own check). */
type CheckedStore = 'draft' | 'profiles' | 'summaries' | 'figures';

/** A stored row that cannot be turned back into a record (another key, changed bytes, not JSON). */
export class DamagedRowError extends Error {
  constructor(readonly reason: DamageReason) {
    super(reason.en);
    this.name = 'DamagedRowError';
  }
}

type Decoded<T> = { ok: true; value: T | undefined } | { ok: false; reason: DamageReason; content?: unknown };

export interface CoreOptions extends IterationOptions {
  /** Clock for the unlock delay (ms since epoch). */
  now?: () => number;
  /** TEST ONLY: called after each record is re-encrypted; throwing simulates a tab closed half-way. */
  unsafeTestOnRekeyStep?: (done: number) => void | Promise<void>;
}

/** Opens a backend; never throws (a failed open gives a memory backend and the problem). */
export type Opener = (lost: (problem: Problem, detail: string) => void) => Promise<{ backend: Backend; problem?: Problem; detail?: string }>;

/**
 * Data keys wrapped by the passphrase key. Holds more than one key only while records are being re-encrypted
 * (`rekeying`): then every record is readable with one of them, whatever point the re-encryption reached.
 */
export interface Keyring {
  kdf: Pbkdf2Params;
  keys: Record<string, WrappedKey>;
  /** Key new writes use; null while the passphrase is being removed (records are being decrypted). */
  current: string | null;
  rekeying: boolean;
}

interface Failures {
  count: number;
  /** When the last failure happened (ms). */
  at: number;
}

const FAILURES = 'unlock-failures';
export const DRAFT_KEY = 'current';
export const SEALABLE: readonly StoreName[] = ['profiles', 'summaries', 'draft', 'figures', 'quarantine'];
const MAX_DELAY_MS = 60_000;

/** Wait before the next passphrase check after `failures` wrong ones in a row: 0, 1, 2, 4, 8 … s, at most 60 s. */
export function unlockDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - 1));
}

/** The light list row. Optional fields are only set when present, so a summary equals one built again. */
export function summarize(p: Profile): ProfileSummary {
  // Defensive: migrations summarise rows from older versions, and one odd row must not block an upgrade.
  const programmes = Array.isArray(p.lastResult?.programmes) ? p.lastResult.programmes : [];
  const s: ProfileSummary = {
    id: p.id,
    name: p.name,
    region: p.household?.region ?? '',
    memberCount: Array.isArray(p.household?.members) ? p.household.members.length : 0,
    updatedAt: p.updatedAt,
    eligible: programmes.filter((r) => r.status === 'eligible').map((r) => r.id),
    // A private question left blank (HIV status) is not listed against every household with a child.
    undetermined: programmes.filter((r) => r.status === 'undetermined' && r.quiet !== true).map((r) => r.id),
  };
  if (p.village !== undefined) s.village = p.village;
  if (p.followUp !== undefined) s.followUp = p.followUp;
  if (p.lastVisit !== undefined) s.lastVisit = p.lastVisit;
  return s;
}

export function checkPassphraseText(p: string): void {
  if (typeof p !== 'string' || p.length === 0) throw new PassphraseError('empty', '密码不能为空。', 'The passphrase cannot be empty.');
}

export const OK: UnlockResult = { ok: true, waitMs: 0, failures: 0 };

/** `mode` is what `status()` says before `open()` has finished (listeners hear the real one when it has). */
export function buildStore(opener: Opener, o: CoreOptions = {}, mode: StoreStatus['mode'] = 'memory'): HuiminStore {
  return new CoreStore(opener, o, mode);
}

/** The store's state and building blocks are not private: store-admin.ts (a lazy chunk) works on them. */
export class CoreStore implements HuiminStore {
  backend: Backend;
  mode: StoreStatus['mode'];
  opening?: Promise<StoreStatus>;
  degrading?: Promise<void>;
  problem?: Problem;
  detail?: string;
  encrypted = false;
  /** Data keys by id — only while unlocked, never stored in the clear. */
  keys: Map<string, CryptoKey> | null = null;
  /** Key id new writes use; null writes in the clear. */
  writeKid: string | null = null;
  /** Decrypted list rows, reused while their ciphertext is unchanged (same IV), so the list reopens fast. */
  summaryCache = new Map<string, { iv: Uint8Array; summary: ProfileSummary }>();
  readonly listeners = new Set<(s: StoreStatus) => void>();
  readonly quarantineListeners = new Set<() => void>();
  /** Passphrase operations run one at a time, so parallel guesses cannot skip the delay. */
  chain: Promise<unknown> = Promise.resolve();
  readonly now: () => number;

  constructor(
    private readonly opener: Opener,
    readonly o: CoreOptions,
    mode: StoreStatus['mode'],
  ) {
    this.backend = new MemoryBackend();
    this.mode = mode;
    this.now = o.now ?? (() => Date.now());
  }

  // ── status ──────────────────────────────────────────────────────────────────────────────────────────────────

  open(): Promise<StoreStatus> {
    return (this.opening ??= this.doOpen());
  }

  async doOpen(): Promise<StoreStatus> {
    // The record checks are needed by the first read (the draft): fetch them while the database opens.
    void loadChecks().catch(() => undefined);
    try {
      const r = await this.opener((problem, detail) => void this.degrade(problem, detail));
      this.backend = r.backend;
      this.problem = r.problem;
      this.detail = r.detail;
      this.encrypted = (await this.exec((b) => b.get('meta', KEYRING))) !== undefined;
    } catch (e) {
      // Opener and memory never throw; this is the "never throws" promise kept even for bugs.
      this.backend = new MemoryBackend();
      this.problem = 'error';
      this.detail = String(e);
    }
    this.mode = this.backend.kind;
    this.notify();
    return this.status();
  }

  status(): StoreStatus {
    const s: StoreStatus = { mode: this.mode, encrypted: this.encrypted, locked: this.encrypted && !this.keys };
    if (this.problem) s.problem = this.problem;
    if (this.detail) s.detail = this.detail;
    return s;
  }

  onChange(listener: (s: StoreStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  // ── backend and its failures ────────────────────────────────────────────────────────────────────────────────

  /** Run on the backend; if it fails, switch to memory (keeping what it held) and run there, so nothing is lost. */
  async exec<T>(fn: (b: Backend) => Promise<T>): Promise<T> {
    if (this.degrading) await this.degrading;
    try {
      return await fn(this.backend);
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      await this.degrade(e.problem, e.message);
      return fn(this.backend);
    }
  }

  degrade(problem: Problem, detail: string): Promise<void> {
    if (this.degrading) return this.degrading;
    if (this.backend.kind === 'memory') return Promise.resolve();
    this.degrading = (async () => {
      const old = this.backend;
      const dump = await old.dump();
      old.close();
      this.backend = new MemoryBackend(dump);
      this.mode = 'memory';
      this.problem = problem;
      this.detail = detail;
      this.degrading = undefined;
      this.notify();
    })();
    return this.degrading;
  }

  close(): void {
    this.backend.close();
  }

  // ── rows ⇄ records ──────────────────────────────────────────────────────────────────────────────────────────

  /** Forget keys and everything decrypted with them. */
  dropKeys(): void {
    this.keys = null;
    this.summaryCache = new Map();
  }

  requireKeys(): void {
    if (this.encrypted && !this.keys) throw new LockedError();
  }

  async toRow(store: StoreName, key: string, value: unknown): Promise<unknown> {
    const kid = this.writeKid;
    if (kid === null) return value;
    const dek = this.keys?.get(kid);
    if (!dek) throw new LockedError();
    const sealed = await sealJson(dek, kid, value, `${store}/${key}`);
    return store === 'draft' ? { sealed } : { id: key, sealed };
  }

  async fromRow<T>(store: StoreName, key: string, row: unknown): Promise<T | undefined> {
    if (row === undefined) return undefined;
    this.requireKeys();
    if (!isSealed(row)) return row as T;
    const sealed = (row as SealedRow).sealed;
    const dek = this.keys?.get(sealed?.kid);
    if (!dek) {
      // Encrypted with a key we do not hold: another tab set or changed the passphrase (then we are locked now),
      // or a key this device never had (a record copied from elsewhere, or damaged): then it is the record's fault.
      await this.refreshKeyState();
      const ring = await this.readKeyring();
      if (!ring || (this.keys && !(String(sealed?.kid) in ring.keys))) {
        throw new DamagedRowError({ code: 'unknown-key', path: '', zh: '记录用本机没有的密钥加密，无法读取', en: 'the record is encrypted with a key this device does not have' });
      }
      throw new LockedError();
    }
    let text: string;
    try {
      text = utf8Decode(await decryptBytes(dek, sealed.iv, sealed.ct, `${store}/${key}`));
    } catch {
      throw new DamagedRowError({ code: 'unknown-key', path: '', zh: '记录无法解密（密钥不符或内容被改动）', en: 'the record cannot be decrypted (another key, or its bytes were changed)' });
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DamagedRowError({ code: 'unreadable', path: '', zh: '记录内容不完整，无法读取', en: 'the record is incomplete and cannot be read' });
    }
  }

  /** Decrypt and check a row of a checked store; what fails is reported, not thrown (LockedError still is). */
  async decode<T>(store: CheckedStore, key: string, row: unknown): Promise<Decoded<T>> {
    const checks = await loadChecks();
    let value: unknown;
    try {
      value = await this.fromRow(store, key, row);
    } catch (e) {
      if (e instanceof DamagedRowError) return { ok: false, reason: e.reason };
      throw e;
    }
    if (value === undefined) return { ok: true, value: undefined };
    const problems = checks.CHECKS[store](value);
    if (problems.length === 0) return { ok: true, value: value as T };
    const code = typeof value === 'object' && value !== null ? 'invalid' : 'unreadable';
    return { ok: false, reason: { code, ...problems[0]! }, content: value };
  }

  /** Read a row through its check; a row that fails is moved aside and reads as absent. */
  /** Move a damaged row aside (store-admin.ts: only ever needed when something is damaged). */
  async moveAside(store: StoreName, key: string, row: unknown, reason: DamageReason, content?: unknown): Promise<void> {
    return (await admin()).moveAside.call(this, store, key, row, reason, content);
  }

  async repairSummary(id: string, row: unknown): Promise<ProfileSummary | null> {
    return (await admin()).repairSummary.call(this, id, row);
  }

  async readChecked<T>(store: CheckedStore, key: string, row: unknown): Promise<T | undefined> {
    const d = await this.decode<T>(store, key, row);
    if (d.ok) return d.value;
    await this.moveAside(store, key, row, d.reason, d.content);
    return undefined;
  }



  /** Write records built for the current key; if another tab changed the keyring meanwhile, catch up once. */
  async writeData(build: () => Promise<Op[]>): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      this.requireKeys();
      const kid = this.writeKid;
      const ops = await build();
      if ((await this.exec((b) => b.write(ops, { kid }))) === 'ok') return;
      await this.refreshKeyState();
    }
    throw new LockedError();
  }

  async readKeyring(): Promise<Keyring | undefined> {
    return (await this.exec((b) => b.get('meta', KEYRING))) as Keyring | undefined;
  }

  /** Re-read the keyring after another tab changed it; lock if our keys no longer fit. */
  async refreshKeyState(): Promise<void> {
    const ring = await this.readKeyring();
    const before = JSON.stringify(this.status());
    this.encrypted = ring !== undefined;
    if (!ring) {
      this.dropKeys();
      this.writeKid = null;
    } else if (!this.keys || !Object.keys(ring.keys).every((k) => this.keys!.has(k))) {
      this.dropKeys();
    } else {
      this.writeKid = ring.current;
    }
    if (JSON.stringify(this.status()) !== before) this.notify();
  }

  // ── draft ───────────────────────────────────────────────────────────────────────────────────────────────────

  async saveDraft(d: Draft): Promise<void> {
    await this.open();
    await this.writeData(async () => [{ store: 'draft', key: DRAFT_KEY, value: await this.toRow('draft', DRAFT_KEY, d) }]);
  }

  async loadDraft(): Promise<Draft | null> {
    await this.open();
    this.requireKeys();
    const row = await this.exec((b) => b.get('draft', DRAFT_KEY));
    return (await this.readChecked<Draft>('draft', DRAFT_KEY, row)) ?? null;
  }

  async clearDraft(): Promise<void> {
    await this.open();
    await this.exec((b) => b.write([{ store: 'draft', key: DRAFT_KEY }]));
  }

  // ── profiles ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Most recently updated first. */
  async listProfiles(): Promise<ProfileSummary[]> {
    await this.open();
    this.requireKeys();
    const rows = await this.exec((b) => b.getAll('summaries'));
    const cache = new Map<string, { iv: Uint8Array; summary: ProfileSummary }>();
    const checks = await loadChecks();
    const list = await Promise.all(
      rows.map(async (r): Promise<ProfileSummary | null> => {
        const id = String((r as { id?: unknown } | null)?.id);
        if (!isSealed(r)) {
          if (checks.summaryProblems(r).length === 0) return r as ProfileSummary;
          return this.repairSummary(id, r);
        }
        const hit = this.summaryCache.get(id);
        const iv = r.sealed.iv;
        if (hit && sameBytes(hit.iv, iv)) {
          cache.set(id, hit);
          return structuredClone(hit.summary);
        }
        const d = await this.decode<ProfileSummary>('summaries', id, r);
        if (!d.ok || !d.value) return this.repairSummary(id, r);
        cache.set(id, { iv, summary: d.value });
        return structuredClone(d.value);
      }),
    );
    // Only if still unlocked: a lock() during the decryption must not leave names in memory.
    this.summaryCache = this.keys ? cache : new Map();
    return list
      .filter((x): x is ProfileSummary => x !== null)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }



  async getProfile(id: string): Promise<Profile | null> {
    await this.open();
    this.requireKeys();
    const row = await this.exec((b) => b.get('profiles', id));
    return (await this.readChecked<Profile>('profiles', id, row)) ?? null;
  }

  putProfile(p: Profile): Promise<void> {
    return this.putProfiles([p]);
  }

  async putProfiles(ps: Profile[]): Promise<void> {
    await this.open();
    if (ps.length === 0) return;
    for (const p of ps) {
      if (typeof p?.id !== 'string' || p.id === '') throw new TypeError('profile.id must be a non-empty string');
    }
    // Profile and summary in one transaction, so the list never disagrees with the records.
    await this.writeData(async () => {
      const ops = await Promise.all(
        ps.map(async (p): Promise<Op[]> => [
          { store: 'profiles', key: p.id, value: await this.toRow('profiles', p.id, p) },
          { store: 'summaries', key: p.id, value: await this.toRow('summaries', p.id, summarize(p)) },
        ]),
      );
      return ops.flat();
    });
  }

  async deleteProfile(id: string): Promise<Profile | null> {
    const existing = await this.getProfile(id);
    if (!existing) return null;
    await this.exec((b) => b.write([{ store: 'profiles', key: id }, { store: 'summaries', key: id }]));
    return existing;
  }

  // ── figures entered on this device (encrypted like households when the device lock is on) ───────────────────

  async listFigures(): Promise<LocalFigure[]> {
    await this.open();
    this.requireKeys();
    const rows = await this.exec((b) => b.entries('figures'));
    const out: LocalFigure[] = [];
    for (const [key, row] of rows) {
      // A damaged row is moved aside rather than used: a wrong figure is worse than an unknown one.
      const f = await this.readChecked<LocalFigure>('figures', key, row);
      if (f !== undefined) out.push(f);
    }
    return out.sort((a, b) => (a.region + a.param + a.from < b.region + b.param + b.from ? -1 : 1));
  }

  async putFigures(fs: LocalFigure[]): Promise<void> {
    await this.open();
    if (fs.length === 0) return;
    for (const f of fs) {
      const problems = checkLocalFigure(f);
      if (problems.length) throw new TypeError(`figure ${String(f?.id)}: ${problems.join('; ')}`);
    }
    await this.writeData(async () => Promise.all(fs.map(async (f): Promise<Op> => ({ store: 'figures', key: f.id, value: await this.toRow('figures', f.id, f) }))));
  }

  async deleteFigures(ids: string[]): Promise<void> {
    await this.open();
    this.requireKeys();
    if (ids.length) await this.exec((b) => b.write(ids.map((key) => ({ store: 'figures' as const, key }))));
  }

  // ── settings (in the clear: preferences only, never personal facts) ─────────────────────────────────────────

  async getSetting<T>(key: string, check?: (value: unknown) => value is T): Promise<T | undefined> {
    await this.open();
    const row = await this.exec((b) => b.get('settings', key));
    if (row === undefined || !check || check(row)) return row as T | undefined;
    await this.moveAside('settings', key, row, { code: 'invalid', path: '', zh: `设置“${key}”的值无效`, en: `the setting "${key}" has a value this app cannot use` });
    return undefined;
  }

  // ── damaged records, moved aside ────────────────────────────────────────────────────────────────────────────

  onQuarantine(listener: () => void): () => void {
    this.quarantineListeners.add(listener);
    return () => this.quarantineListeners.delete(listener);
  }

  async listQuarantined(): Promise<QuarantinedRecord[]> {
    return (await admin()).listQuarantined.call(this);
  }

  async exportQuarantined(id: string): Promise<string> {
    return (await admin()).exportQuarantined.call(this, id);
  }

  async discardQuarantined(id: string): Promise<void> {
    return (await admin()).discardQuarantined.call(this, id);
  }

  async checkAll(): Promise<number> {
    return (await admin()).checkAll.call(this);
  }





  async setSetting<T>(key: string, value: T): Promise<void> {
    await this.open();
    await this.exec((b) => b.write([{ store: 'settings', key, value }]));
  }

  // ── passphrase ──────────────────────────────────────────────────────────────────────────────────────────────

  serial<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.chain.then(fn, fn);
    this.chain = r.catch(() => undefined);
    return r;
  }

  /**
   * Check a passphrase against the keyring. After wrong guesses the next one is not even tried before the wait is
   * over; the count lives in meta so reloading the tab does not reset it. (This only slows guessing in the app;
   * against a copied database, the PBKDF2 cost is what protects.)
   */
  async check(p: string, ring: Keyring, extractable: boolean): Promise<{ result: UnlockResult; keys?: Map<string, CryptoKey> }> {
    const f = ((await this.exec((b) => b.get('meta', FAILURES))) as Failures | undefined) ?? { count: 0, at: 0 };
    const delay = unlockDelayMs(f.count);
    // min(): a clock set back must not make the wait longer than the delay itself.
    const wait = Math.min(delay, delay - (this.now() - f.at));
    if (wait > 0) return { result: { ok: false, reason: 'too-soon', waitMs: wait, failures: f.count } };
    try {
      const kek = await deriveKey(p, ring.kdf, ['wrapKey', 'unwrapKey']);
      const keys = await unwrapAll(ring, kek, extractable);
      if (f.count > 0) await this.exec((b) => b.write([{ store: 'meta', key: FAILURES }]));
      return { result: OK, keys };
    } catch (e) {
      if (!isWrongKey(e)) throw e;
      const count = f.count + 1;
      await this.exec((b) => b.write([{ store: 'meta', key: FAILURES, value: { count, at: this.now() } satisfies Failures }]));
      return { result: { ok: false, reason: 'wrong-passphrase', waitMs: unlockDelayMs(count), failures: count } };
    }
  }




  unlock(passphrase: string): Promise<UnlockResult> {
    return this.serial(async () => {
      await this.open();
      const ring = await this.readKeyring();
      if (!ring) {
        await this.refreshKeyState();
        return OK;
      }
      const c = await this.check(passphrase, ring, false);
      if (!c.keys) return c.result;
      this.encrypted = true;
      this.keys = c.keys;
      this.writeKid = ring.current;
      this.notify();
      // A passphrase change or removal was interrupted (tab closed): finish it now.
      if (ring.rekeying) await this.finishRekey();
      return c.result;
    });
  }

  lock(): void {
    if (!this.encrypted || !this.keys) return;
    this.dropKeys();
    this.notify();
  }

  setPassphrase(passphrase: string): Promise<void> {
    return admin().then((m) => m.setPassphrase.call(this, passphrase));
  }

  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<UnlockResult> {
    return admin().then((m) => m.changePassphrase.call(this, oldPassphrase, newPassphrase));
  }

  removePassphrase(passphrase: string): Promise<UnlockResult> {
    return admin().then((m) => m.removePassphrase.call(this, passphrase));
  }

  async finishRekey(): Promise<void> {
    return (await admin()).finishRekey.call(this);
  }




  wipe(): Promise<void> {
    return this.serial(async () => {
      await this.open();
      await this.exec((b) => b.clearAll());
      this.encrypted = false;
      this.dropKeys();
      this.writeKid = null;
      this.notify();
    });
  }
}

export async function unwrapAll(ring: Keyring, kek: CryptoKey, extractable: boolean): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const [kid, w] of Object.entries(ring.keys)) keys.set(kid, await unwrapDataKey(w, kek, extractable));
  return keys;
}
