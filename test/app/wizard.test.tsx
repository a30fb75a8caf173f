// @vitest-environment jsdom
/**
 * The wizard, step by step, as a resident would use it: region → members → details → income → assets → hospital →
 * results, back and forth without losing answers, checks as typed, autosave and the restored draft.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage';
import { chooseRegion, renderApp } from './helpers';

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(cleanup);

async function next(t: (k: string) => string) {
  fireEvent.click(screen.getByRole('button', { name: t('ui.nav.next') }));
}

function radio(group: string, option: string): HTMLElement {
  const fieldset = screen.getAllByRole('group').find((g) => within(g).queryByText(group, { selector: 'legend' }));
  if (!fieldset) throw new Error(`no question "${group}"`);
  return within(fieldset).getByRole('radio', { name: option });
}

function inputIn(path: string): HTMLInputElement {
  const el = document.querySelector(`[data-path="${path}"] input, [data-path="${path}"] select`);
  if (!el) throw new Error(`no input for ${path}`);
  return el as HTMLInputElement;
}

describe('wizard', () => {
  it('goes from an empty screen to an explained Jiangmen result', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    // Step 1: region (Next stays disabled until a region is chosen)
    await screen.findByRole('heading', { name: t('step.region') });
    expect(screen.getByText(t('ui.progress', { n: 1, total: 7, title: t('step.region') }))).toBeTruthy();
    expect((screen.getByRole('button', { name: t('ui.nav.next') }) as HTMLButtonElement).disabled).toBe(true);
    await chooseRegion('江门', '江门市');
    fireEvent.click(radio(t('q.hukou'), t('enum.hukou.urban')));
    await next(t);

    // Step 2: members
    await screen.findByRole('heading', { name: t('step.members') });
    fireEvent.input(inputIn('members[0].age'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
    fireEvent.change(inputIn('members[1].relation'), { target: { value: 'spouse' } });
    fireEvent.input(inputIn('members[1].age'), { target: { value: '44' } });
    await next(t);

    // Step 3: details — only relevant questions: no school or parents questions for adults
    await screen.findByRole('heading', { name: t('step.details') });
    expect(document.querySelector('[data-path="members[0].father"]')).toBeNull();
    expect(document.querySelector('[data-path="members[0].school"]')).toBeNull();
    fireEvent.click(within(document.querySelector('[data-path="members[0].work"]')!).getByRole('radio', { name: t('enum.work.employed') }));
    fireEvent.click(within(document.querySelector('[data-path="members[0].disability"]')!).getByRole('radio', { name: t('ui.no') }));
    fireEvent.click(within(document.querySelector('[data-path="members[1].work"]')!).getByRole('radio', { name: t('enum.work.unable') }));
    fireEvent.click(within(document.querySelector('[data-path="members[1].disability"]')!).getByRole('radio', { name: t('ui.yes') }));
    // Disability details appear only once there is a certificate
    const grade = await waitFor(() => document.querySelector('[data-path="members[1].disability.grade"]')!);
    fireEvent.click(within(grade as HTMLElement).getByRole('radio', { name: t('value.grade', { value: 1 }) }));
    fireEvent.change(inputIn('members[1].disability.kind'), { target: { value: 'physical' } });
    fireEvent.click(within(document.querySelector('[data-path="members[1].disability.needsLongTermCare"]')!).getByRole('radio', { name: t('ui.yes') }));
    fireEvent.click(within(document.querySelector('[data-path="members[1].workInjuryCareAllowance"]')!).getByRole('radio', { name: t('ui.no') }));
    // A disabled adult could be 特困: the legal-supporters question is asked for them (and not for the applicant).
    expect(document.querySelector('[data-path="members[0].legalSupporters"]')).toBeNull();
    fireEvent.click(within(document.querySelector('[data-path="members[1].legalSupporters"]')!).getByRole('radio', { name: t('enum.legalSupporters.able') }));
    fireEvent.click(within(document.querySelector('[data-path="familyPlanning"]')!).getByRole('radio', { name: t('ui.no') }));
    await next(t);

    // Step 4: income, checked as typed
    await screen.findByRole('heading', { name: t('step.income') });
    const wages = inputIn('members[0].income.wages');
    fireEvent.input(wages, { target: { value: '-5' } });
    expect(wages.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText(t('error.money')).length).toBeGreaterThan(0);
    fireEvent.input(wages, { target: { value: '1000' } });
    expect(wages.getAttribute('aria-invalid')).toBe('false');
    fireEvent.click(within(document.querySelector('[data-path="members[1].income"]')!).getByRole('checkbox', { name: t('q.income.none') }));
    await next(t);

    // Step 5: assets and statuses
    await screen.findByRole('heading', { name: t('step.assets') });
    fireEvent.click(radio(t('q.assets'), t('enum.assets.yes')));
    fireEvent.click(screen.getAllByRole('checkbox', { name: t('q.statuses.none') })[0]!);
    fireEvent.click(radio(t('q.suddenHardship'), t('ui.no')));
    await next(t);

    // Step 6: hospital bill (optional) → results
    await screen.findByRole('heading', { name: t('step.hospital') });
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.results') }));
    await screen.findByRole('heading', { name: t('step.results') });
    const eligible = await screen.findByRole('heading', { name: t('res.group.eligible') });
    const section = eligible.closest('section')!;
    const dibao = section.querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(dibao).toBeTruthy();
    expect(dibao.textContent).toContain('¥900');
    expect(dibao.textContent).toContain('¥10,800');
    expect(section.querySelector('[data-programme="disability-living"]')?.textContent).toContain('¥220');
    expect(section.querySelector('[data-programme="disability-care"]')?.textContent).toContain('¥280');
    // Why: every condition with ✓ and its source
    fireEvent.click(within(dibao).getByRole('button', { name: t('res.card.why') }));
    expect(within(dibao).getByText(/¥500/)).toBeTruthy();
    expect(within(dibao).getAllByRole('img', { name: t('outcome.met') }).length).toBeGreaterThanOrEqual(3);
    expect(dibao.textContent).toContain('全市低保标准为每人每月950元');
    // Totals per month and per year
    expect(screen.getByText(t('res.total')).closest('section')!.textContent).toContain('¥1,400');
  });

  it('keeps every answer when going back and forward', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await chooseRegion('龙南', '龙南市');
    fireEvent.click(radio(t('q.hukou'), t('enum.hukou.rural')));
    await next(t);
    fireEvent.input(inputIn('members[0].age'), { target: { value: '70' } });
    await next(t);
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.back') }));
    expect(inputIn('members[0].age').value).toBe('70');
    fireEvent.click(screen.getByRole('button', { name: t('ui.nav.back') }));
    expect(screen.getByTestId('region-chosen').textContent).toContain('龙南市');
    expect((radio(t('q.hukou'), t('enum.hukou.rural')) as HTMLInputElement).checked).toBe(true);
  });

  it('asks about parents only for children and about school only for students', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await chooseRegion('上饶', '上饶市');
    await next(t);
    fireEvent.input(inputIn('members[0].age'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
    fireEvent.change(inputIn('members[1].relation'), { target: { value: 'child' } });
    fireEvent.input(inputIn('members[1].age'), { target: { value: '9' } });
    await next(t);
    expect(document.querySelector('[data-path="members[1].father"]')).not.toBeNull();
    expect(document.querySelector('[data-path="members[0].father"]')).toBeNull();
    expect(document.querySelector('[data-path="members[1].school"]')).toBeNull();
    fireEvent.click(within(document.querySelector('[data-path="members[1].work"]')!).getByRole('radio', { name: t('enum.work.student') }));
    expect(document.querySelector('[data-path="members[1].school"]')).not.toBeNull();
  });

  it('names the field and the problem when an age is not a whole number', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await chooseRegion('江门', '江门市');
    await next(t);
    const age = inputIn('members[0].age');
    fireEvent.input(age, { target: { value: '4.5' } });
    const describedBy = age.getAttribute('aria-describedby')!;
    const err = describedBy.split(' ').map((id) => document.getElementById(id)!).find((e) => e.classList.contains('error'))!;
    expect(err.textContent).toBe(t('error.age'));
  });

  it('autosaves the draft as the user types and brings it back after a reload', async () => {
    const store = createMemoryStore();
    const first = await renderApp({ store });
    const t = first.i18n.t.bind(first.i18n);
    await chooseRegion('江门', '江门市');
    await next(t);
    fireEvent.input(inputIn('members[0].age'), { target: { value: '52' } });
    await waitFor(async () => expect((await store.loadDraft())?.household.members[0]?.age).toBe(52));
    cleanup();
    // A new page on the same device: the draft is back, on the same step.
    await renderApp({ store });
    await screen.findByRole('heading', { name: t('step.members') });
    expect(screen.getByText(t('storage.draftRestored'))).toBeTruthy();
    expect(inputIn('members[0].age').value).toBe('52');
  });

  it('removes a member with undo', async () => {
    const { i18n } = await renderApp();
    const t = i18n.t.bind(i18n);
    await chooseRegion('江门', '江门市');
    await next(t);
    fireEvent.click(screen.getByRole('button', { name: t('q.members.add') }));
    fireEvent.input(inputIn('members[1].age'), { target: { value: '12' } });
    expect(screen.getByText(t('q.members.count', { count: 2 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t('q.member.remove') }));
    expect(screen.getByText(t('q.members.count', { count: 1 }))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t('ui.undo') }));
    expect(screen.getByText(t('q.members.count', { count: 2 }))).toBeTruthy();
    expect(inputIn('members[1].age').value).toBe('12');
  });
});
