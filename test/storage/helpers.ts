/** Shared test data and a fresh IndexedDB per test (fake-indexeddb). */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import type { Household } from '../../src/engine/household';
import { createStore, type StoreOptions } from '../../src/storage/idb-store';
import type { Draft, Profile } from '../../src/storage/types';

export const household = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jiangmen-couple.json'), 'utf8')) as Household;

/** Test-only PBKDF2 cost: the production default (600,000) is checked in its own test. */
export const FAST = { unsafeTestIterations: 1000 } as const;

export function makeProfile(i: number, over: Partial<Profile> = {}): Profile {
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    id: `p${String(i).padStart(4, '0')}`,
    name: `王大爷家 ${i}`,
    household: structuredClone(household),
    createdAt: `2025-07-${day}T08:00:00.000Z`,
    updatedAt: new Date(Date.UTC(2025, 7, 1, 0, 0, i)).toISOString(),
    village: '白沙村',
    followUp: i % 2 === 0,
    lastVisit: `2025-07-${day}`,
    notes: [{ id: `n${i}`, date: `2025-07-${day}`, text: `住院自付 3200 元，妻子一级肢体残疾 (${i})` }],
    applications: { dibao: 'applied', 'disability-care': 'approved' },
    lastResult: {
      rulesVersion: '2025.08.1',
      date: '2025-08-01',
      computedAt: '2025-08-01T09:00:00.000Z',
      programmes: [
        { id: 'dibao', status: 'eligible', amount: { value: 1130, period: 'month', exactness: 'exact' }, alreadyReceives: false },
        { id: 'medical-aid', status: 'undetermined', amount: null, alreadyReceives: false },
        { id: 'tekun', status: 'ineligible', amount: null, alreadyReceives: false },
      ],
      totals: { month: { value: 1130, period: 'month', exactness: 'exact' }, year: { value: 13560, period: 'year', exactness: 'exact' } },
      missing: ['medical-aid'],
    },
    ...over,
  };
}

export function makeDraft(over: Partial<Draft> = {}): Draft {
  return { household: structuredClone(household), step: 'members', name: '李阿姨家', updatedAt: '2025-08-02T10:00:00.000Z', ...over };
}

let n = 0;
/** A store on its own fresh IndexedDB (or on `idb` to reopen the same one). */
export function freshStore(o: StoreOptions = {}, idb: IDBFactory = new IDBFactory()) {
  const store = createStore({ indexedDB: idb, name: `huimin-test-${++n}`, ...o });
  return { store, idb, name: o.name ?? `huimin-test-${n}` };
}

export function reopen(idb: IDBFactory, name: string, o: StoreOptions = {}) {
  return createStore({ indexedDB: idb, name, ...o });
}

/** Raw rows of one object store, straight from IndexedDB (to see what is really on disk). */
export function rawRows(idb: IDBFactory, name: string, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => {
        db.close();
        resolve(r.result);
      };
      r.onerror = () => reject(r.error);
    };
  });
}

/** Everything stored as text, to check no personal fact is there in the clear. */
export async function rawText(idb: IDBFactory, name: string): Promise<string> {
  const parts: unknown[] = [];
  for (const s of ['profiles', 'summaries', 'draft', 'settings', 'meta', 'figures', 'quarantine']) parts.push(await rawRows(idb, name, s));
  return JSON.stringify(parts, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as ArrayBuffer).toString('latin1') : v));
}

/** Write one row straight into IndexedDB, the way damage (a half-written record, an old build, a bad import) leaves it. */
export function putRawRow(idb: IDBFactory, name: string, store: string, value: unknown, key?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(store, 'readwrite');
      if (key === undefined) tx.objectStore(store).put(value);
      else tx.objectStore(store).put(value, key);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** The kinds of damage a stored household can suffer, as the draft row they leave (issue 13). */
export function damagedDrafts(): [string, unknown][] {
  const good = makeDraft();
  const h = good.household as unknown as Record<string, unknown>;
  return [
    ['a null member', { ...good, household: { ...h, members: [null] } }],
    ['members: "abc"', { ...good, household: { ...h, members: 'abc' } }],
    ['wrong types (age "67", statuses not a list)', { ...good, household: { ...h, statuses: 'dibao', members: [{ relation: 'self', age: '67' }] } }],
    ['an unknown version', { ...good, household: { ...h, version: 99 } }],
    ['a truncated JSON string', JSON.stringify(good).slice(0, 40)],
    ['a record encrypted with another key', { sealed: { kid: '0123456789abcdef', iv: new Uint8Array(12), ct: new Uint8Array(48).buffer } }],
  ];
}
