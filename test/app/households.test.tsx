// @vitest-environment jsdom
/**
 * Households are never lost: one obvious "new household" button on the results and the caseload (the household on
 * screen can be had back), a banner naming the saved household being edited, saving an edited one asks "update it
 * or save as a new one" (a new one takes no visits with it), and deleting a visit note or an application state can
 * be undone. Also Settings: keeping the data on this phone, and adding the app to the home screen.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureInstallPrompt } from '../../src/app/install';
import { snapshot } from '../../src/app/results/model';
import { evaluate } from '../../src/engine/evaluate';
import { createMemoryStore } from '../../src/storage';
import type { Profile } from '../../src/storage/types';
import { DATE, jiangmenHousehold, memberOf, pack, renderApp } from './helpers';

beforeAll(async () => {
  await Promise.all([import('../../src/app/caseload/Caseload'), import('../../src/app/caseload/HouseholdCase'), import('../../src/app/results/ResultsView'), import('../../src/app/saved/Settings')]);
});
beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const householdA = jiangmenHousehold([memberOf({ name: '甲' })]);

async function withSaved(extra: Partial<Profile> = {}) {
  const store = createMemoryStore({ unsafeTestIterations: 1000 });
  await store.open();
  const at = new Date().toISOString();
  const a: Profile = {
    id: 'a',
    name: '甲户',
    household: householdA,
    createdAt: at,
    updatedAt: at,
    lastResult: snapshot(evaluate(householdA, pack(), { date: DATE })),
    notes: [{ id: 'n1', date: '2025-08-02', text: '甲户的走访' }],
    applications: { dibao: 'applied' },
    ...extra,
  };
  await store.putProfile(a);
  return { store, a };
}

async function openSaved(t: (k: string, o?: Record<string, unknown>) => string, name: string) {
  fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
  const row = (await screen.findByRole('heading', { name })).closest('li')!;
  fireEvent.click(within(row).getByRole('button', { name: t('saved.open') }));
  await screen.findByRole('heading', { name: t('res.group.eligible') });
}

describe('households are never lost', () => {
  it('names the saved household on screen, and says when it has been changed', async () => {
    const { store } = await withSaved();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await openSaved(t, '甲户');
    expect(screen.getByTestId('editing').textContent).toContain(t('edit.showing', { name: '甲户' }));
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.edit') }));
    await screen.findByRole('heading', { name: t('step.check'), level: 2 });
    const row = await waitFor(() => {
      const el = document.querySelector('.check [data-path="members[0].age"]');
      if (!el) throw new Error('check page not drawn yet');
      return el as HTMLElement;
    });
    fireEvent.click(within(row).getByRole('button', { name: new RegExp(t('check.change')) }));
    await waitFor(() => expect(document.querySelector('[data-path="members[0].age"] input')).toBeTruthy());
    fireEvent.input(document.querySelector('[data-path="members[0].age"] input')!, { target: { value: '71' } });
    expect(screen.getByTestId('editing').textContent).toContain(t('edit.editing', { name: '甲户' }));
  });

  it('saving an edited household asks: update it (visits kept) or save as a new one (no visits, the first intact)', async () => {
    const { store, a } = await withSaved();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await openSaved(t, '甲户');
    // As new, under the same name: refused, so there are never two 甲户.
    fireEvent.click(screen.getByTestId('save-new'));
    await screen.findByText(t('res.saveNew.sameName'));
    expect((await store.listProfiles()).length).toBe(1);
    fireEvent.input(screen.getByLabelText(t('res.saveAs')), { target: { value: '乙户' } });
    fireEvent.click(screen.getByTestId('save-new'));
    await waitFor(async () => expect((await store.listProfiles()).map((p) => p.name).sort()).toEqual(['乙户', '甲户']));
    const b = (await store.listProfiles()).find((p) => p.name === '乙户')!;
    const full = await store.getProfile(b.id);
    expect(full?.notes).toBeUndefined();
    expect(full?.applications).toBeUndefined();
    expect(await store.getProfile('a')).toEqual(a);
    // Now the screen is 乙户: updating it changes 乙户 only.
    expect(screen.getByTestId('editing').textContent).toContain('乙户');
    fireEvent.click(screen.getByTestId('save-update'));
    await waitFor(async () => expect((await store.getProfile(b.id))?.updatedAt).not.toBe(full?.updatedAt));
    expect(await store.getProfile('a')).toEqual(a);
  });

  it('has one obvious "new household" button on the results and on the caseload; what was on screen can be had back', async () => {
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household: householdA, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('res.group.eligible') });
    fireEvent.click(screen.getByTestId('new-household'));
    await screen.findByRole('heading', { name: t('step.region'), level: 2 });
    await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe(''));
    // Not saved: undo brings it back.
    fireEvent.click(screen.getByRole('button', { name: t('ui.undo') }));
    await screen.findByRole('heading', { name: t('step.results'), level: 2 });
    await waitFor(async () => expect((await store.loadDraft())?.household.members[0]?.name).toBe('甲'));
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
    fireEvent.click(await screen.findByTestId('new-household'));
    await screen.findByRole('heading', { name: t('step.region'), level: 2 });
  });

  it('deleting a visit note or changing an application state can be undone', async () => {
    const { store } = await withSaved();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
    const row = (await screen.findByRole('heading', { name: '甲户' })).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: t('case.visits') }));
    await screen.findByText('甲户的走访');
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t('ui.remove')) }));
    await waitFor(async () => expect((await store.getProfile('a'))?.notes).toEqual([]));
    fireEvent.click(screen.getByRole('button', { name: t('ui.undo') }));
    await waitFor(async () => expect((await store.getProfile('a'))?.notes?.map((n) => n.text)).toEqual(['甲户的走访']));
    await screen.findByText('甲户的走访');

    const dibao = document.querySelector('.application[data-programme="dibao"]') as HTMLElement;
    fireEvent.change(within(dibao).getByLabelText(t('prog.dibao.name')), { target: { value: '' } });
    await waitFor(async () => expect((await store.getProfile('a'))?.applications).toBeUndefined());
    fireEvent.click(screen.getByRole('button', { name: t('ui.undo') }));
    await waitFor(async () => expect((await store.getProfile('a'))?.applications).toEqual({ dibao: 'applied' }));
  });
});

describe('settings', () => {
  it('keeps the data on this phone on request, and says what it means', async () => {
    let persisted = false;
    const persist = vi.fn(async () => (persisted = true));
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { storage: { persisted: async () => persisted, persist, estimate: async () => ({ usage: 1024, quota: 1024 * 1024 }) } }));
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.settings') }));
    const card = await screen.findByTestId('storage-settings');
    expect(card.textContent).toContain(t('settings.keep.what'));
    await within(card).findByText(t('settings.notPersisted'));
    fireEvent.click(within(card).getByTestId('keep-data'));
    await within(card).findByText(t('settings.persisted'));
    expect(persist).toHaveBeenCalled();
  });

  it('offers 长辈模式, and adding to the home screen once the browser says it can be installed', async () => {
    captureInstallPrompt();
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.settings') }));
    const install = await screen.findByTestId('install-settings');
    expect(install.textContent).toContain(t('settings.install.manual'));
    const prompt = vi.fn(async () => undefined);
    const e = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt, userChoice: Promise.resolve({ outcome: 'accepted' as const }) });
    window.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    fireEvent.click(await within(install).findByRole('button', { name: t('settings.install.button') }));
    await waitFor(() => expect(prompt).toHaveBeenCalled());
    fireEvent.click(screen.getByRole('checkbox', { name: t('settings.elder') }));
    expect(document.documentElement.classList.contains('elder')).toBe(true);
  });
});
