/**
 * The store itself, over any {@link Backend}: summaries, encryption at rest, passphrase changes that survive a
 * closed tab, and the switch to memory when the backend fails. `createStore` (IndexedDB) and `createMemoryStore`
 * only differ in the backend they open.
 */
import {
  BackendError, KEYRING, MemoryBackend, isSealed, kidOf, sameBytes,
  type Backend, type Guard, type Op, type Problem, type SealedRow, type StoreName,
} from './backend';
import {
  decryptBytes, deriveKey, generateDataKey, isWrongKey, newPbkdf2Params, randomId, sealJson, toBase64, unwrapDataKey, utf8Decode,
  wrapDataKey, type IterationOptions, type Pbkdf2Params, type WrappedKey,
} from './crypto';
import { LockedError, PassphraseError } from './errors';
import { checkLocalFigure } from './figures';
import type {
  DamageReason, Draft, HuiminStore, LocalFigure, Profile, ProfileSummary, QuarantinedRecord, StoreStatus, UnlockResult,
} from './types';

/** The record checks (records.ts) load on the first read, not with the first screen. */
let checksModule: Promise<typeof import('./records')> | undefined;
const loadChecks = () => (checksModule ??= import('./records'));

/** Stores whose records are checked on reading (settings are checked by the caller's own check). */
type CheckedStore = 'draft' | 'profiles' | 'summaries' | 'figures';

/** A stored row that cannot be turned back into a record (another key, changed bytes, not JSON). */
class DamagedRowError extends Error {
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
const DRAFT_KEY = 'current';
const SEALABLE: readonly StoreName[] = ['profiles', 'summaries', 'draft', 'figures', 'quarantine'];
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
    undetermined: programmes.filter((r) => r.status === 'undetermined').map((r) => r.id),
  };
  if (p.village !== undefined) s.village = p.village;
  if (p.followUp !== undefined) s.followUp = p.followUp;
  if (p.lastVisit !== undefined) s.lastVisit = p.lastVisit;
  return s;
}

function checkPassphraseText(p: string): void {
  if (typeof p !== 'string' || p.length === 0) throw new PassphraseError('empty', '密码不能为空。', 'The passphrase cannot be empty.');
}

const OK: UnlockResult = { ok: true, waitMs: 0, failures: 0 };

/** `mode` is what `status()` says before `open()` has finished (listeners hear the real one when it has). */
export function buildStore(opener: Opener, o: CoreOptions = {}, mode: StoreStatus['mode'] = 'memory'): HuiminStore {
  return new CoreStore(opener, o, mode);
}

class CoreStore implements HuiminStore {
  private backend: Backend;
  private mode: StoreStatus['mode'];
  private opening?: Promise<StoreStatus>;
  private degrading?: Promise<void>;
  private problem?: Problem;
  private detail?: string;
  private encrypted = false;
  /** Data keys by id — only while unlocked, never stored in the clear. */
  private keys: Map<string, CryptoKey> | null = null;
  /** Key id new writes use; null writes in the clear. */
  private writeKid: string | null = null;
  /** Decrypted list rows, reused while their ciphertext is unchanged (same IV), so the list reopens fast. */
  private summaryCache = new Map<string, { iv: Uint8Array; summary: ProfileSummary }>();
  private readonly listeners = new Set<(s: StoreStatus) => void>();
  private readonly quarantineListeners = new Set<() => void>();
  /** Passphrase operations run one at a time, so parallel guesses cannot skip the delay. */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly opener: Opener,
    private readonly o: CoreOptions,
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

  private async doOpen(): Promise<StoreStatus> {
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

  private notify(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  // ── backend and its failures ────────────────────────────────────────────────────────────────────────────────

  /** Run on the backend; if it fails, switch to memory (keeping what it held) and run there, so nothing is lost. */
  private async exec<T>(fn: (b: Backend) => Promise<T>): Promise<T> {
    if (this.degrading) await this.degrading;
    try {
      return await fn(this.backend);
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      await this.degrade(e.problem, e.message);
      return fn(this.backend);
    }
  }

  private degrade(problem: Problem, detail: string): Promise<void> {
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
  private dropKeys(): void {
    this.keys = null;
    this.summaryCache = new Map();
  }

  private requireKeys(): void {
    if (this.encrypted && !this.keys) throw new LockedError();
  }

  private async toRow(store: StoreName, key: string, value: unknown): Promise<unknown> {
    const kid = this.writeKid;
    if (kid === null) return value;
    const dek = this.keys?.get(kid);
    if (!dek) throw new LockedError();
    const sealed = await sealJson(dek, kid, value, `${store}/${key}`);
    return store === 'draft' ? { sealed } : { id: key, sealed };
  }

  private async fromRow<T>(store: StoreName, key: string, row: unknown): Promise<T | undefined> {
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
  private async decode<T>(store: CheckedStore, key: string, row: unknown): Promise<Decoded<T>> {
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
  private async readChecked<T>(store: CheckedStore, key: string, row: unknown): Promise<T | undefined> {
    const d = await this.decode<T>(store, key, row);
    if (d.ok) return d.value;
    await this.moveAside(store, key, row, d.reason, d.content);
    return undefined;
  }

  /**
   * Move a damaged row into the quarantine store, in one transaction with its removal from where it was (a profile
   * takes its list row along). Only if the row is still the one that was read: a draft autosaved meanwhile is
   * never deleted; the damaged one is then kept in quarantine all the same. Not while locked (it stays and is met
   * again after unlocking).
   */
  private async moveAside(store: StoreName, key: string, row: unknown, reason: DamageReason, content?: unknown): Promise<void> {
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

  /** Write records built for the current key; if another tab changed the keyring meanwhile, catch up once. */
  private async writeData(build: () => Promise<Op[]>): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      this.requireKeys();
      const kid = this.writeKid;
      const ops = await build();
      if ((await this.exec((b) => b.write(ops, { kid }))) === 'ok') return;
      await this.refreshKeyState();
    }
    throw new LockedError();
  }

  private async readKeyring(): Promise<Keyring | undefined> {
    return (await this.exec((b) => b.get('meta', KEYRING))) as Keyring | undefined;
  }

  /** Re-read the keyring after another tab changed it; lock if our keys no longer fit. */
  private async refreshKeyState(): Promise<void> {
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

  /**
   * A list row failed its check. It is derived from its profile: built again from the profile when that reads
   * well; when the profile is damaged too it was moved aside (taking the row along); with no profile at all, the
   * row itself is moved aside.
   */
  private async repairSummary(id: string, row: unknown): Promise<ProfileSummary | null> {
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

  async exportQuarantined(id: string): Promise<string> {
    const q = (await this.listQuarantined()).find((r) => r.id === id);
    if (!q) throw new Error(`找不到损坏的记录 ${id} / no damaged record ${id}`);
    return JSON.stringify({ format: 'huimin-damaged-record', formatVersion: 1, exportedAt: new Date(this.now()).toISOString(), ...q }, null, 2);
  }

  async discardQuarantined(id: string): Promise<void> {
    await this.open();
    this.requireKeys();
    await this.exec((b) => b.write([{ store: 'quarantine', key: id }]));
    for (const l of this.quarantineListeners) l();
  }

  async checkAll(): Promise<number> {
    await this.open();
    this.requireKeys();
    const before = (await this.exec((b) => b.entries('quarantine'))).length;
    await this.loadDraft();
    for (const [key, row] of await this.exec((b) => b.entries('profiles'))) await this.readChecked('profiles', key, row);
    await this.listProfiles();
    await this.listFigures();
    return (await this.exec((b) => b.entries('quarantine'))).length - before;
  }

  async setSetting<T>(key: string, value: T): Promise<void> {
    await this.open();
    await this.exec((b) => b.write([{ store: 'settings', key, value }]));
  }

  // ── passphrase ──────────────────────────────────────────────────────────────────────────────────────────────

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.chain.then(fn, fn);
    this.chain = r.catch(() => undefined);
    return r;
  }

  /**
   * Check a passphrase against the keyring. After wrong guesses the next one is not even tried before the wait is
   * over; the count lives in meta so reloading the tab does not reset it. (This only slows guessing in the app;
   * against a copied database, the PBKDF2 cost is what protects.)
   */
  private async check(p: string, ring: Keyring, extractable: boolean): Promise<{ result: UnlockResult; keys?: Map<string, CryptoKey> }> {
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

  /** Write a new keyring (only if the current one is still `expected`) and start using it. */
  private async installKeyring(ring: Keyring, expected: string | null, keys: Map<string, CryptoKey>): Promise<void> {
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

  setPassphrase(passphrase: string): Promise<void> {
    return this.serial(async () => {
      await this.open();
      checkPassphraseText(passphrase);
      if (await this.readKeyring()) throw new PassphraseError('already-set', '已设置密码，请使用“修改密码”。', 'A passphrase is already set: change it instead.');
      await this.encryptUnder(passphrase, new Map(), null);
    });
  }

  /** New passphrase key and data key; `keep` are older data keys records may still use until re-encrypted. */
  private async encryptUnder(passphrase: string, keep: Map<string, CryptoKey>, expected: string | null): Promise<void> {
    const kdf = newPbkdf2Params(this.o);
    const kek = await deriveKey(passphrase, kdf, ['wrapKey', 'unwrapKey']);
    const kid = randomId();
    const wrapped: Record<string, WrappedKey> = {};
    for (const [k, dek] of keep) wrapped[k] = await wrapDataKey(dek, kek);
    wrapped[kid] = await wrapDataKey(await generateDataKey(), kek);
    const ring: Keyring = { kdf, keys: wrapped, current: kid, rekeying: true };
    // Keep in memory only non-extractable copies.
    await this.installKeyring(ring, expected, await unwrapAll(ring, kek, false));
    await this.finishRekey();
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

  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<UnlockResult> {
    return this.serial(async () => {
      await this.open();
      checkPassphraseText(newPassphrase);
      const ring = await this.readKeyring();
      if (!ring) throw new PassphraseError('not-set', '尚未设置密码。', 'No passphrase is set.');
      // Extractable, only here: old data keys are re-wrapped under the new passphrase until no record uses them.
      const c = await this.check(oldPassphrase, ring, true);
      if (!c.keys) return c.result;
      await this.encryptUnder(newPassphrase, c.keys, ring.current);
      return c.result;
    });
  }

  removePassphrase(passphrase: string): Promise<UnlockResult> {
    return this.serial(async () => {
      await this.open();
      const ring = await this.readKeyring();
      if (!ring) return OK;
      const c = await this.check(passphrase, ring, false);
      if (!c.keys) return c.result;
      // The keyring stays, under the old passphrase, until the last record is decrypted: an interrupted removal
      // resumes at the next unlock and no key is ever stored in the clear.
      await this.installKeyring({ ...ring, current: null, rekeying: true }, ring.current, c.keys);
      await this.finishRekey();
      return c.result;
    });
  }

  /**
   * Bring every record to the current key (or to the clear), one record per transaction, then drop the old keys.
   * Each step is a compare-and-swap, so a record saved meanwhile is never overwritten with older content; a record
   * that changed is looked at again in the next pass.
   */
  private async finishRekey(): Promise<void> {
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

async function unwrapAll(ring: Keyring, kek: CryptoKey, extractable: boolean): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const [kid, w] of Object.entries(ring.keys)) keys.set(kid, await unwrapDataKey(w, kek, extractable));
  return keys;
}
