import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAutoLock } from '../../src/storage/auto-lock';
import { isSealed } from '../../src/storage/backend';
import { MIN_PBKDF2_ITERATIONS } from '../../src/storage/crypto';
import { LockedError, PassphraseError } from '../../src/storage/errors';
import { createMemoryStore } from '../../src/storage/memory-store';
import { summarize, unlockDelayMs, type Keyring } from '../../src/storage/store';
import type { HuiminStore, Profile, StoreStatus } from '../../src/storage/types';
import { FAST, freshStore, makeDraft, makeProfile, rawRows, rawText, reopen } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

async function keyring(idb: IDBFactory, name: string): Promise<Keyring | undefined> {
  const meta = await rawRows(idb, name, 'meta');
  return meta.find((m) => typeof m === 'object' && m !== null && 'kdf' in m) as Keyring | undefined;
}

async function fill(store: HuiminStore, n: number): Promise<Profile[]> {
  const ps = Array.from({ length: n }, (_, i) => makeProfile(i));
  await store.putProfiles(ps);
  await store.saveDraft(makeDraft());
  return ps;
}

async function expectAll(store: HuiminStore, ps: Profile[]): Promise<void> {
  for (const p of ps) expect(await store.getProfile(p.id)).toEqual(p);
  expect(await store.listProfiles()).toEqual(ps.map(summarize).reverse());
  expect(await store.loadDraft()).toEqual(makeDraft());
}

describe('protection at rest', () => {
  it('encrypts every profile, summary, note and draft already stored and those saved later', async () => {
    const { store, idb, name } = freshStore(FAST);
    const ps = await fill(store, 5);
    expect(await rawText(idb, name)).toContain('王大爷家');
    const seen: StoreStatus[] = [];
    store.onChange((s) => seen.push(s));
    await store.setPassphrase('村里的密码 2025');
    expect(store.status()).toEqual({ mode: 'indexeddb', encrypted: true, locked: false });
    expect(seen.at(-1)).toEqual(store.status());
    const later = makeProfile(99, { name: '李阿姨家' });
    await store.putProfile(later);
    await store.setSetting('lang', 'zh-CN');

    const text = await rawText(idb, name);
    for (const secret of ['王大爷家', '李阿姨家', '住院自付', '白沙村', 'cn-gd-jiangmen', 'dibao', 'members', '1130']) {
      expect(text, secret).not.toContain(secret);
    }
    for (const s of ['profiles', 'summaries', 'draft']) {
      for (const row of await rawRows(idb, name, s)) {
        expect(isSealed(row), s).toBe(true);
        expect(Object.keys(row as object).sort()).toEqual(s === 'draft' ? ['sealed'] : ['id', 'sealed']);
      }
    }
    expect(text).toContain('zh-CN'); // settings stay readable (preferences only)
    await expectAll(store, [...ps, later]);
  });

  it('never stores the key in the clear: no raw key in IndexedDB, nothing in localStorage', async () => {
    const ls = new Map<string, string>();
    vi.stubGlobal('localStorage', { setItem: (k: string, v: string) => ls.set(k, v), getItem: (k: string) => ls.get(k) ?? null });
    const exportKey = vi.spyOn(crypto.subtle, 'exportKey');
    const { store, idb, name } = freshStore(FAST);
    await store.setPassphrase('pw');
    await store.putProfile(makeProfile(1));
    expect(ls.size).toBe(0);
    expect(exportKey).not.toHaveBeenCalled();
    const ring = (await keyring(idb, name))!;
    expect(Object.keys(ring).sort()).toEqual(['current', 'kdf', 'keys', 'rekeying']);
    const wrapped = Object.values(ring.keys);
    expect(wrapped).toHaveLength(1);
    expect(wrapped[0]!.key.byteLength).toBe(32 + 16); // 256-bit key + GCM tag: wrapped, not raw
    vi.unstubAllGlobals();
  });

  it('records the PBKDF2 parameters actually used; the default is at least 600,000 iterations', async () => {
    const fast = freshStore(FAST);
    await fast.store.setPassphrase('pw');
    expect((await keyring(fast.idb, fast.name))!.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 1000 });

    const prod = freshStore();
    const t = performance.now();
    await prod.store.setPassphrase('pw');
    console.log(`[measure] setPassphrase with production PBKDF2 (${MIN_PBKDF2_ITERATIONS}): ${(performance.now() - t).toFixed(0)} ms`);
    const kdf = (await keyring(prod.idb, prod.name))!.kdf;
    expect(kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
  });

  it('is locked after reopening; reads throw LockedError until unlocked; settings stay usable', async () => {
    const { store, idb, name } = freshStore(FAST);
    const ps = await fill(store, 3);
    await store.setPassphrase('pw');
    store.close();
    const again = reopen(idb, name, FAST);
    expect(await again.open()).toEqual({ mode: 'indexeddb', encrypted: true, locked: true });
    await expect(again.listProfiles()).rejects.toBeInstanceOf(LockedError);
    await expect(again.getProfile('p0000')).rejects.toThrow(/locked/);
    await expect(again.loadDraft()).rejects.toBeInstanceOf(LockedError);
    await expect(again.putProfile(makeProfile(9))).rejects.toBeInstanceOf(LockedError);
    await expect(again.saveDraft(makeDraft())).rejects.toBeInstanceOf(LockedError);
    await again.setSetting('lang', 'en');
    expect(await again.getSetting('lang')).toBe('en');
    expect(await again.unlock('pw')).toEqual({ ok: true, waitMs: 0, failures: 0 });
    expect(again.status().locked).toBe(false);
    await expectAll(again, ps);
  });

  it('lock() drops the key: reads fail with a clear LockedError, listeners hear it', async () => {
    const { store } = freshStore(FAST);
    await store.setPassphrase('pw');
    await store.putProfile(makeProfile(1));
    const seen: StoreStatus[] = [];
    store.onChange((s) => seen.push(s));
    store.lock();
    expect(seen).toEqual([{ mode: 'indexeddb', encrypted: true, locked: true }]);
    const e = await store.getProfile('p0001').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LockedError);
    expect((e as LockedError).zh).toMatch(/锁定/);
    expect((e as LockedError).en).toMatch(/locked/);
    await store.unlock('pw');
    expect(await store.getProfile('p0001')).toEqual(makeProfile(1));
  });

  it('wrong passphrases slow down: 1, 2, 4 … s (≤ 60 s), not even checked before the wait; kept across reopening', async () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(unlockDelayMs)).toEqual([0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    let now = 1_000_000;
    const { store, idb, name } = freshStore({ ...FAST, now: () => now });
    await store.setPassphrase('right');
    store.lock();
    expect(await store.unlock('wrong')).toEqual({ ok: false, reason: 'wrong-passphrase', waitMs: 1000, failures: 1 });
    // Too soon: refused without checking, even the right passphrase.
    now += 400;
    expect(await store.unlock('right')).toEqual({ ok: false, reason: 'too-soon', waitMs: 600, failures: 1 });
    expect(store.status().locked).toBe(true);
    now += 600;
    expect(await store.unlock('wrong')).toEqual({ ok: false, reason: 'wrong-passphrase', waitMs: 2000, failures: 2 });
    now += 2000;
    expect(await store.unlock('wrong')).toMatchObject({ reason: 'wrong-passphrase', waitMs: 4000, failures: 3 });
    // Reloading the tab does not reset the count.
    store.close();
    const again = reopen(idb, name, { ...FAST, now: () => now });
    expect(await again.unlock('right')).toEqual({ ok: false, reason: 'too-soon', waitMs: 4000, failures: 3 });
    // Parallel guesses do not skip the wait either.
    now += 4000;
    const [a, b] = await Promise.all([again.unlock('w1'), again.unlock('w2')]);
    expect(a).toMatchObject({ reason: 'wrong-passphrase', failures: 4 });
    expect(b).toMatchObject({ reason: 'too-soon', failures: 4 });
    now += 8000;
    expect(await again.unlock('right')).toEqual({ ok: true, waitMs: 0, failures: 0 });
    again.lock();
    expect(await again.unlock('wrong')).toMatchObject({ failures: 1, waitMs: 1000 }); // success reset the count
  });

  it('changes the passphrase: every record re-encrypted under a new key; old passphrase no longer works', async () => {
    const { store, idb, name } = freshStore(FAST);
    const ps = await fill(store, 10);
    await store.setPassphrase('old');
    const before = (await keyring(idb, name))!;
    expect(await store.changePassphrase('nope', 'new')).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await keyring(idb, name)).toEqual(before);
    const t = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000); // past the 1 s wait
    expect(await store.changePassphrase('old', 'new')).toEqual({ ok: true, waitMs: 0, failures: 0 });
    t.mockRestore();
    const after = (await keyring(idb, name))!;
    expect(after.rekeying).toBe(false);
    expect(Object.keys(after.keys)).toEqual([after.current]);
    expect(after.current).not.toBe(before.current);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    for (const s of ['profiles', 'summaries', 'draft']) {
      for (const row of await rawRows(idb, name, s)) expect((row as { sealed: { kid: string } }).sealed.kid).toBe(after.current);
    }
    await expectAll(store, ps);
    store.close();
    const again = reopen(idb, name, FAST);
    expect(await again.unlock('old')).toMatchObject({ ok: false });
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000);
    expect((await again.unlock('new')).ok).toBe(true);
    await expectAll(again, ps);
  });

  it('removes the passphrase: every record back in the clear, store no longer encrypted', async () => {
    const { store, idb, name } = freshStore(FAST);
    const ps = await fill(store, 4);
    await store.setPassphrase('pw');
    expect((await store.removePassphrase('pw')).ok).toBe(true);
    expect(store.status()).toEqual({ mode: 'indexeddb', encrypted: false, locked: false });
    expect(await keyring(idb, name)).toBeUndefined();
    expect(await rawRows(idb, name, 'profiles')).toEqual(ps);
    store.close();
    const again = reopen(idb, name, FAST);
    expect((await again.open()).encrypted).toBe(false);
    await expectAll(again, ps);
  });

  it('refuses an empty passphrase and setting one twice', async () => {
    const { store } = freshStore(FAST);
    await expect(store.setPassphrase('')).rejects.toBeInstanceOf(PassphraseError);
    await store.setPassphrase('pw');
    await expect(store.setPassphrase('again')).rejects.toMatchObject({ code: 'already-set' });
    await expect(store.changePassphrase('pw', '')).rejects.toMatchObject({ code: 'empty' });
  });

  it('encrypted save and list stay fast (measured, not asserted)', async () => {
    const { store } = freshStore(FAST);
    await store.setPassphrase('pw');
    await store.putProfiles(Array.from({ length: 1000 }, (_, i) => makeProfile(i)));
    const times: number[] = [];
    for (let i = 1000; i < 1050; i++) {
      const t = performance.now();
      await store.putProfile(makeProfile(i));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    store.lock();
    await store.unlock('pw');
    let t = performance.now();
    const list = await store.listProfiles();
    const firstMs = performance.now() - t;
    await store.putProfile(makeProfile(5, { name: '改名' }));
    t = performance.now();
    const again = await store.listProfiles();
    const againMs = performance.now() - t;
    console.log(`[measure] save profile (encrypted): median ${times[25]!.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms; list 1,050 encrypted summaries: ${firstMs.toFixed(1)} ms after unlock, ${againMs.toFixed(1)} ms when listed again`);
    expect(list).toHaveLength(1050);
    expect(list[0]).toEqual(summarize(makeProfile(1049)));
    // The reused rows are not stale: the renamed one is decrypted again.
    expect(again.find((s) => s.id === 'p0005')!.name).toBe('改名');
    expect(again.filter((s) => s.name === '改名')).toHaveLength(1);
    // And a locked store shows nothing, cached or not.
    store.lock();
    await expect(store.listProfiles()).rejects.toBeInstanceOf(LockedError);
  });

  it('wipe() deletes everything, keys included', async () => {
    const { store, idb, name } = freshStore(FAST);
    await fill(store, 3);
    await store.setSetting('lang', 'en');
    await store.setPassphrase('pw');
    await store.wipe();
    expect(store.status()).toEqual({ mode: 'indexeddb', encrypted: false, locked: false });
    for (const s of ['profiles', 'summaries', 'draft', 'settings', 'meta']) expect(await rawRows(idb, name, s), s).toEqual([]);
    expect(await store.listProfiles()).toEqual([]);
  });

  it('works the same in the memory store', async () => {
    const store = createMemoryStore(FAST);
    const ps = await fill(store, 3);
    await store.setPassphrase('pw');
    store.lock();
    await expect(store.listProfiles()).rejects.toBeInstanceOf(LockedError);
    expect((await store.unlock('pw')).ok).toBe(true);
    await expectAll(store, ps);
    expect((await store.changePassphrase('pw', 'pw2')).ok).toBe(true);
    expect((await store.removePassphrase('pw2')).ok).toBe(true);
    await expectAll(store, ps);
  });

  it('an encrypted store that falls back to memory stays encrypted and locked', async () => {
    const { store } = freshStore(FAST);
    await fill(store, 2);
    await store.setPassphrase('pw');
    const { IDBObjectStore } = await import('fake-indexeddb');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await store.putProfile(makeProfile(5));
    expect(store.status()).toEqual({ mode: 'memory', problem: 'quota', detail: expect.any(String), encrypted: true, locked: false });
    store.lock();
    await expect(store.getProfile('p0005')).rejects.toBeInstanceOf(LockedError);
    expect((await store.unlock('pw')).ok).toBe(true);
    expect(await store.getProfile('p0005')).toEqual(makeProfile(5));
  });
});

describe('two tabs', () => {
  it('a tab that did not see the passphrase being set never writes in the clear: it locks and asks', async () => {
    const { store: a, idb, name } = freshStore(FAST);
    await a.putProfile(makeProfile(1));
    const b = reopen(idb, name, FAST);
    await b.setPassphrase('pw');
    await expect(a.putProfile(makeProfile(2, { name: '秘密' }))).rejects.toBeInstanceOf(LockedError);
    expect(a.status()).toMatchObject({ encrypted: true, locked: true });
    expect(await rawText(idb, name)).not.toContain('秘密');
    expect((await a.unlock('pw')).ok).toBe(true);
    await a.putProfile(makeProfile(2, { name: '秘密' }));
    expect(await rawText(idb, name)).not.toContain('秘密');
    expect((await b.getProfile('p0002'))!.name).toBe('秘密');
  });

  it('a tab still holding the old key locks instead of writing records nobody could read', async () => {
    const { store: a, idb, name } = freshStore(FAST);
    await a.setPassphrase('old');
    await a.putProfile(makeProfile(1));
    const b = reopen(idb, name, FAST);
    expect((await b.changePassphrase('old', 'new')).ok).toBe(true);
    await expect(a.putProfile(makeProfile(2))).rejects.toBeInstanceOf(LockedError);
    expect(a.status().locked).toBe(true);
    expect((await a.unlock('new')).ok).toBe(true);
    await a.putProfile(makeProfile(2));
    expect(await b.getProfile('p0002')).toEqual(makeProfile(2));
    expect(await a.getProfile('p0001')).toEqual(makeProfile(1));
  });
});

describe('interrupted re-encryption', () => {
  /** Make re-encryption "close the tab" (throw) after `n` records. */
  const stopAfter = (n: number) => ({
    ...FAST,
    unsafeTestOnRekeyStep: (done: number) => {
      if (done === n) throw new Error('tab closed');
    },
  });

  it('a passphrase change stopped half-way resumes at the next unlock; no record is lost', async () => {
    const name = 'interrupted-change';
    const idb = new IDBFactory();
    const first = reopen(idb, name, FAST);
    const ps = await fill(first, 20);
    await first.setPassphrase('old');
    first.close();

    const half = reopen(idb, name, stopAfter(15));
    await half.open();
    await expect(half.changePassphrase('old', 'new')).rejects.toThrow('tab closed');
    half.close();

    const ring = (await keyring(idb, name))!;
    expect(ring.rekeying).toBe(true);
    expect(Object.keys(ring.keys)).toHaveLength(2);
    const kids = new Set<string>();
    for (const s of ['profiles', 'summaries', 'draft']) for (const r of await rawRows(idb, name, s)) kids.add((r as { sealed: { kid: string } }).sealed.kid);
    expect(kids.size).toBe(2); // really half-way: records under both keys

    const next = reopen(idb, name, FAST);
    expect(await next.open()).toMatchObject({ encrypted: true, locked: true });
    expect((await next.unlock('old')).ok).toBe(false); // the change was committed before re-encryption began
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000);
    expect((await next.unlock('new')).ok).toBe(true);
    const done = (await keyring(idb, name))!;
    expect(done.rekeying).toBe(false);
    expect(Object.keys(done.keys)).toEqual([done.current]);
    for (const s of ['profiles', 'summaries', 'draft']) {
      for (const r of await rawRows(idb, name, s)) expect((r as { sealed: { kid: string } }).sealed.kid).toBe(done.current);
    }
    await expectAll(next, ps);
  });

  it('records saved while a change was interrupted are kept too', async () => {
    const name = 'interrupted-writes';
    const idb = new IDBFactory();
    const first = reopen(idb, name, FAST);
    const ps = await fill(first, 6);
    await first.setPassphrase('a');
    first.close();
    const half = reopen(idb, name, stopAfter(3));
    await expect(half.changePassphrase('a', 'b')).rejects.toThrow('tab closed');
    // The tab carries on (still unlocked) and saves with the new key.
    const extra = makeProfile(50);
    await half.putProfile(extra);
    half.close();
    const next = reopen(idb, name, FAST);
    expect((await next.unlock('b')).ok).toBe(true);
    await expectAll(next, [...ps, extra]);
  });

  it('a passphrase removal stopped half-way resumes at the next unlock with the old passphrase', async () => {
    const name = 'interrupted-remove';
    const idb = new IDBFactory();
    const first = reopen(idb, name, FAST);
    const ps = await fill(first, 10);
    await first.setPassphrase('pw');
    first.close();
    const half = reopen(idb, name, stopAfter(7));
    await expect(half.removePassphrase('pw')).rejects.toThrow('tab closed');
    half.close();
    const rows = await rawRows(idb, name, 'profiles');
    expect(rows.filter(isSealed).length).toBeGreaterThan(0);
    expect(rows.filter((r) => !isSealed(r)).length).toBeGreaterThan(0);

    const next = reopen(idb, name, FAST);
    expect(await next.open()).toMatchObject({ encrypted: true, locked: true });
    expect((await next.unlock('pw')).ok).toBe(true);
    expect(next.status()).toMatchObject({ encrypted: false, locked: false });
    expect(await keyring(idb, name)).toBeUndefined();
    expect(await rawRows(idb, name, 'profiles')).toEqual(ps);
    await expectAll(next, ps);
  });

  it('setting a passphrase stopped half-way resumes at the next unlock', async () => {
    const name = 'interrupted-set';
    const idb = new IDBFactory();
    const first = reopen(idb, name, FAST);
    const ps = await fill(first, 8);
    first.close();
    const half = reopen(idb, name, stopAfter(5));
    await expect(half.setPassphrase('pw')).rejects.toThrow('tab closed');
    half.close();
    const next = reopen(idb, name, FAST);
    expect(await next.open()).toMatchObject({ encrypted: true, locked: true });
    expect((await next.unlock('pw')).ok).toBe(true);
    for (const r of await rawRows(idb, name, 'profiles')) expect(isSealed(r)).toBe(true);
    expect((await keyring(idb, name))!.rekeying).toBe(false);
    await expectAll(next, ps);
  });

  it('a second change after an interrupted one (without unlocking in between) still loses nothing', async () => {
    const name = 'interrupted-twice';
    const idb = new IDBFactory();
    const first = reopen(idb, name, FAST);
    const ps = await fill(first, 10);
    await first.setPassphrase('one');
    first.close();
    const half = reopen(idb, name, stopAfter(4));
    await expect(half.changePassphrase('one', 'two')).rejects.toThrow('tab closed');
    half.close();
    const next = reopen(idb, name, FAST);
    expect((await next.changePassphrase('two', 'three')).ok).toBe(true);
    const ring = (await keyring(idb, name))!;
    expect(Object.keys(ring.keys)).toEqual([ring.current]);
    await expectAll(next, ps);
  });

  it('a record saved while re-encryption runs is not overwritten with its older content', async () => {
    const { store, idb, name } = freshStore(FAST);
    const ps = await fill(store, 4);
    await store.setPassphrase('a');
    store.close();
    const changed = makeProfile(2, { name: '改过的名字' });
    const s: HuiminStore = reopen(idb, name, {
      ...FAST,
      // After the first record, the user saves p0002: re-encryption has already read its old row.
      unsafeTestOnRekeyStep: async (done) => {
        if (done === 1) await s.putProfile(changed);
      },
    });
    expect((await s.changePassphrase('a', 'b')).ok).toBe(true);
    expect(await s.getProfile('p0002')).toEqual(changed);
    await expectAll(s, ps.map((p) => (p.id === 'p0002' ? changed : p)));
    const ring = (await keyring(idb, name))!;
    expect(ring.rekeying).toBe(false);
    for (const r of await rawRows(idb, name, 'profiles')) expect((r as { sealed: { kid: string } }).sealed.kid).toBe(ring.current);
  });
});

describe('auto-lock', () => {
  it('locks after 5 minutes without use by default; touch() starts the time again', () => {
    vi.useFakeTimers();
    const store = { lock: vi.fn() };
    const auto = createAutoLock(store);
    vi.advanceTimersByTime(4 * 60_000);
    auto.touch();
    vi.advanceTimersByTime(4 * 60_000);
    expect(store.lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000 + 1);
    expect(store.lock).toHaveBeenCalledTimes(1);
    auto.touch(); // after unlocking, the user works again
    vi.advanceTimersByTime(5 * 60_000);
    expect(store.lock).toHaveBeenCalledTimes(2);
    auto.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(store.lock).toHaveBeenCalledTimes(2);
  });

  it('takes a configurable time, and check() locks when a sleeping phone missed the timer', () => {
    let now = 0;
    const timers: (() => void)[] = [];
    const store = { lock: vi.fn() };
    const auto = createAutoLock(store, { minutes: 1, now: () => now, setTimer: (fn) => timers.push(fn), clearTimer: () => undefined });
    now = 30_000;
    auto.check();
    expect(store.lock).not.toHaveBeenCalled();
    now = 61_000; // the timer never fired (phone asleep)
    auto.check();
    expect(store.lock).toHaveBeenCalledTimes(1);
  });

  it('locks a real store', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const store = createMemoryStore(FAST);
    await store.setPassphrase('pw');
    createAutoLock(store, { minutes: 2 });
    vi.advanceTimersByTime(2 * 60_000);
    expect(store.status().locked).toBe(true);
  });
});
