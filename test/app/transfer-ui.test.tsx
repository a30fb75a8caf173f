// @vitest-environment jsdom
/**
 * Export and import through the UI: export the households selected in the list (plain) or all (encrypted with the
 * file's own passphrase) as a download; import it back — check, preview with names and conflicts, a decision per
 * conflicting household (keep both / keep the newer / keep existing / replace, or one for all), import; a missing or
 * wrong passphrase and a malformed file change nothing and say why, in the interface language.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Household } from '../../src/engine/household';
import { createMemoryStore } from '../../src/storage';
import type { Profile } from '../../src/storage/types';
import { renderApp } from './helpers';

type T = (k: string, o?: Record<string, unknown>) => string;

beforeAll(async () => {
  await Promise.all([import('../../src/app/caseload/Caseload'), import('../../src/app/caseload/Transfer')]);
});

let downloads: { name: string; blob: Blob }[] = [];
let pendingBlob: Blob | null = null;
beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
  downloads = [];
  // jsdom has no object URLs and no downloads: catch the Blob and the <a download> click instead.
  Object.assign(URL, {
    createObjectURL: vi.fn((b: Blob) => {
      pendingBlob = b;
      return 'blob:huimin-test';
    }),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (this.href.startsWith('blob:') && pendingBlob) downloads.push({ name: this.download, blob: pendingBlob });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

function readBlob(b: Blob): Promise<string> {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.onerror = () => fail(r.error);
    r.readAsText(b);
  });
}

const household: Household = {
  format: 'huimin-household',
  version: 1,
  region: 'cn-gd-jiangmen',
  hukou: 'rural',
  date: '2025-08-01',
  members: [{ id: 'm1', relation: 'self', sex: 'male', age: 66, income: { pension: 200 } }],
};

function profile(id: string, name: string, extra: Partial<Profile> = {}): Profile {
  return { id, name, household, createdAt: '2025-08-01T08:00:00.000Z', updatedAt: '2025-08-02T08:00:00.000Z', village: '白沙村', ...extra };
}

async function setup(profiles: Profile[], lang: 'zh-CN' | 'en' = 'zh-CN') {
  const store = createMemoryStore({ unsafeTestIterations: 1000 });
  await store.open();
  await store.putProfiles(profiles);
  const r = await renderApp({ store, lang });
  const t: T = r.i18n.t.bind(r.i18n);
  fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
  if (profiles[0]) await screen.findByRole('heading', { name: profiles[0].name });
  return { ...r, t, store };
}

async function toTransfer(t: T) {
  fireEvent.click(screen.getByRole('button', { name: t('case.view.transfer') }));
  await screen.findByRole('heading', { name: t('transfer.export.title') });
}

async function exportFile(t: T, count: number): Promise<string> {
  const before = downloads.length;
  fireEvent.click(screen.getByRole('button', { name: t('transfer.export.button', { count }) }));
  await waitFor(() => expect(downloads.length).toBe(before + 1), { timeout: 5000 });
  const d = downloads[downloads.length - 1]!;
  expect(d.name).toMatch(/^huimin-export-\d{4}-\d{2}-\d{2}\.json$/); // no names in the file name
  return readBlob(d.blob);
}

async function checkFile(t: T, text: string, passphrase = '') {
  const input = screen.getByLabelText(t('transfer.import.file')) as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], 'export.json', { type: 'application/json' })] } });
  fireEvent.input(screen.getByLabelText(t('transfer.import.pass')), { target: { value: passphrase } });
  fireEvent.click(screen.getByRole('button', { name: t('transfer.import.check') }));
}

const problem = () => document.querySelector('.import-problem')!.textContent ?? '';
const snapshotOf = async (store: ReturnType<typeof createMemoryStore>) =>
  Promise.all((await store.listProfiles()).map((s) => store.getProfile(s.id))).then((ps) => JSON.stringify(ps.sort((a, b) => a!.id.localeCompare(b!.id))));

describe('export → import round trip', () => {
  it('exports the selected households unencrypted and imports them back, each conflict resolved a different way', async () => {
    const names = { a: '甲家', b: '乙家', c: '丙家', d: '丁家', e: '戊家' };
    const { t, store } = await setup(Object.entries(names).map(([id, name]) => profile(id, name)));
    for (const n of [names.a, names.b, names.c, names.d]) fireEvent.click(screen.getByRole('checkbox', { name: t('case.select', { name: n }) }));
    expect(screen.getByText(t('case.selected', { count: 4 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t('case.exportSelected', { count: 4 }) }));
    await screen.findByRole('heading', { name: t('transfer.export.title') });
    expect((screen.getByRole('radio', { name: t('transfer.export.selected', { count: 4 }) }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByRole('checkbox', { name: t('transfer.export.encrypt') }));
    expect(screen.getByText(t('transfer.export.plainWarn'))).toBeTruthy();
    const text = await exportFile(t, 4);
    await screen.findAllByText(t('transfer.export.done', { count: 4, file: downloads[0]!.name }));
    const file = JSON.parse(text) as { format: string; encrypted?: boolean; profiles: Profile[] };
    expect(file.format).toBe('huimin-export');
    expect(file.encrypted).toBeUndefined();
    expect(file.profiles.map((p) => p.name).sort()).toEqual([names.a, names.b, names.c, names.d].sort());

    // Meanwhile the households change on this device.
    const existing = async (id: string) => (await store.getProfile(id))!;
    await store.putProfile({ ...(await existing('a')), village: '本机改过', updatedAt: '2025-09-01T00:00:00.000Z' });
    await store.putProfile({ ...(await existing('b')), village: '本机旧的', updatedAt: '2025-01-01T00:00:00.000Z' }); // older than the file's
    await store.putProfile({ ...(await existing('c')), village: '本机改过', updatedAt: '2025-09-01T00:00:00.000Z' });
    await store.putProfile({ ...(await existing('d')), village: '本机改过', updatedAt: '2025-09-01T00:00:00.000Z' });

    await checkFile(t, text);
    const preview = (await screen.findByRole('heading', { name: t('transfer.preview.title') })).closest('.import-preview') as HTMLElement;
    expect(preview.textContent).toContain(t('transfer.preview.conflicts', { count: 4 }));
    for (const n of [names.a, names.b, names.c, names.d]) expect(within(preview).getByText(n)).toBeTruthy();
    const importButton = within(preview).getByRole('button', { name: t('transfer.import.button', { count: 4 }) }) as HTMLButtonElement;
    const decide = (id: string, d: string) => {
      const box = preview.querySelector(`[data-conflict="${id}"]`) as HTMLElement;
      fireEvent.click(within(box).getByRole('radio', { name: t(`transfer.decision.${d}`) }));
    };
    decide('a', 'keep-both');
    decide('b', 'keep-newer');
    decide('c', 'keep-existing');
    expect(importButton.disabled).toBe(true); // one household still undecided: nothing is overwritten without asking
    expect(preview.textContent).toContain(t('transfer.preview.undecided', { count: 1 }));
    decide('d', 'replace');
    expect(importButton.disabled).toBe(false);
    fireEvent.click(importButton);
    await screen.findByText(t('transfer.import.done', { added: 1, replaced: 2, kept: 1 }));

    const all = await store.listProfiles();
    expect(all).toHaveLength(6);
    const villages = (name: string) => all.filter((p) => p.name === name).map((p) => p.village).sort();
    expect(villages(names.a)).toEqual(['白沙村', '本机改过'].sort()); // keep both: the file's one under a new id
    expect(villages(names.b)).toEqual(['白沙村']); // keep the newer: the file's was newer
    expect(villages(names.c)).toEqual(['本机改过']); // keep existing
    expect(villages(names.d)).toEqual(['白沙村']); // replace
    expect(villages(names.e)).toEqual(['白沙村']); // not in the file: untouched

    // The list shows the imported copy too.
    fireEvent.click(screen.getByRole('button', { name: t('case.view.list') }));
    await waitFor(() => expect(screen.getAllByRole('heading', { name: names.a })).toHaveLength(2));
  });

  it('exports all encrypted; without or with a wrong passphrase nothing changes; the right one imports (one choice for all)', async () => {
    const first = await setup([profile('a', '甲家'), profile('b', '乙家')]);
    await toTransfer(first.t);
    expect((screen.getByRole('checkbox', { name: first.t('transfer.export.encrypt') }) as HTMLInputElement).checked).toBe(true);
    fireEvent.input(screen.getByLabelText(first.t('transfer.export.pass')), { target: { value: 'file pass 1' } });
    fireEvent.input(screen.getByLabelText(first.t('transfer.export.again')), { target: { value: 'file pass 2' } });
    fireEvent.click(screen.getByRole('button', { name: first.t('transfer.export.button', { count: 2 }) }));
    await screen.findByText(first.t('lock.set.mismatch'));
    expect(downloads).toHaveLength(0);
    fireEvent.input(screen.getByLabelText(first.t('transfer.export.again')), { target: { value: 'file pass 1' } });
    const text = await exportFile(first.t, 2);
    expect(JSON.parse(text)).toMatchObject({ format: 'huimin-export', encrypted: true });
    expect(text).not.toContain('甲家');
    expect(text).not.toContain('白沙村');
    cleanup();

    // Another device, which already has both households (changed).
    const { t, store } = await setup([profile('a', '甲家', { village: '另一台' }), profile('b', '乙家', { village: '另一台' })]);
    await toTransfer(t);
    const before = await snapshotOf(store);

    await checkFile(t, text);
    await waitFor(() => expect(problem()).toContain(t('transfer.import.failed', { why: '此文件已加密，请输入导出时设置的密码。' })));
    expect(screen.queryByRole('heading', { name: t('transfer.preview.title') })).toBeNull();

    await checkFile(t, text, 'not it');
    await waitFor(() => expect(problem()).toContain(t('transfer.import.failed', { why: '密码错误，或文件已被改动。' })), { timeout: 5000 });
    expect(await snapshotOf(store)).toBe(before);

    await checkFile(t, text, 'file pass 1');
    await screen.findByRole('heading', { name: t('transfer.preview.title') }, { timeout: 5000 });
    expect(problem()).toBe('');
    expect(document.querySelectorAll('[data-conflict]')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText(t('transfer.applyAll')), { target: { value: 'replace' } });
    for (const box of document.querySelectorAll('[data-conflict]')) {
      expect((within(box as HTMLElement).getByRole('radio', { name: t('transfer.decision.replace') }) as HTMLInputElement).checked).toBe(true);
    }
    fireEvent.click(screen.getByRole('button', { name: t('transfer.import.button', { count: 2 }) }));
    await screen.findByText(t('transfer.import.done', { added: 0, replaced: 2, kept: 0 }));
    expect((await store.listProfiles()).map((p) => p.village)).toEqual(['白沙村', '白沙村']);
  });
});

describe('a bad file', () => {
  const valid = (profiles: unknown[]) => JSON.stringify({ format: 'huimin-export', formatVersion: 1, exportedAt: '2025-08-03T00:00:00.000Z', profiles });

  it('changes nothing and says why', async () => {
    const { t, store } = await setup([profile('a', '甲家'), profile('b', '乙家')]);
    await toTransfer(t);
    const before = await snapshotOf(store);

    await checkFile(t, '{"format": "huimin-export", "profiles": [');
    await waitFor(() => expect(problem()).toContain(t('transfer.import.failed', { why: '文件已损坏或不是 JSON 格式。' })));
    expect(problem()).toContain('本机数据没有改变');

    await checkFile(t, JSON.stringify({ hello: 'world' }));
    await waitFor(() => expect(problem()).toContain('这不是惠民导出的文件。'));

    const bad = profile('c', '丙家', { household: { ...household, members: [{ id: 'm1', relation: 'self', age: -5 }] } as Household });
    await checkFile(t, valid([profile('d', '丁家'), bad]));
    await waitFor(() => expect(problem()).toContain('第2条档案'));

    await checkFile(t, JSON.stringify({ format: 'huimin-export', formatVersion: 9, exportedAt: '2030-01-01T00:00:00.000Z', profiles: [] }));
    await waitFor(() => expect(problem()).toContain('请先更新应用'));

    expect(screen.queryByRole('heading', { name: t('transfer.preview.title') })).toBeNull();
    expect(await snapshotOf(store)).toBe(before);
  });

  it('says why in English in English mode', async () => {
    const { t, store } = await setup([profile('a', '甲家')], 'en');
    await toTransfer(t);
    await checkFile(t, 'not json at all');
    await waitFor(() => expect(problem()).toContain(t('transfer.import.failed', { why: 'The file is damaged or is not JSON.' })));
    expect((await store.listProfiles()).length).toBe(1);
  });

  it('asks for a file before checking', async () => {
    const { t } = await setup([profile('a', '甲家')]);
    await toTransfer(t);
    fireEvent.click(screen.getByRole('button', { name: t('transfer.import.check') }));
    await waitFor(() => expect(problem()).toContain(t('transfer.import.noFile')));
  });
});
