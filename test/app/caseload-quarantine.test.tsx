// @vitest-environment jsdom
/**
 * The caseload list follows the store when a record is moved aside as damaged (quarantined) while the list is on
 * screen — by the check a second after start, by opening the household, or by the screening summary reading it —
 * instead of offering a household that can no longer be opened. fake-indexeddb, the real IndexedDB store.
 */
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../src/storage/idb-store';
import { makeProfile, putRawRow } from '../storage/helpers';
import { renderApp } from './helpers';

beforeAll(async () => {
  await Promise.all([import('../../src/app/caseload/Caseload'), import('../../src/app/caseload/Summary')]);
});
beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let n = 0;
/** A store with households 1–3 whose household 2's stored profile is damaged (its list row is fine). */
async function storeWithDamagedProfile() {
  const idb = new IDBFactory();
  const name = `huimin-caseload-quarantine-${++n}`;
  const first = createStore({ indexedDB: idb, name });
  await first.putProfiles([makeProfile(1), makeProfile(2), makeProfile(3)]);
  first.close();
  const bad = makeProfile(2);
  (bad.household as unknown as { members: unknown }).members = [null];
  await putRawRow(idb, name, 'profiles', bad);
  return createStore({ indexedDB: idb, name });
}

const listed = () => [...document.querySelectorAll('.saved-list h3')].map((h) => h.textContent).sort();

async function openList() {
  const store = await storeWithDamagedProfile();
  const r = await renderApp({ store });
  const t = r.i18n.t.bind(r.i18n);
  fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
  await screen.findByRole('heading', { name: '王大爷家 3' });
  return { ...r, t, store };
}

describe('the caseload list refreshes when a record is quarantined', () => {
  it('a household moved aside while the list is shown leaves the list (and its count) at once', async () => {
    const { t, store } = await openList();
    // Listed before anything has read the damaged profile (the list reads the light rows).
    expect(listed()).toEqual(['王大爷家 1', '王大爷家 2', '王大爷家 3']);
    // Something reads it — here the store itself, as opening it or the check after start would — and sets it aside.
    expect(await store.getProfile('p0002')).toBeNull();
    await waitFor(() => expect(listed()).toEqual(['王大爷家 1', '王大爷家 3']));
    expect(screen.getByText(t('case.shown', { shown: 2, total: 2 }))).toBeTruthy();
    expect((await store.listQuarantined()).map((q) => q.key)).toEqual(['p0002']);
  });

  it('set aside by the screening summary reading the households: back on the list, it is gone', async () => {
    const { t } = await openList();
    fireEvent.click(screen.getByRole('button', { name: t('case.view.summary') }));
    await waitFor(() => expect(document.querySelector('.loading')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: t('case.view.list') }));
    await waitFor(() => expect(listed()).toEqual(['王大爷家 1', '王大爷家 3']));
    const first = screen.getByRole('heading', { name: '王大爷家 1' }).closest('li')!;
    expect(within(first).getByRole('button', { name: t('case.visits') })).toBeTruthy();
  });

  it('stops listening once the caseload is left (no refresh of a list that is gone)', async () => {
    const { t, store } = await openList();
    const listProfiles = vi.spyOn(store, 'listProfiles');
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.wizard') }));
    await waitFor(() => expect(document.querySelector('.saved-list')).toBeNull());
    const before = listProfiles.mock.calls.length;
    expect(await store.getProfile('p0002')).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(listProfiles.mock.calls.length).toBe(before);
  });
});
