// @vitest-environment jsdom
/**
 * The results view on its own: the four groups, reasons expanded with ✓ ✗ ?, a near miss said plainly, an amount
 * that is set locally, answering a missing question in place, and "what changed since" for a saved result.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nContext } from '../../src/app/i18n';
import { snapshot } from '../../src/app/results/model';
import ResultsView from '../../src/app/results/ResultsView';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import type { ResultSnapshot } from '../../src/storage/types';
import { DATE, i18nFor, jiangmenHousehold, memberOf, pack } from './helpers';

afterEach(cleanup);


async function show(household: Household, lang: Lang = 'zh-CN', previous?: ResultSnapshot) {
  const i18n = await i18nFor(lang);
  const t = i18n.t.bind(i18n);
  function Harness() {
    const [h, setH] = useState(household);
    return (
      <I18nContext.Provider value={{ t, lang }}>
        <ResultsView household={h} cp={pack()} date={DATE} onAnswer={setH} onEdit={() => undefined} onSave={() => undefined} previous={previous} />
      </I18nContext.Provider>
    );
  }
  render(<Harness />);
  return t;
}

function group(t: (k: string) => string, key: string): HTMLElement {
  return screen.getByRole('heading', { name: t(`res.group.${key}`) }).closest('section')!;
}


const base = jiangmenHousehold;
/** A working man of 45 with no income, every other answer given. */
const adult = (extra: Partial<Household['members'][number]> = {}): Household['members'][number] =>
  memberOf({ sex: 'male', age: 45, work: 'employed', income: {}, ...extra });

describe('results', () => {
  it('shows all four groups: can apply, needs checking, already receives, not eligible', async () => {
    const h = base(
      [
        adult({ income: { wages: 400 } }),
        adult({ relation: 'spouse', sex: 'female', age: 44, statuses: ['disability-care'], disability: { certificate: true, grade: 2, kind: 'physical', needsLongTermCare: true }, workInjuryCareAllowance: false }),
      ],
      { suddenHardship: undefined },
    );
    const t = await show(h);
    expect(group(t, 'eligible').querySelector('[data-programme="dibao"]')).toBeTruthy();
    expect(group(t, 'undetermined').querySelector('[data-programme="temporary-aid"]')).toBeTruthy();
    expect(group(t, 'already').querySelector('[data-programme="disability-care"]')).toBeTruthy();
    const ineligible = group(t, 'ineligible');
    fireEvent.click(within(ineligible).getByRole('button', { name: new RegExp(t('res.ineligible.show', { count: 999 }).replace('999', '\\d+')) }));
    expect(ineligible.querySelector('[data-programme="orphan"]')).toBeTruthy();
    // Announced politely to screen readers
    expect(screen.getByRole('status').textContent).toContain(t('res.liveRegion', { eligible: group(t, 'eligible').querySelectorAll('[data-programme]').length, undetermined: group(t, 'undetermined').querySelectorAll('[data-programme]').length }));
  });

  it('expands the reasons with ✓ ✗ ? and says a near miss plainly', async () => {
    const t = await show(base([adult({ income: { wages: 1000 } })]));
    const card = document.querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(card.closest('section')).toBe(group(t, 'ineligible'));
    // The near miss is on the card itself: ¥50 above the ¥950 line.
    expect(card.textContent).toContain(t('nearMiss.above', { diff: '¥50' }));
    fireEvent.click(within(card).getByRole('button', { name: t('res.card.why') }));
    expect(within(card).getAllByRole('img', { name: t('outcome.not-met') }).length).toBe(1);
    expect(within(card).getAllByRole('img', { name: t('outcome.met') }).length).toBe(2);
    expect(card.textContent).toContain('¥1,000');
    expect(card.textContent).toContain('¥950');
    expect(card.textContent).toContain(t('strength.seed'));
  });

  it('says "set locally" when the sources give no figure, and still gives the verdict', async () => {
    const h = base([adult({ age: 85, work: 'retired', legalSupporters: 'able', income: { wages: 5000 } })], { region: 'cn-jx-shangrao' });
    const t = await show(h);
    const card = group(t, 'eligible').querySelector('[data-programme="elderly-allowance"]') as HTMLElement;
    expect(card).toBeTruthy();
    expect(card.textContent).toContain(t('amount.unknown'));
    expect(card.textContent).toContain(t('amount.unknownHint'));
  });

  it('lets a missing answer be given in place, and the result updates', async () => {
    const h = base([adult({ income: { wages: 200 } })], { assetsMeetLocalRules: 'unsure' });
    const t = await show(h);
    const card = group(t, 'undetermined').querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(card).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: t('res.card.why') }));
    expect(card.textContent).toContain(t('res.card.whatChanges'));
    fireEvent.click(within(card).getByRole('radio', { name: t('enum.assets.yes') }));
    const now = group(t, 'eligible').querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(now).toBeTruthy();
    expect(now.textContent).toContain('¥750');
  });

  it('shows the rules version, the figures date and the disclaimer', async () => {
    const t = await show(base([adult({ income: { wages: 100 } })]));
    expect(screen.getByText(t('res.disclaimer'))).toBeTruthy();
    expect(screen.getByText(new RegExp(pack().version.replace('+', '\\+')))).toBeTruthy();
  });

  it('says what changed since the household was saved', async () => {
    const before = base([adult({ income: { wages: 100 } })]);
    const saved = snapshot(evaluate(before, pack(), { date: DATE }));
    const t = await show(base([adult({ income: { wages: 2000 } })]), 'zh-CN', saved);
    const changes = screen.getByRole('heading', { name: t('res.changes.title') }).closest('section')!;
    expect(changes.textContent).toContain(t('prog.dibao.name'));
    expect(changes.textContent).toContain(`${t('status.eligible')} → ${t('status.ineligible')}`);
  });

  it('draws benefits and income in hand against income, with a caption worked out from the plotted data', async () => {
    const t = await show(base([adult({ income: { wages: 400 } }), adult({ relation: 'spouse', sex: 'female' })]));
    const svg = document.querySelector('figure.chart svg[role="img"]')!;
    expect(document.getElementById(svg.getAttribute('aria-labelledby')!.split(' ')[0]!)!.textContent).toBe(t('res.chart.title'));
    expect(svg.querySelector('circle.here')).toBeTruthy();
    expect(svg.querySelector('line.cliff')).toBeTruthy();
    expect(svg.querySelector('path.line.net')!.getAttribute('d')).toMatch(/^M/);
    // Two people on ¥950 each: dibao stops at ¥1,900 counted income, and the caption says so with the amounts.
    const caption = document.querySelector('figure.chart figcaption')!.textContent!;
    expect(caption).toContain(t('res.chart.drop', { income: '¥1,900', what: t('res.chart.stops', { names: t('prog.dibao.name') }), from: '¥1', to: '¥0' }).split('¥1')[0]);
    expect(caption).toContain('¥1,900');
    expect(caption).toContain(t('res.chart.hereText', { income: '¥400', total: '¥1,500', net: '¥1,900' }));
    // Labels are real pixels: the svg is drawn at the width it is shown at, 12 px text.
    expect((svg as SVGSVGElement).style.fontSize).toBe('12px');
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`);
  });

  it('renders in English with Intl money formats', async () => {
    const t = await show(base([adult({ income: { wages: 500 } })]), 'en');
    expect(t('res.group.eligible')).toBe('You can apply');
    const card = group(t, 'eligible').querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(card.textContent).toContain('¥450');
    expect(card.textContent).toContain('a month');
    expect(card.textContent).toContain('¥5,400');
  });
});
