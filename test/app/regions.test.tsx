// @vitest-environment jsdom
/**
 * The region question as a search box with province → prefecture → county lists, a household saved with any region
 * id opening again, and figures entered in Settings showing up, marked, next to the amount that uses them.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage';
import { chooseRegion, DATE, memberOf, renderApp } from './helpers';

afterEach(cleanup);

/** One rural adult with a ¥300 pension in 镇雄县 (a county with no rule file of its own). */
const zhenxiong = {
  format: 'huimin-household' as const,
  version: 1 as const,
  region: 'cn-530627',
  hukou: 'rural' as const,
  date: DATE,
  assetsMeetLocalRules: 'yes' as const,
  statuses: [],
  suddenHardship: false,
  members: [memberOf({ age: 45, work: 'unemployed' })],
};

describe('region question', () => {
  it('finds a county by typing its name, shows where it is, and lets the wizard go on', async () => {
    const { i18n, store } = await renderApp({ at: '#/region' });
    const t = i18n.t.bind(i18n);
    const box = await screen.findByRole('searchbox');
    // 彝良县 has no rule file: it is region cn-<its code>.
    fireEvent.input(box, { target: { value: '彝良' } });
    const hit = await screen.findByRole('button', { name: /^彝良县/ });
    expect(hit.textContent).toContain('云南省 › 昭通市');
    fireEvent.click(hit);
    expect(screen.getByTestId('region-chosen').textContent).toContain('彝良县');
    expect((screen.getByRole('button', { name: t('ui.nav.next') }) as HTMLButtonElement).disabled).toBe(false);
    await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe('cn-530628'));
  });

  it('finds a place by its old name and says so; a place with a rule file keeps its id', async () => {
    const { store } = await renderApp({ at: '#/region' });
    fireEvent.input(await screen.findByRole('searchbox'), { target: { value: '龙南县' } });
    const hit = await screen.findByRole('button', { name: /^龙南市/ });
    expect(hit.textContent).toContain('原名 龙南县');
    fireEvent.click(hit);
    await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe('cn-jx-ganzhou-longnan'));
  });

  it('offers province → prefecture → county lists as well', async () => {
    const { i18n, store } = await renderApp({ at: '#/region' });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('searchbox');
    fireEvent.change(screen.getByLabelText(t('pick.province')), { target: { value: '530000' } });
    fireEvent.change(await screen.findByLabelText(t('pick.prefecture')), { target: { value: '530600' } });
    const county = await screen.findByLabelText(t('pick.county'));
    expect(within(county).getByRole('option', { name: '永善县' })).toBeTruthy();
    fireEvent.change(county, { target: { value: '530628' } });
    await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe('cn-530628'));
    // "National rules only" stays available.
    fireEvent.click(screen.getByRole('button', { name: t('pick.national') }));
    await waitFor(async () => expect((await store.loadDraft())?.household.region).toBe('cn'));
  });

  it('opens a household saved with a catalogue region and names the region in the caseload', async () => {
    const store = createMemoryStore();
    await store.open();
    await store.putProfile({ id: 'p1', name: '张家', household: zhenxiong, createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z' });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.saved') }));
    await waitFor(() => expect(document.body.textContent).toContain('镇雄县（昭通市）'), { timeout: 5000 });
  });
});

describe('figures entered on this device', () => {
  it('are entered in Settings for the household region and marked next to the amount that uses them', async () => {
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household: zhenxiong, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    // Without a figure: the amount is set locally.
    const card = () => document.querySelector('[data-programme="dibao"]') as HTMLElement;
    await waitFor(() => expect(card()).not.toBeNull(), { timeout: 5000 });
    expect(card().textContent).toContain(t('value.setLocally'));

    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.settings') }));
    const form = await screen.findByTestId('local-figures', {}, { timeout: 5000 });
    await waitFor(() => expect(within(form).getByTestId('region-chosen').textContent).toContain('镇雄县'));
    const param = within(form).getByLabelText(t('figures.param')) as HTMLSelectElement;
    expect([...param.options].map((o) => o.value)).toEqual(expect.arrayContaining(['dibao.standard.rural', 'dibao.standard.urban']));
    fireEvent.change(param, { target: { value: 'dibao.standard.rural' } });
    // Each field says what is wrong with it.
    fireEvent.click(within(form).getByRole('button', { name: t('figures.save') }));
    expect(form.textContent).toContain(t('figures.error.number'));
    expect(form.textContent).toContain(t('figures.error.source'));
    fireEvent.input(within(form).getByLabelText(t('figures.value')), { target: { value: '800' } });
    fireEvent.input(within(form).getByLabelText(t('figures.from')), { target: { value: '2025-01-01' } });
    fireEvent.input(within(form).getByLabelText(t('figures.source')), { target: { value: '镇雄县民政局 2025年 公告' } });
    fireEvent.click(within(form).getByRole('button', { name: t('figures.save') }));
    await waitFor(async () => expect((await store.listFigures()).map((f) => [f.region, f.code, f.param, f.value, f.strength])).toEqual([['cn-530627', '530627', 'dibao.standard.rural', 800, 'local']]));
    await within(form).findByTestId('entered-row', {}, { timeout: 5000 });

    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.wizard') }));
    await waitFor(() => expect(card()?.querySelector('[data-testid="entered-figure"]')).not.toBeNull(), { timeout: 5000 });
    const marker = card().querySelector('[data-testid="entered-figure"]')!.textContent!;
    expect(marker).toContain('按本机录入的农村低保标准');
    expect(marker).toContain('¥800');
    expect(marker).toContain('来源：镇雄县民政局 2025年 公告，未经核实');
    expect(card().textContent).toContain('¥500');
  });
});
