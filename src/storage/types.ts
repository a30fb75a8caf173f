/**
 * What the app stores and the interface it stores it through. Only `src/storage` touches IndexedDB; the app talks
 * to a {@link Store}. When IndexedDB is unavailable or fails, the store falls back to memory and says so.
 */
import type { Household } from '../engine/household';
import type { LocalFigure } from '../engine/overlay';
import type { Amount, Figure, Status } from '../engine/report';

export type ApplicationState = 'to-apply' | 'applied' | 'approved' | 'refused';

export interface VisitNote {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  text: string;
}

/** What a result looked like when it was saved, to say "what changed since" on reopening. */
export interface ResultSnapshot {
  rulesVersion: string;
  /** Evaluation date used. */
  date: string;
  /** ISO time it was computed. */
  computedAt: string;
  /**
   * `figures`: the figures behind the result that were entered on the device or came from a region file.
   * `quiet`: undetermined only because a private question (HIV status) was left blank — not listed against the
   * household (src/shared/sensitive.ts).
   */
  programmes: { id: string; status: Status; amount: Amount | null; alreadyReceives: boolean; figures?: Figure[]; quiet?: true }[];
  totals: { month: Amount; year: Amount };
  /** Programme ids still undetermined and the questions that would decide them. */
  missing: string[];
}

/** A figure entered on this device or imported from a region file (see engine/overlay.ts). */
export type { LocalFigure };

export interface Profile {
  id: string;
  /** A name the user gives the household (e.g. 王大爷家). */
  name: string;
  household: Household;
  createdAt: string;
  updatedAt: string;
  lastResult?: ResultSnapshot;
  // Caseworker fields (all optional).
  village?: string;
  followUp?: boolean;
  /** YYYY-MM-DD */
  lastVisit?: string;
  notes?: VisitNote[];
  applications?: Record<string, ApplicationState>;
}

/** The light row a list shows, kept separately so 1,000 profiles list fast. */
export interface ProfileSummary {
  id: string;
  name: string;
  region: string;
  memberCount: number;
  updatedAt: string;
  village?: string;
  followUp?: boolean;
  lastVisit?: string;
  /** Programme ids found eligible / undetermined in lastResult. */
  eligible: string[];
  undetermined: string[];
}

/** The wizard's unsaved state, autosaved as the user types. */
export interface Draft {
  household: Household;
  /** Wizard step id. */
  step: string;
  /** The saved profile this draft edits, if any. */
  profileId?: string;
  name?: string;
  updatedAt: string;
  /**
   * The wizard's own answers that are not household facts (added by issue 10, optional): texts typed into number
   * fields that could not be read (by household path), "was anyone in hospital?", the household family-planning
   * question. Opaque to the storage layer.
   */
  wizard?: { invalid?: Record<string, string>; hospital?: boolean; familyPlanning?: boolean };
}

export interface StoreStatus {
  /** Where data is kept: IndexedDB, or memory only (lost when the tab closes). */
  mode: 'indexeddb' | 'memory';
  /** Why the store is in memory mode, when it is. */
  problem?: 'unavailable' | 'quota' | 'closed' | 'error';
  detail?: string;
  /** Encryption state. */
  encrypted: boolean;
  locked: boolean;
}

export interface Store {
  /** Open the database, run a write test, migrate if needed. Never throws: falls back to memory. */
  open(): Promise<StoreStatus>;
  status(): StoreStatus;
  /** Called when the store switches to memory mode or locks, so the UI can say so. */
  onChange(listener: (s: StoreStatus) => void): () => void;

  saveDraft(d: Draft): Promise<void>;
  loadDraft(): Promise<Draft | null>;
  clearDraft(): Promise<void>;

  listProfiles(): Promise<ProfileSummary[]>;
  getProfile(id: string): Promise<Profile | null>;
  putProfile(p: Profile): Promise<void>;
  /** Deletes and returns the profile, so the UI can offer undo via putProfile. */
  deleteProfile(id: string): Promise<Profile | null>;

  /** `check`, when given, decides whether the stored value is usable; one that is not is moved aside (undefined). */
  getSetting<T>(key: string, check?: (value: unknown) => value is T): Promise<T | undefined>;
  setSetting<T>(key: string, value: T): Promise<void>;

  /** Figures entered on this device and imported from region files (encrypted with the households). */
  listFigures(): Promise<LocalFigure[]>;
  /** Save figures (new or changed), all or none. */
  putFigures(fs: LocalFigure[]): Promise<void>;
  deleteFigures(ids: string[]): Promise<void>;
}

// ── Additions by the storage layer (compatible: nothing above is renamed or removed) ──────────────────────────

/** Outcome of a passphrase check. Wrong guesses slow down: after n failures the next check waits 2^(n-1) s (≤ 60 s). */
export interface UnlockResult {
  ok: boolean;
  /** Why it failed: wrong passphrase, or called before the wait from earlier failures was over (not even checked). */
  reason?: 'wrong-passphrase' | 'too-soon';
  /** Milliseconds before the next attempt will be checked (0 when it may be tried now). */
  waitMs: number;
  /** Failed attempts in a row, kept across reloads. */
  failures: number;
}

/**
 * Protection at rest: an optional device passphrase. While it is set, profiles, the draft and their notes reach
 * IndexedDB only encrypted, and the key lives only in memory (dropped by `lock`). Settings stay in the clear, so
 * they must never hold personal facts.
 */
export interface EncryptedStoreControls {
  /** Turn encryption on (store must not be encrypted yet) and encrypt every record. */
  setPassphrase(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<UnlockResult>;
  /** Forget the key; reads and writes of households then throw `LockedError` until `unlock`. */
  lock(): void;
  /** Re-encrypts every record under a new key; resumes on the next unlock if interrupted. */
  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<UnlockResult>;
  /** Decrypts every record and turns encryption off; resumes on the next unlock (old passphrase) if interrupted. */
  removePassphrase(passphrase: string): Promise<UnlockResult>;
  /** Delete everything: profiles, draft, settings, keys. */
  wipe(): Promise<void>;
}

/** Why a record was moved aside: which check it failed, where in it, in Chinese and English. */
export interface DamageReason {
  /** `unreadable`: not a record at all (e.g. a truncated JSON text); `unknown-key`: encrypted with a key this
   * device does not have, or its bytes were changed; `invalid`: readable, but fails the check of its kind. */
  code: 'unreadable' | 'unknown-key' | 'invalid';
  /** Path inside the record of the first problem ('' for the whole record). */
  path: string;
  zh: string;
  en: string;
}

/**
 * A record that failed its check when it was read, moved aside (never deleted) so the app can go on without it.
 * Kept encrypted like households while the device lock is on.
 */
export interface QuarantinedRecord {
  id: string;
  /** Where it was: object store and key (`draft`/`current`, `profiles`/<id>, `settings`/<key> …). */
  store: string;
  key: string;
  /** ISO time it was moved aside. */
  movedAt: string;
  reason: DamageReason;
  /** The record as read, when it could be read (decrypted if it was encrypted). */
  content?: unknown;
  /**
   * The encrypted bytes, base64, when it could not be decrypted (another key, or changed bytes). (Not `sealed`:
   * that name marks an encrypted row, see backend.ts.)
   */
  ciphertext?: { kid: string; iv: string; ct: string };
}

/** Extras the storage layer offers beyond {@link Store}. */
export interface StoreExtras {
  /** Records moved aside because they failed their check on reading (oldest first). */
  listQuarantined(): Promise<QuarantinedRecord[]>;
  /** The damaged record as a JSON file for the office (what it was, where, why, and its content or bytes). */
  exportQuarantined(id: string): Promise<string>;
  /** Delete a damaged record for good (the user chose to). */
  discardQuarantined(id: string): Promise<void>;
  /** Called whenever a record is moved aside or discarded. */
  onQuarantine(listener: () => void): () => void;
  /** Read every household, the draft and the figures once, moving aside any that fail their check. */
  checkAll(): Promise<number>;
  /** Save many profiles in one transaction: all or none (used by import). */
  putProfiles(ps: Profile[]): Promise<void>;
  /** Close the database connection (tests, page unload). */
  close(): void;
}

/** What `createStore` and `createMemoryStore` return. */
export type HuiminStore = Store & EncryptedStoreControls & StoreExtras;
