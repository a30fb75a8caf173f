// @vitest-environment jsdom
/**
 * Results a person can act on: headlines in the period money is paid in (never "不低于 ¥0", never cents from a
 * yearly grant ÷ 12), each member's own medical-aid ratio and a bill estimate from what was entered, what to do
 * next (where, 12345, the documents once each, the office decides), an answer that moves a child between
 * programmes, and sending the summary through the share sheet (or a download).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nContext } from '../../src/app/i18n';
import { headline, headlineAmount } from '../../src/app/results/model';
import ResultsView from '../../src/app/results/ResultsView';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import { DATE, i18nFor, jiangmenHousehold, memberOf, pack } from './helpers';

/** A Blob's text (jsdom's Blob has no text()). */
const textOf = (b: Blob) =>
  new Promise<string>((ok) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.readAsText(b);
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function show(household: Household, lang: Lang = 'zh-CN') {
  const i18n = await i18nFor(lang);
  const t = i18n.t.bind(i18n);
  function Harness() {
    const [h, setH] = useState(household);
    return (
      <I18nContext.Provider value={{ t, lang }}>
        <ResultsView household={h} cp={pack()} date={DATE} onAnswer={setH} onEdit={() => undefined} onSave={() => undefined} onPrint={() => undefined} savedName="王奶奶家" />
      </I18nContext.Provider>
    );
  }
  render(<Harness />);
  return t;
}

/** The Longnan grandmother (68, tekun) raising two grandchildren whose father died and mother is out of contact. */
const longnan = (extra: Partial<Household['members'][number]> = {}): Household =>
  jiangmenHousehold(
    [
      memberOf({ name: '王奶奶', age: 68, income: { residentsBasicPension: 150 }, legalSupporters: 'unable', seriousIllness: false }),
      memberOf({ relation: 'grandchild', name: '小明', sex: 'male', age: 12, work: 'student', school: { stage: 'primary', boarding: true, rural: true }, income: {}, father: 'dead', mother: 'out-of-contact', legalSupporters: undefined, onlyChild: undefined, fpSurgeryComplication: undefined, seriousIllness: false, ...extra }),
      memberOf({ relation: 'grandchild', name: '小红', age: 8, work: 'student', school: { stage: 'primary', boarding: false, rural: true }, income: {}, father: 'dead', mother: 'out-of-contact', legalSupporters: 'able', onlyChild: undefined, fpSurgeryComplication: undefined, seriousIllness: false }),
    ],
    { region: 'cn-jx-ganzhou-longnan', hukou: 'rural' },
  );

const couple = (pension = 800): Household =>
  jiangmenHousehold([
    memberOf({ sex: 'male', age: 67, income: { pension } }),
    memberOf({ relation: 'spouse', age: 65, work: 'unable', income: {}, disability: { certificate: true, grade: 2, kind: 'physical', needsLongTermCare: true }, workInjuryCareAllowance: false }),
  ]);

describe('headline', () => {
  it('adds up the monthly amounts known: the Jiangmen couple gets ¥1,600 a month (¥1,100 + ¥220 + ¥280)', async () => {
    const h = headline(evaluate(couple(), pack(), { date: DATE }));
    expect(h.monthly.map((i) => [i.id, i.amount.value])).toEqual([
      ['dibao', 1100],
      ['disability-living', 220],
      ['disability-care', 280],
    ]);
    expect(h.monthlyTotal).toEqual({ value: 1600, period: 'month', exactness: 'exact' });
    const t = await show(couple());
    expect(screen.getByTestId('monthly-total').textContent).toBe(t('res.total.perMonth', { amount: '¥1,600' }));
  });

  it('keeps yearly grants per year, minimums apart, and names amounts set locally — never "不低于 ¥0" or cents from ÷ 12', async () => {
    const report = evaluate(longnan({ legalSupporters: 'able' }), pack(), { date: DATE });
    const h = headline(report);
    expect(h.yearly.map((i) => [i.id, i.amount.value, i.amount.period])).toEqual([
      ['edu-boarding', 1000, 'year'],
    ]); // school meals (edu-nutrition) are help in kind: not money, not here
    expect(report.programs.find((p) => p.id === 'edu-nutrition')).toMatchObject({ status: 'eligible', kind: 'in-kind', amount: null });
    expect(h.atLeast.map((i) => i.id)).toEqual(['tekun']);
    expect(h.atLeast[0]!.amount.min).toBe(1163); // 1.3 × ¥895, rounded down: never overstated
    expect(h.setLocally.map((i) => i.id)).toContain('de-facto-orphan');
    const t = await show(longnan({ legalSupporters: 'able' }));
    const card = screen.getByTestId('headline');
    expect(card.textContent).not.toMatch(/\.\d\d/); // no cents anywhere in the headline
    expect(card.textContent).not.toContain(t('amount.floor', { value: '¥0' }));
    expect(within(screen.getByTestId('yearly')).getByText(t('per.year', { amount: '¥1,000' }))).toBeTruthy();
    expect(screen.getByTestId('at-least').textContent).toContain(t('amount.atLeast', { value: t('amount.approx', { value: '¥1,163' }) })); // 1.3 × 约895: still 约
    expect(screen.getByTestId('set-locally').textContent).toContain(t('prog.de-facto-orphan.name'));
  });

  it('rounds for the headline only where it is safe: a floor down, 约 to the yuan, exact untouched', () => {
    expect(headlineAmount({ min: 1163.5, period: 'month', exactness: 'floor', approximate: true }).min).toBe(1163);
    expect(headlineAmount({ value: 989.6, period: 'month', exactness: 'approximate' }).value).toBe(990);
    expect(headlineAmount({ value: 616.67, period: 'month', exactness: 'exact' }).value).toBe(616.67);
  });

  it('shows a yearly grant as a year on its card, not ¥83.33 a month', async () => {
    await show(longnan({ legalSupporters: 'able' }));
    const card = document.querySelector('[data-programme="edu-boarding"]') as HTMLElement;
    expect(card.textContent).toContain('¥1,000');
    expect(card.textContent).not.toContain('¥83.33');
  });
});

describe('a choice between exclusive programmes (特困 or de-facto orphan)', () => {
  /** Jiangmen 9-year-old: father dead, mother seriously ill, no able supporter — 特困 ¥1,520 or de-facto ¥2,375. */
  const child = (): Household =>
    jiangmenHousehold([
      memberOf({ name: '小军', sex: 'male', age: 9, work: 'student', school: { stage: 'primary', boarding: false, rural: false }, income: {}, father: 'dead', mother: 'seriously-ill', legalSupporters: 'unable', hivInfected: false }),
    ]);

  it('counts one of them (¥2,375, not ¥3,895) and names the other as the alternative, on the headline and on both cards', async () => {
    const h = headline(evaluate(child(), pack(), { date: DATE }));
    expect(h.monthlyTotal).toEqual({ value: 2375, period: 'month', exactness: 'exact' });
    expect(h.alternatives.map((i) => i.id)).toEqual(['tekun']);
    const t = await show(child());
    expect(screen.getByTestId('monthly-total').textContent).toBe(t('res.total.perMonth', { amount: '¥2,375' }));
    expect(screen.getByTestId('alternatives').textContent).toContain(t('prog.tekun.name'));
    const tekun = document.querySelector('[data-programme="tekun"] [data-choice]') as HTMLElement;
    const defacto = document.querySelector('[data-programme="de-facto-orphan"] [data-choice]') as HTMLElement;
    expect(tekun.textContent).toContain(t('prog.de-facto-orphan.name'));
    expect(tekun.textContent).toContain('¥2,375');
    expect(tekun.classList.contains('taken')).toBe(false);
    expect(defacto.textContent).toContain(t('prog.tekun.name'));
    expect(defacto.textContent).toContain('¥1,520');
    expect(defacto.classList.contains('taken')).toBe(true);
  });
});

describe('medical aid', () => {
  it("shows each member's own ratio, and estimates from a self-paid amount alone", async () => {
    const h = longnan({ legalSupporters: 'able' });
    h.members[0]!.insurance = 'residents';
    h.members[0]!.hospitalBill = { selfPaid: 5000 };
    const t = await show(h);
    const card = document.querySelector('[data-programme="medical-aid"]') as HTMLElement;
    const figures = card.querySelector('.member-figures')!;
    // The grandmother (tekun) 100%, the children (de-facto orphans, under 14) 90%.
    expect(figures.querySelector('[data-member="0"]')!.textContent).toContain('100%');
    expect(figures.querySelector('[data-member="1"]')!.textContent).toContain('90%');
    expect(figures.querySelector('[data-member="0"]')!.textContent).toContain('¥5,000');
    fireEvent.click(within(card).getByRole('button', { name: t('res.card.why') }));
    const estimate = card.querySelector('.estimate')!;
    expect(estimate.textContent).toContain(t('res.card.estimateFromSelfPaid', { amount: '¥5,000' }));
    // Lines before the self-paid amount (the insurance steps) are not needed and not shown as unknown.
    expect(estimate.textContent).not.toContain(t('prog.medical-aid.let.inPolicyCost'));
    expect(screen.getByTestId('once').textContent).toContain('¥5,000');
  });
});

describe('what to do next', () => {
  it('says where to apply, to call 12345, the documents once each, and that the office decides', async () => {
    const t = await show(couple());
    const next = screen.getByTestId('next-steps');
    expect(next.textContent).toContain(t('print.where.text'));
    expect(next.textContent).toContain('12345');
    expect(next.textContent).toContain(t('next.decides'));
    const docs = [...next.querySelectorAll('[data-doc]')].map((d) => d.getAttribute('data-doc'));
    expect(docs).toContain('hukou-book');
    expect(new Set(docs).size).toBe(docs.length);
  });
});

describe('an answer that moves a child between programmes', () => {
  it("says that the grandchild's supporters decide 特困 or de-facto orphan, and what each answer gives", async () => {
    const t = await show(longnan());
    const note = screen.getByTestId('pivots');
    const item = note.querySelector('[data-path="members[1].legalSupporters"]')!;
    expect(item.textContent).toContain('小明');
    // Whatever the answer, the de-facto orphan programme; with nobody able to raise him, 特困 besides.
    expect(item.textContent).toContain(t('res.pivot.always', { programmes: '' }).trim());
    expect(item.querySelector('li')!.textContent).toContain(t('prog.de-facto-orphan.name'));
    const adds = [...item.querySelectorAll('li')].find((li) => li.textContent!.includes(t('enum.legalSupporters.child.unable')))!;
    expect(adds.textContent).toContain(t('prog.tekun.name'));
  });
});

describe('share', () => {
  it('sends the summary through the share sheet as a file where the browser can', async () => {
    const share = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { share, canShare: () => true }));
    const t = await show(couple());
    fireEvent.click(screen.getByTestId('share-summary'));
    await waitFor(() => expect(share).toHaveBeenCalled());
    const data = (share.mock.calls[0] as unknown as [{ files: File[] }])[0];
    expect(data.files[0]!.name).toMatch(/\.txt$/);
    const text = await textOf(data.files[0]!);
    expect(text).toContain(t('res.total.perMonth', { amount: '¥1,600' }));
    expect(text).toContain('12345');
    await screen.findByText(t('share.shared'));
  });

  it('falls back to a download where files cannot be shared', async () => {
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(Object.create(URL), { createObjectURL: (b: Blob) => (created.push(b), 'blob:x'), revokeObjectURL: () => undefined }));
    const t = await show(couple());
    fireEvent.click(screen.getByTestId('share-summary'));
    await waitFor(() => expect(created.length).toBe(1));
    expect(await textOf(created[0]!)).toContain('¥1,100');
    expect(screen.getByTestId('next-steps').textContent).toContain(t('share.downloaded', { file: '' }).slice(0, 6));
  });
});

describe('choices between exclusive programmes (reports that mark them)', () => {
  it('counts only the option taken; the other is named, never added', () => {
    const report = evaluate(couple(), pack(), { date: DATE });
    const living = report.programs.find((p) => p.id === 'disability-living')!;
    // Mark the living subsidy as an option not taken for the wife, as a report with choices does.
    (living.members!.find((m) => m.index === 1) as unknown as { choice: unknown }).choice = { id: 'test', taken: false };
    const h = headline(report);
    expect(h.monthly.map((i) => i.id)).toEqual(['dibao', 'disability-care']);
    expect(h.monthlyTotal?.value).toBe(1380);
    expect(h.alternatives.map((i) => i.id)).toEqual(['disability-living']);
  });
});

describe('figures past their horizon (reports that mark them)', () => {
  it('says in the headline that an amount uses the newest known figure', async () => {
    const report = evaluate(couple(), pack(), { date: DATE });
    (report.programs.find((p) => p.id === 'dibao') as unknown as { pastHorizon: unknown }).pastHorizon = { horizon: '2025', figures: ['dibao.standard.urban'] };
    expect(headline(report).pastHorizon).toBe('2025');
    expect(headline(evaluate(couple(), pack(), { date: DATE })).pastHorizon).toBeNull();
  });
});
