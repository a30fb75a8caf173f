/**
 * Where rows live: IndexedDB or memory, behind one small interface, so encryption and the memory fallback are
 * written once. Rows are what is stored — plain records, or `{ id?, sealed }` when encrypted.
 */
import type { Sealed } from './crypto';
import type { StoreStatus } from './types';

export type StoreName = 'profiles' | 'summaries' | 'draft' | 'settings' | 'meta' | 'figures' | 'quarantine';
export const STORE_NAMES: readonly StoreName[] = ['profiles', 'summaries', 'draft', 'settings', 'meta', 'figures', 'quarantine'];
/** Stores whose rows carry their key as `id` (keyPath), the others use out-of-line keys. */
export const INLINE_KEYS: ReadonlySet<StoreName> = new Set(['profiles', 'summaries', 'figures', 'quarantine']);

export const KEYRING = 'keyring';

export interface SealedRow {
  id?: string;
  sealed: Sealed;
}

export function isSealed(row: unknown): row is SealedRow {
  return typeof row === 'object' && row !== null && 'sealed' in row;
}

/** Key id a row is encrypted with, null when in the clear. */
export function kidOf(row: unknown): string | null {
  return isSealed(row) ? row.sealed.kid : null;
}

/** One put (value given) or delete (value undefined). */
export interface Op {
  store: StoreName;
  key: string;
  value?: unknown;
}

/** Checked inside the write's transaction, so a check and its write are atomic. */
export interface Guard {
  /** The keyring's current key id must be this (null: no keyring, or one being removed). */
  kid?: string | null;
  /** The row must still be exactly this (compare-and-swap for re-encryption). */
  unchanged?: { store: StoreName; key: string; row: unknown };
}

export type WriteResult = 'ok' | 'stale-key' | 'changed';

export type Dump = Record<StoreName, [string, unknown][]>;

export type Problem = NonNullable<StoreStatus['problem']>;

/** The backend cannot be used any more; the store switches to memory. */
export class BackendError extends Error {
  constructor(
    readonly problem: Problem,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export interface Backend {
  readonly kind: StoreStatus['mode'];
  get(store: StoreName, key: string): Promise<unknown>;
  getAll(store: StoreName): Promise<unknown[]>;
  entries(store: StoreName): Promise<[string, unknown][]>;
  write(ops: Op[], guard?: Guard): Promise<WriteResult>;
  clearAll(): Promise<void>;
  /** Everything it can still give, for the switch to memory. Never throws. */
  dump(): Promise<Dump>;
  close(): void;
}

export function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Same row? Sealed rows by their IV (unique per write), plain rows by content. */
export function sameRow(a: unknown, b: unknown): boolean {
  if (isSealed(a) || isSealed(b)) {
    if (!isSealed(a) || !isSealed(b)) return false;
    return a.sealed.kid === b.sealed.kid && sameBytes(a.sealed.iv, b.sealed.iv);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export function keyringKid(ring: unknown): string | null {
  return (ring as { current?: string | null } | undefined)?.current ?? null;
}

/** Rows in Maps. Values are cloned in and out, as IndexedDB does, so callers cannot change stored data by accident. */
export class MemoryBackend implements Backend {
  readonly kind = 'memory' as const;
  private readonly data = new Map<StoreName, Map<string, unknown>>(STORE_NAMES.map((s) => [s, new Map()]));

  constructor(dump?: Dump) {
    if (dump) for (const s of STORE_NAMES) for (const [k, v] of dump[s] ?? []) this.map(s).set(k, v);
  }

  private map(s: StoreName): Map<string, unknown> {
    return this.data.get(s)!;
  }

  async get(store: StoreName, key: string): Promise<unknown> {
    const v = this.map(store).get(key);
    return v === undefined ? undefined : structuredClone(v);
  }

  async getAll(store: StoreName): Promise<unknown[]> {
    return structuredClone([...this.map(store).values()]);
  }

  async entries(store: StoreName): Promise<[string, unknown][]> {
    return structuredClone([...this.map(store).entries()]);
  }

  async write(ops: Op[], guard: Guard = {}): Promise<WriteResult> {
    if ('kid' in guard && keyringKid(this.map('meta').get(KEYRING)) !== guard.kid) return 'stale-key';
    const u = guard.unchanged;
    if (u && !sameRow(this.map(u.store).get(u.key), u.row)) return 'changed';
    // Clone everything first: a value that cannot be stored must leave nothing half-written.
    const values = ops.map((o) => (o.value === undefined ? undefined : structuredClone(o.value)));
    ops.forEach((o, i) => (values[i] === undefined ? this.map(o.store).delete(o.key) : this.map(o.store).set(o.key, values[i])));
    return 'ok';
  }

  async clearAll(): Promise<void> {
    for (const m of this.data.values()) m.clear();
  }

  async dump(): Promise<Dump> {
    return Object.fromEntries(STORE_NAMES.map((s) => [s, [...this.map(s).entries()]])) as Dump;
  }

  close(): void {}
}
