/**
 * Putting a half-filled household into the app, for the browser tests (offline and update tests check it survives).
 *
 * ┌──────────────────────────────────────────────────────────────────────────────────────────────────────────────┐
 * │ LEAD: rewrite fillHalfHousehold() to drive the real wizard (click/fill the first steps, stop half-way, let    │
 * │ autosave run), and readDraft() to read back what the app shows or stores. Keep both signatures.              │
 * └──────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
 *
 * Until then: through the app's store when the page exposes it as `window.__huimin.store` (the Store interface of
 * src/storage/types.ts: saveDraft/loadDraft), otherwise straight into a test IndexedDB database — so the tests
 * still prove IndexedDB data outlives offline reloads and updates.
 */
import type { Page } from 'playwright-core';

/** What the tests compare before and after a reload: the draft's household and step. */
export interface DraftSnapshot {
  household: unknown;
  step: string;
}

const HALF_HOUSEHOLD = {
  format: 'huimin-household',
  version: 1,
  region: 'cn-gd-jiangmen',
  hukou: 'urban',
  members: [
    { relation: 'self', sex: 'female', age: 67, work: 'retired', income: { pension: 900 } },
    { relation: 'spouse', sex: 'male', age: 70 },
  ],
};

/** Fills about half a household and waits until it is saved. Returns what readDraft() must give back. */
export async function fillHalfHousehold(page: Page): Promise<DraftSnapshot> {
  const expected: DraftSnapshot = { household: HALF_HOUSEHOLD, step: 'members' };
  await page.evaluate(async (d) => {
    const draft = { ...d, name: '浏览器测试家', updatedAt: new Date().toISOString() };
    const store = (window as unknown as { __huimin?: { store?: { saveDraft(x: unknown): Promise<void> } } }).__huimin?.store;
    if (store) return store.saveDraft(draft);
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('huimin-browser-test', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('kv');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(draft, 'draft');
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, expected);
  return expected;
}

/** The draft as the app has it now (null if none). */
export async function readDraft(page: Page): Promise<DraftSnapshot | null> {
  // No named functions inside evaluate(): tsx's keepNames would reference a helper the page does not have.
  const draft = await page.evaluate(async () => {
    const store = (window as unknown as { __huimin?: { store?: { loadDraft(): Promise<{ household: unknown; step: string } | null> } } }).__huimin
      ?.store;
    if (store) return store.loadDraft();
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('huimin-browser-test', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('kv');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const value = await new Promise<{ household: unknown; step: string } | undefined>((ok, fail) => {
      const req = db.transaction('kv').objectStore('kv').get('draft');
      req.onsuccess = () => ok(req.result as { household: unknown; step: string } | undefined);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return value ?? null;
  });
  return draft ? { household: draft.household, step: draft.step } : null;
}
