// @vitest-environment jsdom
/**
 * The shell around the wizard: switching language (remembered), large-text mode (remembered, applied to the page),
 * saving a household and finding it again, duplicate and delete with undo, and the storage warning.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPrefs } from '../../src/app/prefs';
import type { Household } from '../../src/engine/household';
import { createMemoryStore } from '../../src/storage';
import type { Store, StoreStatus } from '../../src/storage/types';
import { jiangmenHousehold, memberOf, renderApp } from './helpers';

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(cleanup);

const household: Household = jiangmenHousehold([memberOf({ id: 'm1' })]);

describe('language', () => {
  it('switches to English and back, and remembers the choice', async () => {
    const { i18n } = await renderApp();
    await screen.findByRole('heading', { name: '看看家里能申请哪些救助和补贴' });
    fireEvent.click(screen.getByRole('button', { name: '切换语言' }));
    await screen.findByRole('heading', { name: 'See which assistance and subsidies your household can apply for' });
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(readPrefs().lang).toBe('en');
    fireEvent.click(screen.getByRole('button', { name: 'Switch language' }));
    await screen.findByRole('heading', { name: '看看家里能申请哪些救助和补贴' });
    expect(readPrefs().lang).toBe('zh-CN');
  });

  it('translates rule labels too (programme names come from the rule pack)', async () => {
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store, lang: 'en' });
    await screen.findByRole('heading', { name: 'Results' });
    expect((await screen.findAllByText(i18n.t('prog.dibao.name'))).length).toBeGreaterThan(0);
    expect(i18n.t('prog.dibao.name')).toBe('Minimum living guarantee (dibao)');
  });
});

describe('large-text mode', () => {
  it('applies to the whole page and is remembered', async () => {
    await renderApp();
    const toggle = await screen.findByRole('button', { name: '长辈模式' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(document.documentElement.classList.contains('elder')).toBe(true);
    expect(readPrefs().elder).toBe(true);
    expect(screen.getByRole('button', { name: '标准字号' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('saved households', () => {
  it('saves a household under a name, lists it, opens it, duplicates and deletes it with undo', async () => {
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('res.group.eligible') });
    fireEvent.input(screen.getByLabelText(t('res.saveAs')), { target: { value: '王奶奶家' } });
    fireEvent.click(screen.getByRole('button', { name: t('res.save') }));
    await waitFor(async () => expect((await store.listProfiles()).map((p) => p.name)).toEqual(['王奶奶家']));
    const saved = (await store.listProfiles())[0]!;
    const full = await store.getProfile(saved.id);
    expect(full?.lastResult?.rulesVersion).toBeTruthy();
    expect(full?.lastResult?.programmes.find((p) => p.id === 'dibao')?.status).toBe('eligible');

    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
    const item = (await screen.findByRole('heading', { name: '王奶奶家' })).closest('li')!;
    fireEvent.click(within(item).getByRole('button', { name: t('saved.duplicate') }));
    await screen.findByRole('heading', { name: t('saved.copyName', { name: '王奶奶家' }) });
    expect((await store.listProfiles()).length).toBe(2);

    fireEvent.click(within(item).getByRole('button', { name: t('saved.delete') }));
    await waitFor(async () => expect((await store.listProfiles()).length).toBe(1));
    fireEvent.click(await screen.findByRole('button', { name: t('ui.undo') }));
    await waitFor(async () => expect((await store.listProfiles()).length).toBe(2));

    // Opening re-evaluates and says what changed since it was saved (nothing here).
    const again = (await screen.findByRole('heading', { name: '王奶奶家' })).closest('li')!;
    fireEvent.click(within(again).getByRole('button', { name: t('saved.open') }));
    await screen.findByRole('heading', { name: t('res.changes.title') });
    expect(screen.getByText(t('res.changes.none'))).toBeTruthy();
  });
});

describe('storage failure', () => {
  it('says so and keeps working in memory', async () => {
    const inner = createMemoryStore();
    const status: StoreStatus = { mode: 'memory', problem: 'quota', encrypted: false, locked: false };
    const store: Store = Object.assign(Object.create(inner) as Store, { status: () => status, open: async () => status });
    await renderApp({ store: store as ReturnType<typeof createMemoryStore> });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('存储空间已满');
    expect(await screen.findByRole('heading', { name: '看看家里能申请哪些救助和补贴' })).toBeTruthy();
  });
});
