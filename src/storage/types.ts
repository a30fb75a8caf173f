/**
 * What the app stores and the interface it stores it through. Only `src/storage` touches IndexedDB; the app talks
 * to a {@link Store}. When IndexedDB is unavailable or fails, the store falls back to memory and says so.
 */
import type { Household } from '../engine/household';
import type { Amount, Status } from '../engine/report';

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
  programmes: { id: string; status: Status; amount: Amount | null; alreadyReceives: boolean }[];
  totals: { month: Amount; year: Amount };
  /** Programme ids still undetermined and the questions that would decide them. */
  missing: string[];
}

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

  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting<T>(key: string, value: T): Promise<void>;
}
