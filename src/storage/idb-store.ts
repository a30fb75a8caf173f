/**
 * The IndexedDB store: schema, versioned migrations, write test at open, and the hand-over to memory when the
 * browser refuses or takes the database away. The only file that opens IndexedDB.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  BackendError, INLINE_KEYS, KEYRING, MemoryBackend, STORE_NAMES, isSealed, keyringKid, sameRow,
  type Backend, type Dump, type Guard, type Op, type Problem, type StoreName, type WriteResult,
} from './backend';
import { randomId } from './crypto';
import { buildStore, summarize, type CoreOptions, type Opener } from './store';
import type { HuiminStore, Profile } from './types';

export const DB_NAME = 'huimin';

/** Rows as stored: records in the clear, or `{ id?, sealed }` once a passphrase is set (see store.ts). */
export interface HuiminDB extends DBSchema {
  profiles: { key: string; value: { id: string } };
  summaries: { key: string; value: { id: string } };
  draft: { key: string; value: unknown };
  settings: { key: string; value: unknown };
  meta: { key: string; value: unknown };
  figures: { key: string; value: { id: string } };
  quarantine: { key: string; value: { id: string } };
}

type UpgradeTx = IDBPTransaction<HuiminDB, StoreNames<HuiminDB>[], 'versionchange'>;
export type Migration = (db: IDBPDatabase<HuiminDB>, tx: UpgradeTx) => void | Promise<void>;

/**
 * MIGRATIONS[n] takes the database from version n to n + 1. Only ever append; each step only adds, so data from any
 * earlier version survives. Steps see rows as stored (possibly encrypted: no key exists during an upgrade).
 */
export const MIGRATIONS: readonly Migration[] = [
  // → v1: profiles, the wizard draft, settings.
  (db) => {
    db.createObjectStore('profiles', { keyPath: 'id' });
    db.createObjectStore('draft');
    db.createObjectStore('settings');
  },
  // → v2: light summaries, so listing 1,000 profiles does not load 1,000 households. Built from v1 profiles,
  // which were all in the clear (encryption came with v3).
  async (db, tx) => {
    db.createObjectStore('summaries', { keyPath: 'id' });
    const summaries = tx.objectStore('summaries');
    for (const p of await tx.objectStore('profiles').getAll()) {
      if (!isSealed(p)) await summaries.put(summarize(p as Profile));
    }
  },
  // → v3: meta — write probe, keyring, failed-unlock counter.
  (db) => {
    db.createObjectStore('meta');
  },
  // → v4: figures entered on this device and imported from region files (engine/overlay.ts), one row each.
  (db) => {
    db.createObjectStore('figures', { keyPath: 'id' });
  },
  // → v5: records that failed their check on reading (damaged, unknown version, another key), moved aside instead
  // of used or deleted, until the user exports or discards them (store.ts, records.ts).
  (db) => {
    db.createObjectStore('quarantine', { keyPath: 'id' });
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface StoreOptions extends CoreOptions {
  /** Database name (tests use one per test). */
  name?: string;
  /** Defaults to `globalThis.indexedDB`; null means "not available". */
  indexedDB?: IDBFactory | null;
  /** How long to wait for another tab holding an older version before using memory. */
  blockedTimeoutMs?: number;
}

/** The app's store. `open()` never throws; see `status()` for where data is kept. */
export function createStore(options: StoreOptions = {}): HuiminStore {
  const factory = options.indexedDB === undefined ? globalThis.indexedDB : options.indexedDB;
  return buildStore(idbOpener(options.name ?? DB_NAME, factory ?? null, options.blockedTimeoutMs ?? 3000), options, 'indexeddb');
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** What an IndexedDB failure means for the user. */
export function problemOf(e: unknown): Problem {
  const name = e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') return 'quota';
  if (name === 'InvalidStateError' || name === 'AbortError' || name === 'TransactionInactiveError') return 'closed';
  return 'error';
}

/** Errors that mean the data itself is wrong (not the storage): they go to the caller, no fallback. */
function isCallerError(e: unknown): boolean {
  return e instanceof TypeError || (e instanceof Error && (e.name === 'DataCloneError' || e.name === 'DataError'));
}

function idbOpener(name: string, factory: IDBFactory | null, blockedTimeoutMs: number): Opener {
  return (lost) =>
    new Promise((resolve) => {
      let settled = false;
      let blockedTimer: ReturnType<typeof setTimeout> | undefined;
      const fallback = (problem: Problem, detail: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(blockedTimer);
        resolve({ backend: new MemoryBackend(), problem, detail });
      };
      if (!factory) return fallback('unavailable', 'IndexedDB is not available in this browser');
      let req: IDBOpenDBRequest;
      try {
        req = factory.open(name, SCHEMA_VERSION);
      } catch (e) {
        return fallback('unavailable', message(e)); // e.g. SecurityError in some private modes
      }
      let upgradeError: unknown;
      req.onupgradeneeded = (ev) => {
        const db = wrap(req.result) as unknown as IDBPDatabase<HuiminDB>;
        const tx = wrap(req.transaction!) as unknown as UpgradeTx;
        tx.done.catch(() => undefined); // an aborted upgrade is reported through req.onerror
        void (async () => {
          for (let v = ev.oldVersion; v < SCHEMA_VERSION; v++) await MIGRATIONS[v]!(db, tx);
        })().catch((e: unknown) => {
          upgradeError = e;
          try {
            req.transaction?.abort(); // the old data stays as it was
          } catch {
            /* already finished */
          }
        });
      };
      req.onblocked = () => {
        // Another tab keeps an older version open; it may close on its own (ours do, on versionchange).
        blockedTimer ??= setTimeout(() => fallback('unavailable', 'blocked: another tab keeps an older version of the database open'), blockedTimeoutMs);
      };
      req.onerror = (ev) => {
        ev.preventDefault();
        fallback(upgradeError ? 'error' : problemOf(req.error), message(upgradeError ?? req.error));
      };
      req.onsuccess = () => {
        const raw = req.result;
        if (settled) return raw.close(); // gave up waiting; the upgrade is done for next time
        const backend = new IdbBackend(raw);
        raw.onclose = () => lost('closed', 'the browser closed the database');
        raw.onversionchange = () => lost('closed', 'a newer version of the app opened the database in another tab');
        backend.probe().then(
          () => {
            if (settled) return backend.close();
            settled = true;
            clearTimeout(blockedTimer);
            resolve({ backend });
          },
          (e: unknown) => {
            backend.close();
            fallback(problemOf(e), `write test failed: ${message(e)}`);
          },
        );
      };
    });
}

class IdbBackend implements Backend {
  readonly kind = 'indexeddb' as const;
  private readonly db: IDBPDatabase<HuiminDB>;
  /**
   * Rows read or written this session. If the browser takes the database away and it cannot be read any more,
   * the memory store starts from these rather than from nothing.
   */
  private readonly seen = new Map<StoreName, Map<string, unknown>>(STORE_NAMES.map((s) => [s, new Map()]));

  constructor(private readonly raw: IDBDatabase) {
    this.db = wrap(raw) as unknown as IDBPDatabase<HuiminDB>;
  }

  /** Write, read back, delete: proves the database can be used before trusting it with a household. */
  async probe(): Promise<void> {
    const stamp = randomId();
    const tx = this.db.transaction('meta', 'readwrite');
    const s = tx.objectStore('meta');
    const [, back] = await Promise.all([s.put({ stamp }, 'probe'), s.get('probe'), s.delete('probe'), tx.done]);
    if ((back as { stamp?: string } | undefined)?.stamp !== stamp) throw new Error('the write test read back something else');
  }

  private remember(store: StoreName, key: string, value: unknown): void {
    if (value === undefined) this.seen.get(store)!.delete(key);
    else this.seen.get(store)!.set(key, value);
  }

  private async guarded<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isCallerError(e)) throw e;
      throw new BackendError(problemOf(e), message(e));
    }
  }

  get(store: StoreName, key: string): Promise<unknown> {
    return this.guarded(async () => {
      const v: unknown = await this.db.get(store, key);
      this.remember(store, key, v);
      return v;
    });
  }

  getAll(store: StoreName): Promise<unknown[]> {
    if (!INLINE_KEYS.has(store)) return this.entries(store).then((e) => e.map(([, v]) => v));
    return this.guarded(async () => {
      const all: unknown[] = await this.db.getAll(store);
      for (const v of all) this.remember(store, (v as { id: string }).id, v);
      return all;
    });
  }

  entries(store: StoreName): Promise<[string, unknown][]> {
    return this.guarded(async () => {
      const tx = this.db.transaction(store);
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
      const out = keys.map((k, i): [string, unknown] => [String(k), values[i]]);
      for (const [k, v] of out) this.remember(store, k, v);
      return out;
    });
  }

  write(ops: Op[], guard: Guard = {}): Promise<WriteResult> {
    return this.guarded(async () => {
      const names = new Set<StoreName>(ops.map((o) => o.store));
      if ('kid' in guard) names.add('meta');
      if (guard.unchanged) names.add(guard.unchanged.store);
      if (names.size === 0) return 'ok'; // a transaction over no store is an error, and there is nothing to do
      const tx = this.db.transaction([...names], 'readwrite');
      const refuse = async (r: WriteResult): Promise<WriteResult> => {
        tx.abort();
        await tx.done.catch(() => undefined);
        return r;
      };
      // Checks read inside the same transaction as the writes, so nothing can slip in between.
      if ('kid' in guard && keyringKid(await tx.objectStore('meta').get(KEYRING)) !== guard.kid) return refuse('stale-key');
      const u = guard.unchanged;
      if (u && !sameRow(await tx.objectStore(u.store).get(u.key), u.row)) return refuse('changed');
      await Promise.all([
        ...ops.map((o) => {
          const s = tx.objectStore(o.store);
          if (o.value === undefined) return s.delete(o.key);
          return INLINE_KEYS.has(o.store) ? s.put(o.value as { id: string }) : s.put(o.value, o.key);
        }),
        tx.done,
      ]);
      for (const o of ops) this.remember(o.store, o.key, o.value);
      return 'ok';
    });
  }

  clearAll(): Promise<void> {
    return this.guarded(async () => {
      const tx = this.db.transaction([...STORE_NAMES], 'readwrite');
      await Promise.all([...STORE_NAMES.map((s) => tx.objectStore(s).clear()), tx.done]);
      for (const m of this.seen.values()) m.clear();
    });
  }

  async dump(): Promise<Dump> {
    try {
      const tx = this.db.transaction([...STORE_NAMES]);
      const [parts] = await Promise.all([
        Promise.all(
          STORE_NAMES.map(async (s) => {
            const [keys, values] = await Promise.all([tx.objectStore(s).getAllKeys(), tx.objectStore(s).getAll()]);
            return [s, keys.map((k, i) => [String(k), values[i]])] as const;
          }),
        ),
        tx.done,
      ]);
      return Object.fromEntries(parts) as unknown as Dump;
    } catch {
      // The database cannot be read any more: keep what this session saw.
      return Object.fromEntries(STORE_NAMES.map((s) => [s, [...this.seen.get(s)!.entries()]])) as Dump;
    }
  }

  close(): void {
    this.raw.close();
  }
}
