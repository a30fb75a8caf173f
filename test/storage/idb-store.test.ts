import { IDBFactory, IDBObjectStore, IDBDatabase, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/storage/idb-store';
import { createMemoryStore } from '../../src/storage/memory-store';
import { summarize } from '../../src/storage/store';
import type { StoreStatus } from '../../src/storage/types';
import { freshStore, makeDraft, makeProfile, rawRows, reopen } from './helpers';

afterEach(() => vi.restoreAllMocks());

/** Open a database at an old version by hand, the way an older build of the app left it. */
function openRaw(idb: IDBFactory, name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name, version);
    req.onupgradeneeded = () => upgrade(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function putRaw(db: IDBDatabase, store: string, value: unknown, key?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

describe('IndexedDB store', () => {
  it('opens on IndexedDB after a successful write test, and leaves no probe behind', async () => {
    const { store, idb, name } = freshStore();
    const seen: StoreStatus[] = [];
    store.onChange((s) => seen.push(s));
    expect(store.status().mode).toBe('indexeddb'); // no false alarm before open() has finished
    expect(await store.open()).toEqual({ mode: 'indexeddb', encrypted: false, locked: false });
    expect(seen).toEqual([{ mode: 'indexeddb', encrypted: false, locked: false }]);
    expect(await store.open()).toEqual(seen[0]); // once only
    expect(await rawRows(idb, name, 'meta')).toEqual([]);
  });

  it('saves and reads profiles, with summaries for the list, and survives reopening', async () => {
    const { store, idb, name } = freshStore();
    const p = makeProfile(1);
    await store.putProfile(p);
    expect(await store.getProfile(p.id)).toEqual(p);
    expect(await store.getProfile('nope')).toBeNull();
    expect(await store.listProfiles()).toEqual([summarize(p)]);
    expect(summarize(p)).toEqual({
      id: 'p0001', name: '王大爷家 1', region: 'cn-gd-jiangmen', memberCount: 2, updatedAt: p.updatedAt, village: '白沙村',
      followUp: false, lastVisit: p.lastVisit, eligible: ['dibao'], undetermined: ['medical-aid'],
    });
    store.close();
    const again = reopen(idb, name);
    expect(await again.getProfile(p.id)).toEqual(p);
  });

  it('a profile changed after saving does not change what was saved', async () => {
    const { store } = freshStore();
    const p = makeProfile(1);
    await store.putProfile(p);
    p.name = 'changed';
    expect((await store.getProfile(p.id))!.name).toBe('王大爷家 1');
  });

  it('saves a profile quickly (measured, not asserted)', async () => {
    const { store } = freshStore();
    await store.open();
    for (let i = 0; i < 5; i++) await store.putProfile(makeProfile(i)); // warm up
    const times: number[] = [];
    for (let i = 10; i < 60; i++) {
      const t = performance.now();
      await store.putProfile(makeProfile(i));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`[measure] save profile (fake-indexeddb, clear): median ${times[25]!.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (budget 20 ms)`);
    expect(await store.listProfiles()).toHaveLength(55);
  });

  it('lists 1,000 profiles from summaries, most recent first (time printed)', async () => {
    const { store } = freshStore();
    const all = Array.from({ length: 1000 }, (_, i) => makeProfile(i));
    await store.putProfiles(all);
    const t = performance.now();
    const list = await store.listProfiles();
    const ms = performance.now() - t;
    console.log(`[measure] list 1,000 profiles (fake-indexeddb, clear): ${ms.toFixed(1)} ms (budget 200 ms)`);
    expect(list).toHaveLength(1000);
    expect(list[0]!.id).toBe('p0999');
    expect(list[999]).toEqual(summarize(all[0]!));
  });

  it('deleting returns the profile so the UI can undo it with putProfile', async () => {
    const { store } = freshStore();
    const p = makeProfile(7);
    await store.putProfile(p);
    const removed = await store.deleteProfile(p.id);
    expect(removed).toEqual(p);
    expect(await store.getProfile(p.id)).toBeNull();
    expect(await store.listProfiles()).toEqual([]);
    expect(await store.deleteProfile(p.id)).toBeNull();
    await store.putProfile(removed!);
    expect(await store.getProfile(p.id)).toEqual(p);
    expect(await store.listProfiles()).toHaveLength(1);
  });

  it('autosaves the draft and reads it back after reopening; clearDraft removes it', async () => {
    const { store, idb, name } = freshStore();
    expect(await store.loadDraft()).toBeNull();
    for (const step of ['region', 'members', 'income']) await store.saveDraft(makeDraft({ step }));
    store.close();
    const again = reopen(idb, name);
    expect(await again.loadDraft()).toEqual(makeDraft({ step: 'income' }));
    await again.clearDraft();
    expect(await again.loadDraft()).toBeNull();
  });

  it('keeps settings', async () => {
    const { store } = freshStore();
    expect(await store.getSetting('lang')).toBeUndefined();
    await store.setSetting('lang', 'en');
    await store.setSetting('recent', { region: 'cn-gd-jiangmen', n: 3 });
    expect(await store.getSetting('lang')).toBe('en');
    expect(await store.getSetting('recent')).toEqual({ region: 'cn-gd-jiangmen', n: 3 });
  });
});

describe('schema migrations', () => {
  it('has one migration per version', () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
    for (const m of MIGRATIONS) expect(typeof m).toBe('function');
  });

  it('upgrades a version-1 database created by hand, keeping every record', async () => {
    const idb = new IDBFactory();
    const p1 = makeProfile(1);
    const p2 = makeProfile(2, { lastResult: undefined, village: undefined });
    delete p2.lastResult;
    delete p2.village;
    const v1 = await openRaw(idb, 'old', 1, (db) => {
      db.createObjectStore('profiles', { keyPath: 'id' });
      db.createObjectStore('draft');
      db.createObjectStore('settings');
    });
    await putRaw(v1, 'profiles', p1);
    await putRaw(v1, 'profiles', p2);
    await putRaw(v1, 'draft', makeDraft(), 'current');
    await putRaw(v1, 'settings', 'zh-CN', 'lang');
    v1.close();

    const store = reopen(idb, 'old');
    expect((await store.open()).mode).toBe('indexeddb');
    expect(await store.getProfile(p1.id)).toEqual(p1);
    expect(await store.getProfile(p2.id)).toEqual(p2);
    expect(await store.listProfiles()).toEqual([summarize(p2), summarize(p1)]);
    expect(await store.loadDraft()).toEqual(makeDraft());
    expect(await store.getSetting('lang')).toBe('zh-CN');
    // And it works as a current database afterwards.
    await store.putProfile(makeProfile(3));
    expect(await store.listProfiles()).toHaveLength(3);
    store.close();
    const db = await openRaw(idb, 'old', SCHEMA_VERSION, () => undefined);
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['draft', 'figures', 'meta', 'profiles', 'quarantine', 'settings', 'summaries']);
    db.close();
  });

  it('upgrades a version-2 database', async () => {
    const idb = new IDBFactory();
    const p = makeProfile(5);
    const v2 = await openRaw(idb, 'v2', 2, (db) => {
      db.createObjectStore('profiles', { keyPath: 'id' });
      db.createObjectStore('draft');
      db.createObjectStore('settings');
      db.createObjectStore('summaries', { keyPath: 'id' });
    });
    await putRaw(v2, 'profiles', p);
    await putRaw(v2, 'summaries', summarize(p));
    v2.close();
    const store = reopen(idb, 'v2');
    expect(await store.open()).toEqual({ mode: 'indexeddb', encrypted: false, locked: false });
    expect(await store.getProfile(p.id)).toEqual(p);
    expect(await store.listProfiles()).toEqual([summarize(p)]);
  });

  it('a failed migration leaves the old database as it was and runs in memory', async () => {
    const idb = new IDBFactory();
    const p = makeProfile(1);
    const v1 = await openRaw(idb, 'failing', 1, (db) => {
      db.createObjectStore('profiles', { keyPath: 'id' });
      db.createObjectStore('draft');
      db.createObjectStore('settings');
    });
    await putRaw(v1, 'profiles', p);
    await putRaw(v1, 'profiles', { ...makeProfile(2), lastResult: { programmes: 5 }, household: null }); // odd old row
    v1.close();
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('disk', 'UnknownError');
    });
    const store = reopen(idb, 'failing');
    expect(await store.open()).toMatchObject({ mode: 'memory', problem: 'error', detail: expect.stringMatching(/UnknownError/) });
    getAll.mockRestore();
    const db = await openRaw(idb, 'failing', 1, () => undefined);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['draft', 'profiles', 'settings']);
    db.close();
    // Next time it works, odd row included.
    const next = reopen(idb, 'failing');
    expect((await next.open()).mode).toBe('indexeddb');
    expect(await next.getProfile('p0001')).toEqual(p);
    expect((await next.listProfiles()).map((s) => [s.id, s.memberCount, s.eligible])).toEqual([['p0002', 0, []], ['p0001', 2, ['dibao']]]);
  });

  it('a database from a newer app version is left alone: memory mode, problem reported', async () => {
    const idb = new IDBFactory();
    (await openRaw(idb, 'future', SCHEMA_VERSION + 1, (db) => void db.createObjectStore('x'))).close();
    const store = reopen(idb, 'future');
    const s = await store.open();
    expect(s.mode).toBe('memory');
    expect(s.problem).toBe('error');
    expect(s.detail).toMatch(/VersionError/);
  });
});

describe('falling back to memory', () => {
  it('uses memory when IndexedDB is missing, and still works', async () => {
    const { store } = freshStore({ indexedDB: null });
    const seen: StoreStatus[] = [];
    store.onChange((s) => seen.push(s));
    const s = await store.open();
    expect(s).toMatchObject({ mode: 'memory', problem: 'unavailable' });
    expect(seen).toHaveLength(1);
    await store.putProfile(makeProfile(1));
    expect(await store.getProfile('p0001')).toEqual(makeProfile(1));
  });

  it('uses memory when indexedDB.open throws (e.g. a private mode SecurityError)', async () => {
    const idb = new IDBFactory();
    vi.spyOn(idb, 'open').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const { store } = freshStore({}, idb);
    expect(await store.open()).toMatchObject({ mode: 'memory', problem: 'unavailable', detail: expect.stringMatching(/SecurityError/) });
  });

  it('uses memory when the write test hits the quota', async () => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const { store } = freshStore();
    expect(await store.open()).toMatchObject({ mode: 'memory', problem: 'quota' });
    vi.restoreAllMocks();
    await store.saveDraft(makeDraft());
    expect(await store.loadDraft()).toEqual(makeDraft());
  });

  it('uses memory when another tab blocks the upgrade for too long', async () => {
    const idb = new IDBFactory();
    // An old tab that never closes its version-1 connection.
    const old = await openRaw(idb, 'blocked', 1, (db) => {
      db.createObjectStore('profiles', { keyPath: 'id' });
      db.createObjectStore('draft');
      db.createObjectStore('settings');
    });
    const store = reopen(idb, 'blocked', { blockedTimeoutMs: 30 });
    expect(await store.open()).toMatchObject({ mode: 'memory', problem: 'unavailable', detail: expect.stringMatching(/blocked/) });
    old.close();
  });

  it('a later quota error keeps the data in memory, switches mode and tells listeners', async () => {
    const { store } = freshStore();
    await store.putProfile(makeProfile(1));
    await store.setSetting('lang', 'en');
    const seen: StoreStatus[] = [];
    store.onChange((s) => seen.push(s));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await store.putProfile(makeProfile(2)); // does not throw
    expect(store.status()).toMatchObject({ mode: 'memory', problem: 'quota' });
    expect(seen).toEqual([store.status()]);
    // Everything that was in IndexedDB and the failed write are in memory.
    expect((await store.listProfiles()).map((s) => s.id)).toEqual(['p0002', 'p0001']);
    expect(await store.getProfile('p0002')).toEqual(makeProfile(2));
    expect(await store.getSetting('lang')).toBe('en');
    await store.saveDraft(makeDraft());
    expect(await store.loadDraft()).toEqual(makeDraft());
  });

  it('a transaction that cannot start (InvalidStateError) switches to memory with problem "closed"', async () => {
    const { store } = freshStore();
    await store.putProfile(makeProfile(1));
    await store.saveDraft(makeDraft());
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('closing', 'InvalidStateError');
    });
    await store.putProfile(makeProfile(2));
    expect(store.status()).toMatchObject({ mode: 'memory', problem: 'closed' });
    // The database cannot be read any more, so memory starts from what this session read or wrote.
    expect((await store.listProfiles()).map((s) => s.id).sort()).toEqual(['p0001', 'p0002']);
    expect(await store.getProfile('p0001')).toEqual(makeProfile(1));
    expect(await store.loadDraft()).toEqual(makeDraft());
  });

  it('a database closed by the browser (onclose) switches to memory, keeping what the session had', async () => {
    const idb = new IDBFactory();
    let raw: IDBDatabase | undefined;
    const realOpen = idb.open.bind(idb);
    vi.spyOn(idb, 'open').mockImplementation((n: string, v?: number) => {
      const req = realOpen(n, v);
      req.addEventListener('success', () => (raw = req.result));
      return req;
    });
    const { store } = freshStore({}, idb);
    await store.putProfile(makeProfile(1));
    const changed = new Promise<StoreStatus>((r) => store.onChange(r));
    expect(raw).toBeDefined();
    forceCloseDatabase(raw as unknown as Parameters<typeof forceCloseDatabase>[0]);
    expect(await changed).toMatchObject({ mode: 'memory', problem: 'closed' });
    expect(await store.getProfile('p0001')).toEqual(makeProfile(1));
    await store.putProfile(makeProfile(2));
    expect(await store.listProfiles()).toHaveLength(2);
  });

  it('a newer version opened in another tab (versionchange) hands everything over to memory and lets it upgrade', async () => {
    const { store, idb, name } = freshStore();
    for (let i = 0; i < 3; i++) await store.putProfile(makeProfile(i));
    store.close();
    const again = reopen(idb, name);
    await again.open(); // this session has read nothing yet
    const changed = new Promise<StoreStatus>((r) => again.onChange(r));
    const newer = await openRaw(idb, name, SCHEMA_VERSION + 1, () => undefined);
    expect(await changed).toMatchObject({ mode: 'memory', problem: 'closed' });
    expect((await again.listProfiles()).map((s) => s.id)).toEqual(['p0002', 'p0001', 'p0000']);
    expect(newer.version).toBe(SCHEMA_VERSION + 1);
    newer.close();
  });

  it('errors in the data itself are reported to the caller, not hidden by a fallback', async () => {
    const { store } = freshStore();
    const bad = { ...makeProfile(1), household: { fn: () => 1 } } as never;
    await expect(store.putProfile(bad)).rejects.toThrow();
    expect(store.status().mode).toBe('indexeddb');
    await expect(store.putProfile({ ...makeProfile(1), id: '' })).rejects.toThrow(TypeError);
  });
});

describe('memory store', () => {
  it('implements the same interface', async () => {
    const store = createMemoryStore();
    expect(await store.open()).toEqual({ mode: 'memory', encrypted: false, locked: false });
    const p = makeProfile(1);
    await store.putProfile(p);
    p.name = 'mutated';
    expect((await store.getProfile('p0001'))!.name).toBe('王大爷家 1');
    expect(await store.listProfiles()).toEqual([summarize(makeProfile(1))]);
    expect(await store.deleteProfile('p0001')).toEqual(makeProfile(1));
    await store.saveDraft(makeDraft());
    expect(await store.loadDraft()).toEqual(makeDraft());
    await store.setSetting('k', [1, 2]);
    expect(await store.getSetting('k')).toEqual([1, 2]);
  });
});
