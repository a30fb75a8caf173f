// @vitest-environment jsdom
/**
 * Issue 13 in the UI: whatever damage a stored draft or household has, the app starts, lists the rest, autosave
 * works, and a banner offers to export the damaged record for the office or discard it.
 */
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../src/storage/idb-store';
import { damagedDrafts, makeProfile, putRawRow } from '../storage/helpers';
import { chooseRegion, renderApp } from './helpers';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let n = 0;
async function plant(store: string, row: unknown, key?: string) {
  const idb = new IDBFactory();
  const name = `huimin-ui-damaged-${++n}`;
  const first = createStore({ indexedDB: idb, name });
  await first.putProfiles([makeProfile(1), makeProfile(2)]);
  first.close();
  await putRawRow(idb, name, store, row, key);
  return createStore({ indexedDB: idb, name });
}

const errors: unknown[] = [];
beforeEach(() => {
  errors.length = 0;
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a));
});

describe('a damaged draft never breaks the app', () => {
  for (const [kind, row] of damagedDrafts()) {
    it(`a draft with ${kind}: the app starts, the banner offers export or discard, the rest lists, autosave works`, async () => {
      const store = await plant('draft', row, 'current');
      const { i18n } = await renderApp({ store });
      const t = i18n.t.bind(i18n);
      await screen.findByRole('heading', { name: t('ui.tagline') });
      const banner = await screen.findByTestId('damaged-banner');
      expect(banner.textContent).toContain(t('damaged.banner', { count: 1 }));
      // The rest lists.
      fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
      await screen.findByRole('heading', { name: '王大爷家 1' });
      expect(screen.getByRole('heading', { name: '王大爷家 2' })).toBeTruthy();
      // Autosave works: start a household, pick a region, and the draft is written.
      fireEvent.click(screen.getByRole('button', { name: t('ui.nav.wizard') }));
      fireEvent.click(await screen.findByRole('button', { name: t('start.begin') }));
      await chooseRegion('江门', '江门市');
      await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe('cn-gd-jiangmen'));
      // Export (a file for the office) and discard (after a confirmation).
      const created: Blob[] = [];
      URL.createObjectURL = (b: Blob) => (created.push(b), 'blob:x');
      URL.revokeObjectURL = () => undefined;
      fireEvent.click(within(banner).getByRole('button', { name: t('damaged.show') }));
      fireEvent.click(await within(banner).findByTestId('damaged-export'));
      await waitFor(() => expect(created).toHaveLength(1));
      const text = await new Promise<string>((ok) => {
        const r = new FileReader();
        r.onload = () => ok(String(r.result));
        r.readAsText(created[0]!);
      });
      const file = JSON.parse(text) as { format: string; store: string; reason: { zh: string } };
      expect(file).toMatchObject({ format: 'huimin-damaged-record', store: 'draft' });
      fireEvent.click(within(banner).getByTestId('damaged-discard'));
      fireEvent.click(within(banner).getByTestId('damaged-discard-confirm'));
      await waitFor(() => expect(screen.queryByTestId('damaged-banner')).toBeNull());
      expect(await store.listQuarantined()).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});

describe('a damaged saved household never breaks the list', () => {
  it('members: [null] in a saved household: set aside shortly after start, the others listed and openable', async () => {
    const bad = makeProfile(2);
    (bad.household as unknown as { members: unknown }).members = [null];
    const store = await plant('profiles', bad);
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('ui.tagline') });
    // The check of every stored household runs a second after the first screen.
    await screen.findByTestId('damaged-banner', undefined, { timeout: 4000 });
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
    await screen.findByRole('heading', { name: '王大爷家 1' });
    expect(screen.queryByRole('heading', { name: '王大爷家 2' })).toBeNull();
    expect((await store.listQuarantined())[0]).toMatchObject({ store: 'profiles', key: 'p0002' });
    expect(errors).toEqual([]);
  });
});
