// @vitest-environment jsdom
/**
 * The wizard as a resident would use it: the start page, one person per page with only the questions that fit their
 * age, input read the way people type it (and never misread), "next" that stops at an unreadable answer, the
 * check-your-answers page with 修改 and back, steps in the address (back button, reload), autosave and the restored
 * draft.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Household } from '../../src/engine/household';
import { createMemoryStore } from '../../src/storage';
import { chooseRegion, jiangmenHousehold, memberOf, renderApp } from './helpers';

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(cleanup);

type Tr = (k: string, o?: Record<string, unknown>) => string;

function box(path: string): HTMLElement {
  const el = document.querySelector(`[data-path="${path}"]`);
  if (!el) throw new Error(`no question ${path}`);
  return el as HTMLElement;
}
function inputIn(path: string): HTMLInputElement {
  const el = box(path).querySelector('input, select');
  if (!el) throw new Error(`no input for ${path}`);
  return el as HTMLInputElement;
}
const pick = (path: string, option: string) => fireEvent.click(within(box(path)).getByRole('radio', { name: option }));
const type = (path: string, text: string) => fireEvent.input(inputIn(path), { target: { value: text } });
const select = (path: string, value: string) => fireEvent.change(inputIn(path), { target: { value } });
/** The page with this heading, drawn (the question pages are a lazy chunk: wait for it to arrive). */
async function heading(name: string) {
  const h = await screen.findByRole('heading', { name, level: 2 });
  // Generous: a loaded CI machine can take seconds to transform a lazy chunk the first time.
  await waitFor(() => expect(document.querySelector('main .loading')).toBeNull(), { timeout: 8000 });
  return h;
}
async function next(t: Tr) {
  fireEvent.click(screen.getByRole('button', { name: new RegExp(`^(${t('ui.nav.next')}|${t('ui.nav.toCheck')}|${t('ui.nav.backToCheck')})$`) }));
}
const step = () => location.hash;

async function begin(t: Tr) {
  await heading(t('ui.tagline'));
  fireEvent.click(screen.getByRole('button', { name: t('start.begin') }));
  await heading(t('step.region'));
}

/** The Jiangmen couple: husband 67 with an ¥800 pension, wife 65 with a grade-2 physical disability. */
async function fillJiangmenCouple(t: Tr, pension = '800') {
  await chooseRegion('江门', '江门市');
  pick('hukou', t('enum.hukou.urban'));
  await next(t);
  await heading(t('step.members'));
  type('members[0].age', '67');
  pick('members[0].sex', t('enum.sex.male'));
  fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
  select('members[1].relation', 'spouse');
  type('members[1].age', '65');
  pick('members[1].sex', t('enum.sex.female'));
  await next(t);
  // Person 1: details, then income
  await screen.findByText(t('q.person.withAge', { label: t('member.withRelation', { label: t('member.default', { n: 1 }), relation: t('enum.relation.self') }), age: 67 }));
  pick('members[0].work', t('enum.work.retired'));
  pick('members[0].disability', t('ui.no'));
  pick('members[0].seriousIllness', t('ui.no'));
  pick('members[0].legalSupporters', t('enum.legalSupporters.able'));
  fireEvent.click(within(box('members[0].selfCare')).getAllByRole('checkbox')[0]!);
  await next(t);
  type('members[0].income.pension', pension);
  await next(t);
  // Person 2
  pick('members[1].work', t('enum.work.unable'));
  pick('members[1].disability', t('ui.yes'));
  pick('members[1].disability.grade', t('value.grade', { value: 2 }));
  select('members[1].disability.kind', 'physical');
  pick('members[1].disability.needsLongTermCare', t('ui.yes'));
  pick('members[1].workInjuryCareAllowance', t('ui.no'));
  pick('members[1].seriousIllness', t('ui.no'));
  pick('members[1].legalSupporters', t('enum.legalSupporters.able'));
  await next(t);
  fireEvent.click(within(box('members[1].income')).getByRole('checkbox', { name: t('q.income.none') }));
  await next(t);
  // The household
  await heading(t('step.household'));
  pick('assetsMeetLocalRules', t('enum.assets.yes'));
  fireEvent.click(within(box('statuses')).getByRole('checkbox', { name: t('q.statuses.none') }));
  pick('suddenHardship', t('ui.no'));
  pick('familyPlanning', t('ui.no'));
  await next(t);
  await heading(t('step.hospital'));
  pick('hospital', t('ui.no'));
  await next(t);
  await heading(t('step.check'));
}

describe('wizard', () => {
  it('starts with a page that says what it does, how long, what to have, that nothing leaves the phone, and 长辈模式', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await heading(t('ui.tagline'));
    for (const k of ['start.what', 'start.time', 'start.private', 'start.have.hukou', 'start.have.disability', 'start.have.income']) expect(screen.getByText(t(k))).toBeTruthy();
    const elder = screen.getByRole('checkbox', { name: new RegExp(t('ui.elder.on')) });
    fireEvent.click(elder);
    expect(document.documentElement.classList.contains('elder')).toBe(true);
  });

  it('walks the Jiangmen couple one person per page to results: 低保 ¥1,100, living ¥220, care ¥280', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await begin(t);
    expect(screen.getByText(t('ui.progress', { n: 1, total: 7, title: t('step.region') }))).toBeTruthy();
    await fillJiangmenCouple(t);
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.results') }));
    await heading(t('step.results'));
    const eligible = (await screen.findByRole('heading', { name: t('res.group.eligible') })).closest('section')!;
    expect(eligible.querySelector('[data-programme="dibao"]')!.textContent).toContain('¥1,100');
    expect(eligible.querySelector('[data-programme="disability-living"]')!.textContent).toContain('¥220');
    expect(eligible.querySelector('[data-programme="disability-care"]')!.textContent).toContain('¥280');
  });

  it('reads "800元", "八百", "８００" and "1,200" as the numbers they are, and says how it read them', async () => {
    const { i18n } = await renderApp({ at: '#/members' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.members'));
    const age = inputIn('members[0].age');
    expect(age.getAttribute('inputmode')).toBe('numeric');
    type('members[0].age', '六十七岁');
    expect(box('members[0].age').textContent).toContain(t('ui.readAs.age', { value: 67 }));
    expect(age.getAttribute('aria-invalid')).toBe('false');
    await next(t);
    await next(t);
    const pension = inputIn('members[0].income.pension');
    expect(pension.getAttribute('inputmode')).toBe('decimal');
    for (const [text, shown] of [['800元', '¥800'], ['八百', '¥800'], ['８００', '¥800'], ['￥1,200', '¥1,200']] as const) {
      type('members[0].income.pension', text);
      expect(pension.getAttribute('aria-invalid'), text).toBe('false');
      expect(box('members[0].income.pension').textContent).toContain(t('ui.readAs.money', { value: shown }));
    }
  });

  it('an unreadable amount is not "no income", not 0, stops 下一步 at the field, and keeps results back', async () => {
    const store = createMemoryStore();
    const { i18n } = await renderApp({ store, at: '#/members' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.members'));
    type('members[0].age', '67');
    await next(t);
    await next(t);
    const pension = inputIn('members[0].income.pension');
    type('members[0].income.pension', '800元?');
    expect(pension.getAttribute('aria-invalid')).toBe('true');
    expect(box('members[0].income.pension').textContent).toContain(t('error.number.notUnderstood', { text: '800元?' }));
    // "No income" did not tick itself, and the household holds nothing for the field.
    const none = within(box('members[0].income')).getByRole('checkbox', { name: t('q.income.none') }) as HTMLInputElement;
    expect(none.checked).toBe(false);
    await waitFor(async () => expect((await store.loadDraft())?.wizard?.invalid).toEqual({ 'members[0].income.pension': '800元?' }));
    expect((await store.loadDraft())?.household.members[0]?.income).toBeUndefined();
    // 下一步 goes to the field, with the problem named at the top.
    await next(t);
    expect(step()).toBe('#/income/1');
    expect(document.activeElement).toBe(pension);
    expect(document.querySelector('.error-summary')!.textContent).toContain(t('income.pension'));
    // Results are not shown: the check page lists the answer as typed.
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.skipToCheck') }));
    expect(step()).toBe('#/income/1'); // not even skipping past it
    history.replaceState(null, '', '#/results');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await heading(t('step.check'));
    expect(document.querySelector('.error-summary')!.textContent).toContain('800元?');
    expect(document.querySelector('.results')).toBeNull();
    // Corrected, the results come.
    fireEvent.click(screen.getByRole('button', { name: t('check.fixFirst') }));
    await waitFor(() => expect(step()).toContain('#/income/1'));
    type('members[0].income.pension', '800');
    await next(t);
    await heading(t('step.check'));
    expect(document.querySelector('.error-summary')).toBeNull();
  });

  it('typing an amount unticks "no income"; emptying it leaves the income unanswered, not "none"', async () => {
    const store = createMemoryStore();
    const { i18n } = await renderApp({ store, at: '#/income/1' });
    const t = i18n.t.bind(i18n);
    await screen.findByText(t('q.income.help'));
    const none = () => within(box('members[0].income')).getByRole('checkbox', { name: t('q.income.none') }) as HTMLInputElement;
    fireEvent.click(none());
    expect(none().checked).toBe(true);
    type('members[0].income.wages', '500');
    expect(none().checked).toBe(false);
    type('members[0].income.wages', '');
    expect(none().checked).toBe(false);
    await waitFor(async () => expect((await store.loadDraft())?.household.members[0]).not.toHaveProperty('income'));
  });

  it('asks a child about school and parents — no jobs, retirement, family planning or work injury', async () => {
    const { i18n } = await renderApp({ at: '#/members' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.members'));
    type('members[0].age', '40');
    fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
    select('members[1].relation', 'child');
    type('members[1].age', '8');
    history.replaceState(null, '', '#/person/2');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await screen.findByText(t('q.work.child'));
    const options = within(box('members[1].work')).getAllByRole('radio').map((r) => r.closest('label')!.textContent);
    expect(options).toEqual([t('enum.work.child.student'), t('enum.work.child.preschool')]);
    pick('members[1].work', t('enum.work.child.student'));
    expect(box('members[1].school')).toBeTruthy();
    expect(document.querySelector('[data-path="members[1].father"]')).not.toBeNull();
    pick('members[1].disability', t('ui.yes'));
    expect(document.querySelector('[data-path="members[1].disability.grade"]')).not.toBeNull();
    expect(document.querySelector('[data-path="members[1].workInjuryCareAllowance"]')).toBeNull();
    expect(document.querySelector('[data-path="members[1].onlyChild"]')).toBeNull();
    // Both parents there and caring: no supporters question (they are the supporters)…
    select('members[1].father', 'present');
    select('members[1].mother', 'present');
    expect(document.querySelector('[data-path="members[1].legalSupporters"]')).toBeNull();
    // …one is not: asked, in a child's terms.
    select('members[1].father', 'dead');
    expect(within(box('members[1].legalSupporters')).getByText(t('q.legalSupporters.child'))).toBeTruthy();
    // The household page asks family planning of the adult only.
    history.replaceState(null, '', '#/household');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await heading(t('step.household'));
    pick('familyPlanning', t('ui.yes'));
    expect(document.querySelector('[data-path="members[0].onlyChild"]')).not.toBeNull();
    expect(document.querySelector('[data-path="members[1].onlyChild"]')).toBeNull();
  });

  it('explains "legal supporter" with the household itself: the grandmother raising her grandchildren', async () => {
    const h: Household = jiangmenHousehold(
      [memberOf({ name: '王奶奶', age: 68 }), memberOf({ relation: 'grandchild', name: '小明', age: 12, work: 'student', father: 'dead', mother: 'out-of-contact', legalSupporters: undefined })],
      { region: 'cn-jx-ganzhou-longnan', hukou: 'rural' },
    );
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household: h, step: 'person-1', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    const q = await waitFor(() => box('members[1].legalSupporters'));
    expect(q.textContent).toContain(t('q.legalSupporters.example.grandparent', { supporter: '王奶奶', person: '小明' }));
  });

  it('asks "was anyone in hospital?" before any bill; a self-paid figure alone gives the medical-aid estimate', async () => {
    const h: Household = jiangmenHousehold([memberOf({ age: 70, income: { pension: 300 } })], { region: 'cn-jx-ganzhou-longnan', hukou: 'rural' });
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household: h, step: 'hospital', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await heading(t('step.hospital'));
    expect(document.querySelector('[data-path="members[0].hospitalBill.selfPaid"]')).toBeNull();
    pick('hospital', t('ui.yes'));
    fireEvent.click(within(box('hospital.who')).getAllByRole('checkbox')[0]!);
    await next(t);
    await screen.findByText(t('q.bill.help'));
    type('members[0].hospitalBill.selfPaid', '5000元');
    await next(t);
    await heading(t('step.check'));
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.results') }));
    await heading(t('step.results'));
    const card = (await waitFor(() => document.querySelector('[data-programme="medical-aid"]')!)) as HTMLElement;
    expect(card.textContent).toContain('¥4,000');
  });

  it('check your answers: grouped by person, 修改 opens the question and comes back', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await begin(t);
    await fillJiangmenCouple(t);
    const person = (i: number) => document.querySelector(`[data-section="member-${i}"]`) as HTMLElement;
    expect(person(0).textContent).toContain(t('income.pension'));
    expect(person(0).textContent).toContain('¥800');
    expect(person(1).textContent).toContain(t('value.grade', { value: 2 }));
    const row = person(0).querySelector('[data-path="members[0].income"]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: new RegExp(t('check.change')) }));
    await waitFor(() => expect(step()).toBe('#/income/1?back=check&q=members%5B0%5D.income'));
    type('members[0].income.pension', '900');
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.backToCheck') }));
    await heading(t('step.check'));
    expect(person(0).textContent).toContain('¥900');
  });

  it('keeps the step in the address: back goes to the previous step, a reload lands on the same one', async () => {
    const store = createMemoryStore();
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    await begin(t);
    await chooseRegion('龙南', '龙南市');
    await next(t);
    await heading(t('step.members'));
    expect(step()).toBe('#/members');
    type('members[0].age', '70');
    await next(t);
    expect(step()).toBe('#/person/1');
    history.back();
    await heading(t('step.members'));
    expect(inputIn('members[0].age').value).toBe('70');
    await next(t);
    await waitFor(() => expect(step()).toBe('#/person/1'));
    await waitFor(async () => expect((await store.loadDraft())?.step).toBe('person-0'));
    cleanup();
    // A reload: same address, same store.
    await renderApp({ store, at: '#/person/1' });
    await screen.findByText(t('q.person.withAge', { label: t('member.withRelation', { label: t('member.default', { n: 1 }), relation: t('enum.relation.self') }), age: 70 }));
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.back') }));
    await heading(t('step.members'));
  });

  it('says which field and what is wrong when an age is not a whole number', async () => {
    const { i18n } = await renderApp({ at: '#/members' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.members'));
    const age = inputIn('members[0].age');
    type('members[0].age', '4.5');
    const err = age.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!).find((e) => e.classList.contains('error'))!;
    expect(err.textContent).toBe(t('error.number.decimals_age'));
    await next(t);
    expect(document.querySelector('.error-summary')!.textContent).toContain(t('error.field', { field: t('q.age'), problem: t('error.number.decimals_age') }));
  });

  it('will not leave the region step without a region, and says so', async () => {
    const { i18n } = await renderApp({ at: '#/region' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.region'));
    await next(t);
    expect(step()).toBe('#/region');
    expect(screen.getAllByText(t('error.region')).length).toBeGreaterThan(0);
  });

  it('autosaves the draft as the user types and brings it back after a reload', async () => {
    const store = createMemoryStore();
    const first = await renderApp({ store, at: '#/members' });
    const t = first.i18n.t.bind(first.i18n);
    await heading(t('step.members'));
    type('members[0].age', '52');
    await waitFor(async () => expect((await store.loadDraft())?.household.members[0]?.age).toBe(52));
    cleanup();
    // Opened afresh on the same device: the draft is back, on the same step.
    await renderApp({ store });
    await heading(t('step.members'));
    expect(screen.getByText(t('storage.draftRestored'))).toBeTruthy();
    expect(inputIn('members[0].age').value).toBe('52');
  });

  it('removes a member with undo', async () => {
    const { i18n } = await renderApp({ at: '#/members' });
    const t = i18n.t.bind(i18n);
    await heading(t('step.members'));
    fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
    type('members[1].age', '12');
    expect(screen.getByText(t('q.members.count', { count: 2 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t('q.member.remove') }));
    expect(screen.getByText(t('q.members.count', { count: 1 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t('ui.undo') }));
    expect(screen.getByText(t('q.members.count', { count: 2 }))).toBeTruthy();
    expect(inputIn('members[1].age').value).toBe('12');
  });
});
