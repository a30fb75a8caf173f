// @vitest-environment jsdom
/**
 * A sensitive programme (Jiangmen's allowance for HIV-infected children, `sensitive: true`): left unanswered, as it
 * is for almost every child, it is not a "needs checking" card but waits in a quiet, collapsed "其他情况 / Less
 * common situations" group at the end — counted, not named, in the print and the shared text, apart at the end of
 * the CLI text, and not on the caseload's next-visit list. Eligible, it shows as usual, with the one-allowance-per-
 * child choice against 特困 and 事实无人抚养儿童. The wizard asks it only in Jiangmen, optionally, with privacy
 * wording, and an answer can be taken back. Both languages.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { I18nContext } from '../../src/app/i18n';
import { personFields } from '../../src/app/household-edit';
import PrintView from '../../src/app/print/PrintView';
import { snapshot } from '../../src/app/results/model';
import ResultsView from '../../src/app/results/ResultsView';
import { summaryText } from '../../src/app/results/summary-text';
import CheckAnswers from '../../src/app/steps/CheckAnswers';
import { PersonStep } from '../../src/app/steps/steps';
import { questionPlan, regionProgrammes } from '../../src/app/wizard/plan';
import { renderTextReport } from '../../src/cli/text-report';
import { evaluate } from '../../src/engine/evaluate';
import type { Household, Member } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import { createMemoryStore } from '../../src/storage';
import { isQuiet } from '../../src/shared/sensitive';
import { summarize } from '../../src/storage/store';
import { DATE, i18nFor, jiangmenHousehold, memberOf, pack, renderApp } from './helpers';

beforeAll(async () => {
  await Promise.all([import('../../src/app/caseload/Caseload'), import('../../src/app/caseload/HouseholdCase'), import('../../src/app/caseload/Summary')]);
});
afterEach(cleanup);

const LANGS: Lang[] = ['zh-CN', 'en'];
const parent = (extra: Partial<Member> = {}): Member => memberOf({ sex: 'female', age: 38, work: 'employed', income: { wages: 4000 }, ...extra });
const child = (extra: Partial<Member> = {}): Member =>
  memberOf({ relation: 'child', sex: 'male', age: 9, work: 'student', school: { stage: 'primary' }, father: 'present', mother: 'present', income: {}, onlyChild: undefined, fpSurgeryComplication: undefined, ...extra });
/** A Jiangmen family with a 9-year-old whose HIV status is not given (as for almost every child). */
const family = (kid: Partial<Member> = {}): Household => jiangmenHousehold([parent(), child(kid)]);

async function tFor(lang: Lang) {
  const i18n = await i18nFor(lang);
  return i18n.t.bind(i18n);
}

async function showResults(household: Household, lang: Lang) {
  const t = await tFor(lang);
  function Harness() {
    const [h, setH] = useState(household);
    return (
      <I18nContext.Provider value={{ t, lang }}>
        <ResultsView household={h} cp={pack()} date={DATE} onAnswer={setH} onEdit={() => undefined} onSave={() => undefined} />
      </I18nContext.Provider>
    );
  }
  render(<Harness />);
  return t;
}

const group = (t: (k: string) => string, key: string): HTMLElement => screen.getByRole('heading', { name: t(`res.group.${key}`) }).closest('section, details') as HTMLElement;
const card = (root: HTMLElement, id: string) => root.querySelector(`[data-programme="${id}"]`) as HTMLElement | null;

describe('a sensitive programme left unanswered is quiet', () => {
  for (const lang of LANGS) {
    it(`[${lang}] is not a "needs checking" card: it waits, collapsed, in "less common situations" at the end`, async () => {
      const t = await showResults(family(), lang);
      expect(evaluate(family(), pack(), { date: DATE }).programs.find((p) => p.id === 'hiv-child')).toMatchObject({ status: 'undetermined', sensitive: true });
      expect(card(group(t, 'undetermined'), 'hiv-child')).toBeNull();
      const quiet = screen.getByTestId('quiet-group') as HTMLDetailsElement;
      expect(within(quiet).getByRole('heading', { name: t('res.group.quiet') })).toBeTruthy();
      expect(t('res.group.quiet')).toBe(lang === 'zh-CN' ? '其他情况' : 'Less common situations');
      expect(quiet.open).toBe(false);
      expect(card(quiet, 'hiv-child')).toBeTruthy();
      expect(quiet.textContent).toContain(t('res.quiet.lead'));
      // The last group of the results: after "not eligible", before what to do next.
      const ineligible = group(t, 'ineligible');
      expect(ineligible.compareDocumentPosition(quiet) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(quiet.compareDocumentPosition(screen.getByTestId('next-steps')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      // Not among the documents to bring (an HIV diagnosis for every family with a child).
      expect(screen.getByTestId('next-steps').textContent).not.toContain(t('doc.hiv-diagnosis'));
    });

    it(`[${lang}] answered "yes" in the quiet group, it shows as usual under "can apply": ¥2,375 a month`, async () => {
      const t = await showResults(family(), lang);
      const quiet = screen.getByTestId('quiet-group');
      fireEvent.click(within(card(quiet, 'hiv-child')!).getByRole('button', { name: t('res.card.why') }));
      const question = quiet.querySelector('[data-path="members[1].hivInfected"]') as HTMLElement;
      expect(question.textContent).toContain(t('q.hivInfected.help'));
      fireEvent.click(within(question).getByLabelText(t('ui.yes')));
      const eligible = card(group(t, 'eligible'), 'hiv-child');
      expect(eligible).toBeTruthy();
      expect(eligible!.textContent).toMatch(/2,?375/);
      expect(screen.queryByTestId('quiet-group')).toBeNull();
    });
  }

  it('is counted nowhere as "needs checking": the summary line is the same as without the programme', async () => {
    const t = await showResults(family(), 'zh-CN');
    const report = evaluate(family(), pack(), { date: DATE });
    const open = report.programs.filter((p) => p.status === 'undetermined' && p.id !== 'hiv-child').length;
    const eligible = report.programs.filter((p) => p.status === 'eligible' && !p.alreadyReceives).length;
    const already = report.programs.filter((p) => p.alreadyReceives).length;
    expect(document.querySelector('.summary-line')!.textContent).toBe(t('res.summary', { eligible, undetermined: open, already }));
  });

  it('answered "yes" but still open for another answer (is she an orphan?): an ordinary "needs checking" card', async () => {
    const h = family({ hivInfected: true, father: 'dead', mother: 'unsure' });
    const report = evaluate(h, pack(), { date: DATE, explain: false });
    expect(report.programs.find((p) => p.id === 'hiv-child')).toMatchObject({ status: 'undetermined', missing: ['members[1].mother'] });
    const t = await showResults(h, 'zh-CN');
    expect(card(group(t, 'undetermined'), 'hiv-child')).toBeTruthy();
    expect(screen.queryByTestId('quiet-group')).toBeNull();
    // Two children, one said "yes" (open for another answer), the other left blank: not quiet either.
    const two = jiangmenHousehold([parent(), child({ hivInfected: true, father: 'dead', mother: 'unsure' }), child({ age: 6 })]);
    expect(isQuiet(evaluate(two, pack(), { date: DATE }).programs.find((p) => p.id === 'hiv-child')!)).toBe(false);
    // Both left blank: quiet.
    const blank = jiangmenHousehold([parent(), child(), child({ age: 6 })]);
    expect(isQuiet(evaluate(blank, pack(), { date: DATE, explain: false }).programs.find((p) => p.id === 'hiv-child')!)).toBe(true);
  });

  it('a child not infected: ineligible, with the ineligible; no quiet group', async () => {
    const t = await showResults(family({ hivInfected: false }), 'en');
    expect(screen.queryByTestId('quiet-group')).toBeNull();
    expect(card(group(t, 'undetermined'), 'hiv-child')).toBeNull();
    expect(card(group(t, 'eligible'), 'hiv-child')).toBeNull();
  });
});

describe('eligible, it shows as usual — with the one-allowance-per-child choice', () => {
  for (const lang of LANGS) {
    it(`[${lang}] a de-facto unsupported child with HIV: both cards say only one of the two 2375 allowances is counted`, async () => {
      const h = jiangmenHousehold([
        memberOf({ relation: 'grandparent', age: 63, work: 'retired', income: { pension: 2500 } }),
        child({ relation: 'grandchild', age: 7, father: 'dead', mother: 'prison', hivInfected: true, legalSupporters: 'able' }),
      ]);
      const t = await showResults(h, lang);
      const eligible = group(t, 'eligible');
      const hiv = card(eligible, 'hiv-child')!;
      const defacto = card(eligible, 'de-facto-orphan')!;
      expect(hiv.querySelector('[data-choice="child-living-allowance"]:not(.taken)')).toBeTruthy();
      expect(defacto.querySelector('[data-choice="child-living-allowance"].taken')).toBeTruthy();
      expect(hiv.querySelector('.choice')!.textContent).toContain(t('prog.de-facto-orphan.name'));
      expect(screen.queryByTestId('quiet-group')).toBeNull();
    });

    it(`[${lang}] a tekun child with HIV takes the HIV-child allowance (2375), tekun (1520) the alternative`, async () => {
      const h = jiangmenHousehold([
        memberOf({ age: 72, income: { residentsBasicPension: 200 }, legalSupporters: 'none' }),
        child({ relation: 'grandchild', age: 12, hivInfected: true, legalSupporters: 'unable' }),
      ]);
      const t = await showResults(h, lang);
      const eligible = group(t, 'eligible');
      expect(card(eligible, 'hiv-child')!.querySelector('[data-choice="child-living-allowance"].taken')).toBeTruthy();
      const tekunChoice = card(eligible, 'tekun')!.querySelector('[data-choice="child-living-allowance"]:not(.taken)')!;
      expect(tekunChoice.textContent).toContain(t('prog.hiv-child.name'));
    });
  }
});

describe('print, shared text, CLI text and caseload stay quiet', () => {
  for (const lang of LANGS) {
    it(`[${lang}] the print counts it in one line, never names it, and asks for no HIV diagnosis`, async () => {
      const t = await tFor(lang);
      render(
        <I18nContext.Provider value={{ t, lang }}>
          <PrintView household={family()} cp={pack()} date={DATE} onBack={() => undefined} print={() => undefined} />
        </I18nContext.Provider>,
      );
      const view = document.querySelector('.print-view') as HTMLElement;
      expect(view.querySelector('.print-quiet')!.textContent).toBe(t('print.quiet', { count: 1 }));
      for (const word of [t('prog.hiv-child.name'), pack().pack.strings['zh-CN']['prog.hiv-child.name']!, t('doc.hiv-diagnosis'), t('q.hivInfected')]) expect(view.textContent).not.toContain(word);
      // Eligible, it is printed like any programme (and the quiet line goes).
      cleanup();
      render(
        <I18nContext.Provider value={{ t, lang }}>
          <PrintView household={family({ hivInfected: true })} cp={pack()} date={DATE} onBack={() => undefined} print={() => undefined} />
        </I18nContext.Provider>,
      );
      const printed = document.querySelector('.print-view') as HTMLElement;
      expect(printed.querySelector('.print-quiet')).toBeNull();
      expect(printed.textContent).toContain(pack().pack.strings['zh-CN']['prog.hiv-child.name']);
    });

    it(`[${lang}] the shared text counts it without naming it; the CLI text lists it apart, at the end, in one line`, async () => {
      const t = await tFor(lang);
      const h = family();
      const report = evaluate(h, pack(), { date: DATE });
      const shared = summaryText(report, h, t, lang);
      expect(shared).toContain(t('share.quiet', { count: 1 }));
      expect(shared).not.toContain(t('prog.hiv-child.name'));
      expect(shared).not.toContain(t('doc.hiv-diagnosis'));

      const text = renderTextReport(report, h, pack().pack, t, lang);
      const lines = text.split('\n');
      const heading = lines.indexOf(t('report.quiet'));
      expect(heading).toBeGreaterThan(0);
      const named = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes(t('prog.hiv-child.name')));
      expect(named).toHaveLength(1);
      expect(named[0]![1]).toBe(heading + 1);
      expect(named[0]![0]).toContain(t('field.hivInfected'));
      // Nothing of it after that line but the totals: no reasons, documents or sources.
      expect(lines.slice(heading + 2).join('\n')).not.toContain(t('doc.hiv-diagnosis'));
      expect(text.indexOf(t('report.total', { month: '', year: '' }).slice(0, 4))).toBeGreaterThan(text.indexOf(t('report.quiet')));
      // Eligible, the CLI text shows it in the list like any programme, and there is no quiet section.
      const yes = renderTextReport(evaluate(family({ hivInfected: true }), pack(), { date: DATE }), family({ hivInfected: true }), pack().pack, t, lang);
      expect(yes).not.toContain(t('report.quiet'));
      expect(yes).toMatch(new RegExp(`✓ ${t('prog.hiv-child.name').replace(/[()]/g, '\\$&')} — ${t('status.eligible')}`));
    });
  }

  it('the caseload: no HIV question on the next-visit list, no "undetermined" HIV allowance against the household', () => {
    const h = family();
    const snap = snapshot(evaluate(h, pack(), { date: DATE }));
    expect(snap.programmes.find((p) => p.id === 'hiv-child')).toMatchObject({ status: 'undetermined', quiet: true });
    expect(snap.missing).not.toContain('members[1].hivInfected');
    // The other open question is still there (the filter is not "drop everything").
    expect(snap.missing.length).toBeGreaterThan(0);
    const row = summarize({ id: 'p1', name: '甲户', household: h, lastResult: snap, createdAt: DATE, updatedAt: DATE } as never);
    expect(row.undetermined).not.toContain('hiv-child');
    // Eligible, it is listed like any programme.
    const yes = summarize({ id: 'p1', name: '甲户', household: family({ hivInfected: true }), lastResult: snapshot(evaluate(family({ hivInfected: true }), pack(), { date: DATE })), createdAt: DATE, updatedAt: DATE } as never);
    expect(yes.eligible).toContain('hiv-child');
  });
});

describe("the caseload's screens", () => {
  it('a household with the question open: no HIV allowance on its case page, no HIV question in the follow-ups', async () => {
    const store = createMemoryStore({ unsafeTestIterations: 1000 });
    await store.open();
    const h = jiangmenHousehold([parent(), child()]);
    const at = new Date(Date.UTC(2025, 7, 1)).toISOString();
    await store.putProfiles([{ id: 'p-1', name: '甲户', household: h, createdAt: at, updatedAt: at, lastResult: snapshot(evaluate(h, pack(), { date: DATE })) }]);
    const r = await renderApp({ store });
    const t = r.i18n.t.bind(r.i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('ui.nav.saved') }));
    fireEvent.click(await screen.findByRole('button', { name: t('case.view.summary') }));
    // The follow-ups list the other open question (boarding), not HIV status.
    await waitFor(() => expect(document.body.textContent).toContain(t('field.school.boarding')));
    expect(document.body.textContent).not.toContain(t('field.hivInfected'));
    expect(document.body.textContent).not.toContain(t('prog.hiv-child.name'));
    fireEvent.click(screen.getByRole('button', { name: t('case.view.list') }));
    fireEvent.click(await screen.findByRole('button', { name: t('case.visits') }));
    await screen.findByRole('heading', { name: t('case.title') });
    await waitFor(() => expect(document.querySelector('.application')).toBeTruthy());
    expect(document.querySelector('.application[data-programme="hiv-child"]')).toBeNull();
  });
});

describe('the wizard asks it only where it applies, optionally, with privacy wording', () => {
  it('a Jiangmen child is asked (under "more about this person"); a Shangrao child, a Jiangmen adult are not', () => {
    const jm = regionProgrammes(pack(), 'cn-gd-jiangmen');
    expect(personFields(family(), 1, jm).more).toContain('hivInfected');
    expect(personFields(family(), 1, jm).main).not.toContain('hivInfected');
    expect(personFields(family(), 0, jm).more).not.toContain('hivInfected');
    expect(personFields({ ...family(), region: 'cn-jx-shangrao' }, 1, regionProgrammes(pack(), 'cn-jx-shangrao')).more).not.toContain('hivInfected');
    // A catalogue district under Jiangmen (蓬江区 440703) has the Jiangmen programmes, so the question too.
    expect(personFields({ ...family(), region: 'cn-440703' }, 1, regionProgrammes(pack(), 'cn-440703')).more).toContain('hivInfected');
    // The check page lists what the pages ask.
    const rows = questionPlan(family(), {}, jm).flatMap((s) => s.rows.map((r) => r.path));
    expect(rows).toContain('members[1].hivInfected');
    expect(questionPlan(family(), {}, new Set()).flatMap((s) => s.rows.map((r) => r.path))).not.toContain('members[1].hivInfected');
  });

  for (const lang of LANGS) {
    it(`[${lang}] the check page lists it as optional when blank, with the answer once given; 修改 opens it`, async () => {
      const t = await tFor(lang);
      const jm = regionProgrammes(pack(), 'cn-gd-jiangmen');
      const check = (h: Household) => {
        cleanup();
        render(
          <I18nContext.Provider value={{ t, lang }}>
            <CheckAnswers household={h} memory={{}} plan={questionPlan(h, {}, jm)} problems={[]} regions={pack().pack.regions} onEdit={() => undefined} onResults={() => undefined} onPrevious={() => undefined} />
          </I18nContext.Provider>,
        );
        return document.querySelector('.check [data-path="members[1].hivInfected"]') as HTMLElement;
      };
      const blank = check(family());
      expect(blank.textContent).toContain(t('q.hivInfected'));
      expect(blank.textContent).toContain(t('check.optional'));
      expect(blank.textContent).not.toContain(t('check.unanswered'));
      // Another blank question still says "not answered".
      expect(document.querySelector('.check [data-path="members[1].school.boarding"]')!.textContent).toContain(t('check.unanswered'));
      expect(check(family({ hivInfected: false })).textContent).toContain(t('ui.no'));
      // 修改 lands on the question: "more about this person" opens.
      cleanup();
      render(
        <I18nContext.Provider value={{ t, lang }}>
          <PersonStep household={family()} onChange={() => undefined} index={1} regions={[]} memory={{}} onMemory={() => undefined} programmes={jm} focus="members[1].hivInfected" />
        </I18nContext.Provider>,
      );
      expect((document.querySelector('details.more') as HTMLDetailsElement).open).toBe(true);
      cleanup();
      render(
        <I18nContext.Provider value={{ t, lang }}>
          <PersonStep household={family()} onChange={() => undefined} index={1} regions={[]} memory={{}} onMemory={() => undefined} programmes={jm} />
        </I18nContext.Provider>,
      );
      expect((document.querySelector('details.more') as HTMLDetailsElement).open).toBe(false);
    });

    it(`[${lang}] says it is optional and computed on the phone only; an answer can be taken back to blank`, async () => {
      const t = await tFor(lang);
      expect(t('q.hivInfected.help')).toContain(lang === 'zh-CN' ? '可不填；只在本机计算，不会上传' : 'Optional; computed on this phone only, never sent');
      let latest = family();
      function Harness() {
        const [h, setH] = useState(latest);
        latest = h;
        return (
          <I18nContext.Provider value={{ t, lang }}>
            <PersonStep household={h} onChange={setH} index={1} regions={[]} memory={{}} onMemory={() => undefined} programmes={regionProgrammes(pack(), 'cn-gd-jiangmen')} />
          </I18nContext.Provider>
        );
      }
      render(<Harness />);
      const q = document.querySelector('[data-path="members[1].hivInfected"]') as HTMLElement;
      expect(q.closest('details.more')).toBeTruthy();
      expect(within(q).getByText(t('q.hivInfected'))).toBeTruthy();
      expect(q.textContent).toContain(t('q.hivInfected.help'));
      expect(screen.queryByRole('button', { name: t('ui.clearAnswer') })).toBeNull();
      fireEvent.click(within(q).getByLabelText(t('ui.no')));
      expect(latest.members[1]!.hivInfected).toBe(false);
      fireEvent.click(screen.getByRole('button', { name: t('ui.clearAnswer') }));
      expect(latest.members[1]!.hivInfected).toBeUndefined();
      expect('hivInfected' in latest.members[1]!).toBe(false);
      expect(screen.queryByRole('button', { name: t('ui.clearAnswer') })).toBeNull();
    });
  }
});
