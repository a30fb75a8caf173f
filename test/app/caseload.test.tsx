// @vitest-environment jsdom
/**
 * The caseload: filters (village or community, follow-up, last visit, programmes found) on top of the search; the
 * screening summary's counts per programme and the follow-up questions grouped by household; a household's village,
 * follow-up flag, visit notes and application states, saved to the store; and the way there from the results page.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NO_FILTERS, applyFilters, programmeCounts } from '../../src/app/caseload/model';
import { today } from '../../src/app/household-edit';
import { snapshot } from '../../src/app/results/model';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { createMemoryStore, summarize } from '../../src/storage';
import type { Profile } from '../../src/storage/types';
import { DATE, jiangmenHousehold, memberOf, pack, renderApp } from './helpers';

beforeAll(async () => {
  await Promise.all([import('../../src/app/caseload/Caseload'), import('../../src/app/caseload/HouseholdCase'), import('../../src/app/results/ResultsView')]);
});
beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(cleanup);

const member = memberOf;
const hh = jiangmenHousehold;

/** ¥300 pension alone: dibao eligible. */
const poor = hh([member()]);
/** Assets not known and no income answered: dibao undetermined, for want of answers. */
const unsure = hh([member({ name: '老李', income: undefined })], { assetsMeetLocalRules: 'unsure' });
/** A good wage: no dibao. */
const comfortable = hh([member({ age: 45, work: 'employed', income: { wages: 6000 } })]);

function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let seq = 0;
function profile(name: string, household: Household, extra: Partial<Profile> = {}): Profile {
  const at = new Date(Date.UTC(2025, 7, 1, 0, 0, ++seq)).toISOString();
  return { id: `p-${seq}`, name, household, createdAt: at, updatedAt: at, lastResult: snapshot(evaluate(household, pack(), { date: DATE })), ...extra };
}

const PROFILES = (): Profile[] => [
  profile('王奶奶家', poor, { village: '白沙村', followUp: true, lastVisit: daysAgo(5) }),
  profile('李大爷家', unsure, { village: '白沙村', lastVisit: daysAgo(45) }),
  profile('张阿姨家', unsure, { village: '新华社区', followUp: true }),
  profile('陈叔家', comfortable, { village: '新华社区', lastVisit: daysAgo(100) }),
  profile('赵婆婆家', poor),
];

async function openCaseload(profiles = PROFILES(), lang: 'zh-CN' | 'en' = 'zh-CN') {
  const store = createMemoryStore({ unsafeTestIterations: 1000 });
  await store.open();
  await store.putProfiles(profiles);
  const r = await renderApp({ store, lang });
  const t = r.i18n.t.bind(r.i18n);
  fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
  await screen.findByRole('heading', { name: profiles[0]!.name });
  return { ...r, t, store };
}

const listed = () => [...document.querySelectorAll('.saved-list h3')].map((h) => h.textContent);

describe('caseload filters', () => {
  it('filters by village, follow-up, last visit and programme found, together with the search', async () => {
    const { t } = await openCaseload();
    expect(listed()).toHaveLength(5);
    const select = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

    select(t('case.filter.village'), '白沙村');
    expect(listed().sort()).toEqual(['李大爷家', '王奶奶家'].sort());
    expect(screen.getByText(t('case.shown', { shown: 2, total: 5 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: t('case.filter.followUp') }));
    expect(listed()).toEqual(['王奶奶家']);
    fireEvent.click(screen.getByRole('button', { name: t('case.filters.clear') }));
    expect(listed()).toHaveLength(5);

    select(t('case.filter.village'), '\u0000none');
    expect(listed()).toEqual(['赵婆婆家']);
    select(t('case.filter.village'), '');

    // Not visited in 30 days: visited 45 and 100 days ago, and never visited.
    select(t('case.filter.visit'), 'over30');
    expect(listed().sort()).toEqual(['张阿姨家', '李大爷家', '赵婆婆家', '陈叔家'].sort());
    select(t('case.filter.visit'), 'over90');
    expect(listed().sort()).toEqual(['张阿姨家', '赵婆婆家', '陈叔家'].sort());
    select(t('case.filter.visit'), 'never');
    expect(listed().sort()).toEqual(['张阿姨家', '赵婆婆家'].sort());
    select(t('case.filter.visit'), '');

    select(t('case.filter.programme'), 'dibao');
    expect(listed().sort()).toEqual(['张阿姨家', '李大爷家', '王奶奶家', '赵婆婆家'].sort());
    select(t('case.filter.found'), 'undetermined');
    expect(listed().sort()).toEqual(['张阿姨家', '李大爷家'].sort());
    select(t('case.filter.found'), 'eligible');
    expect(listed().sort()).toEqual(['王奶奶家', '赵婆婆家'].sort());

    fireEvent.input(screen.getByLabelText(t('saved.search')), { target: { value: '赵' } });
    expect(listed()).toEqual(['赵婆婆家']);
  });

  it('keeps its filters while a household is opened and closed again', async () => {
    const { t } = await openCaseload();
    fireEvent.change(screen.getByLabelText(t('case.filter.village')), { target: { value: '新华社区' } });
    const row = screen.getByRole('heading', { name: '陈叔家' }).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: t('case.visits') }));
    fireEvent.click(await screen.findByRole('button', { name: t('case.back') }));
    await screen.findByRole('heading', { name: '陈叔家' });
    expect(listed().sort()).toEqual(['张阿姨家', '陈叔家'].sort());
  });

  it('the pure filter and count helpers agree with the summaries', () => {
    const rows = PROFILES().map(summarize);
    expect(applyFilters(rows, { ...NO_FILTERS, followUp: true }, today()).map((r) => r.name).sort()).toEqual(['张阿姨家', '王奶奶家'].sort());
    const dibao = programmeCounts(rows, pack().pack.order).find((c) => c.id === 'dibao');
    expect(dibao).toEqual({ id: 'dibao', eligible: 2, undetermined: 2 });
  });
});

describe('screening summary', () => {
  it('counts per programme the households that can apply and those undetermined, and lists the questions by household', async () => {
    const { t, store } = await openCaseload();
    fireEvent.click(screen.getByRole('button', { name: t('case.view.summary') }));
    const table = (await screen.findByRole('table')) as HTMLTableElement;
    const row = (id: string) => table.querySelector(`tr[data-programme="${id}"]`) as HTMLTableRowElement;
    expect(row('dibao').querySelector('th')!.textContent).toBe(t('prog.dibao.name'));
    expect(row('dibao').querySelector('[data-col="eligible"]')!.textContent).toBe('2');
    expect(row('dibao').querySelector('[data-col="undetermined"]')!.textContent).toBe('2');
    // Every count equals what the saved summaries say.
    const rows = await store.listProfiles();
    for (const tr of table.querySelectorAll('tbody tr')) {
      const id = tr.getAttribute('data-programme')!;
      expect(Number(tr.querySelector('[data-col="eligible"]')!.textContent)).toBe(rows.filter((r) => r.eligible.includes(id)).length);
      expect(Number(tr.querySelector('[data-col="undetermined"]')!.textContent)).toBe(rows.filter((r) => r.undetermined.includes(id)).length);
    }

    // Questions for the next visit, grouped by household: the two "unsure" households, by name, with their answers missing.
    const followups = await waitFor(() => {
      const items = [...document.querySelectorAll('.followup')];
      expect(items.length).toBe(2);
      return items as HTMLElement[];
    });
    expect(followups.map((li) => li.querySelector('h4')!.textContent!.split(' · ')[0])).toEqual(['李大爷家', '张阿姨家']);
    const li = followups[0]!;
    expect(li.textContent).toContain(t('case.questions.undetermined', { names: t('prog.dibao.name') }).split('、')[0]);
    const label = t('member.withRelation', { label: '老李', relation: t('enum.relation.self') });
    expect(li.textContent).toContain(t('field.assetsMeetLocalRules'));
    expect(li.textContent).toContain(t('missing.field', { member: label, field: t('field.income') }));

    // The summary follows the filters: only 新华社区 now.
    fireEvent.change(screen.getByLabelText(t('case.filter.village')), { target: { value: '新华社区' } });
    await waitFor(() => expect(row('dibao').querySelector('[data-col="undetermined"]')!.textContent).toBe('1'));
    expect(row('dibao').querySelector('[data-col="eligible"]')!.textContent).toBe('0');
    await waitFor(() => expect(document.querySelectorAll('.followup').length).toBe(1));
  });
});

describe('one household: visits and applications', () => {
  it('edits village, follow-up, visit notes and application states, and saves them', async () => {
    const { t, store } = await openCaseload();
    const id = (await store.listProfiles()).find((p) => p.name === '赵婆婆家')!.id;
    const row = screen.getByRole('heading', { name: '赵婆婆家' }).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: t('case.visits') }));
    await screen.findByRole('heading', { name: t('case.title') });
    await screen.findByText('赵婆婆家');

    fireEvent.input(screen.getByLabelText(t('case.village')), { target: { value: '东山村' } });
    fireEvent.click(screen.getByRole('checkbox', { name: t('case.followUp') }));
    await waitFor(async () => expect(await store.getProfile(id)).toMatchObject({ village: '东山村', followUp: true }), { timeout: 3000 });

    fireEvent.input(screen.getByLabelText(t('case.note.date')), { target: { value: '2025-09-03' } });
    fireEvent.click(screen.getByRole('button', { name: t('case.note.add') }));
    expect(await screen.findByText(t('case.note.empty'))).toBeTruthy(); // nothing written yet
    fireEvent.input(screen.getByLabelText(t('case.note.text')), { target: { value: '腿脚不便，下次带残疾评定表' } });
    fireEvent.click(screen.getByRole('button', { name: t('case.note.add') }));
    await screen.findByText('腿脚不便，下次带残疾评定表');
    await waitFor(async () => {
      const p = await store.getProfile(id);
      expect(p?.notes?.map((n) => [n.date, n.text])).toEqual([['2025-09-03', '腿脚不便，下次带残疾评定表']]);
      expect(p?.lastVisit).toBe('2025-09-03');
    });

    const dibao = document.querySelector('.application[data-programme="dibao"]') as HTMLElement;
    expect(dibao.textContent).toContain(t('status.eligible'));
    fireEvent.change(within(dibao).getByLabelText(t('prog.dibao.name')), { target: { value: 'applied' } });
    await waitFor(async () => expect((await store.getProfile(id))?.applications).toEqual({ dibao: 'applied' }));
    fireEvent.change(within(dibao).getByLabelText(t('prog.dibao.name')), { target: { value: 'approved' } });
    await waitFor(async () => expect((await store.getProfile(id))?.applications).toEqual({ dibao: 'approved' }));

    // Remove the note again; the household is otherwise unchanged (its household data untouched).
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t('ui.remove')) }));
    await waitFor(async () => expect((await store.getProfile(id))?.notes).toEqual([]));
    expect((await store.getProfile(id))?.household).toEqual(poor);

    // The list shows what was recorded.
    fireEvent.click(screen.getByRole('button', { name: t('case.back') }));
    const again = (await screen.findByRole('heading', { name: '赵婆婆家' })).closest('li')!;
    expect(again.textContent).toContain('东山村');
    expect(again.textContent).toContain(t('case.followUp.tag'));
    expect(again.textContent).not.toContain(t('case.lastVisit.never'));
  });

  it('is reached from the results page of a saved household', async () => {
    const store = createMemoryStore({ unsafeTestIterations: 1000 });
    await store.open();
    await store.saveDraft({ household: poor, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await screen.findByRole('heading', { name: t('res.group.eligible') });
    // Not saved yet: nothing to record visits on.
    expect(screen.queryByRole('button', { name: t('case.visits') })).toBeNull();
    fireEvent.input(screen.getByLabelText(t('res.saveAs')), { target: { value: '钱奶奶家' } });
    fireEvent.click(screen.getByRole('button', { name: t('res.save') }));
    fireEvent.click(await screen.findByRole('button', { name: t('case.visits') }));
    await screen.findByRole('heading', { name: t('case.title') });
    await screen.findByText('钱奶奶家');
    const dibao = document.querySelector('.application[data-programme="dibao"]') as HTMLElement;
    fireEvent.change(within(dibao).getByLabelText(t('prog.dibao.name')), { target: { value: 'to-apply' } });
    const id = (await store.listProfiles())[0]!.id;
    await waitFor(async () => expect((await store.getProfile(id))?.applications).toEqual({ dibao: 'to-apply' }));
    // Saving the result again (updating the household) keeps what the caseworker recorded.
    fireEvent.click(screen.getByRole('button', { name: t('case.openResults') }));
    fireEvent.click(await screen.findByRole('button', { name: t('res.update', { name: '钱奶奶家' }) }));
    await waitFor(async () => expect((await store.getProfile(id))?.lastResult?.computedAt).not.toBe(undefined));
    await new Promise((r) => setTimeout(r, 50));
    expect((await store.getProfile(id))?.applications).toEqual({ dibao: 'to-apply' });
  });
});
