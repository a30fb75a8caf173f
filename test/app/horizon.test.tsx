// @vitest-environment jsdom
/**
 * Figures past their horizon in the app: Jiangmen's 2025 standards on a 2026 date are still used, and the card, the
 * headline and the print view say "newest known figure (2025) — the current one may differ", in both languages; on
 * a 2025 date they do not. The rules line says when the rules were checked against the documents, not that the
 * figures are current to that date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryText } from '../../src/app/results/summary-text';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import { i18nFor, pack, renderPrint, renderResults } from './helpers';

afterEach(cleanup);

const couple: Household = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jiangmen-couple.json'), 'utf8')) as Household;

const NOTE = { 'zh-CN': '最新已知数字（2025年），现行标准可能不同', en: 'newest known figure (2025) — the current one may differ' } as const;
const HEADLINE = { 'zh-CN': '有的金额用的是最新已知数字（2025年），现行标准可能不同。', en: 'Some amounts use the newest known figure (2025) — the current one may differ.' } as const;
const CHECKED = { 'zh-CN': '规则对照来源文件核对于 2026-11-25', en: 'rules checked against the source documents on 2026-11-25' } as const;

const results = (lang: Lang, date: string) => renderResults(couple, lang, date);
const print = (lang: Lang, date: string) => renderPrint(couple, lang, date);

const card = (id: string) => document.querySelector(`[data-programme="${id}"]`) as HTMLElement;

describe.each(['zh-CN', 'en'] as const)('figures past their horizon (%s)', (lang) => {
  it('marks the card and the headline on a 2026 date, and says what the check date means', async () => {
    await results(lang, '2026-06-01');
    expect(card('dibao').querySelector('[data-testid="card-past-horizon"]')?.textContent).toBe(NOTE[lang]);
    expect(screen.getByTestId('past-horizon').textContent).toBe(HEADLINE[lang]);
    expect(document.body.textContent).toContain(CHECKED[lang]);
    expect(document.body.textContent).not.toContain('数字核对至');
    expect(document.body.textContent).not.toContain('figures checked');
  });

  it('does not mark them on a 2025 date (the year the seed states them for)', async () => {
    await results(lang, '2025-08-01');
    expect(card('dibao')).not.toBeNull();
    expect(document.querySelector('[data-testid="card-past-horizon"]')).toBeNull();
    expect(screen.queryByTestId('past-horizon')).toBeNull();
  });

  it('a near miss drawn from a 2025 line on a 2026 date says the line may have moved', async () => {
    const i18n = await i18nFor(lang);
    const t = i18n.t.bind(i18n);
    const above = { ...couple, members: [{ ...couple.members[0]!, income: { wages: 2000 } }, couple.members[1]!] } as Household;
    await renderResults(above, lang, '2026-06-01');
    await screen.findAllByRole('article');
    expect(card('dibao').querySelector('.near')?.textContent).toContain(NOTE[lang]);
  });

  it('marks each figure past its horizon in the explanation', async () => {
    await results(lang, '2026-06-01');
    (card('dibao').querySelector('button.link') as HTMLButtonElement).click();
    const figures = await screen.findAllByText((_, el) => !!el?.classList.contains('past-horizon-figure'));
    expect(figures[0]!.textContent).toContain(NOTE[lang]);
  });

  it('says it in the text sent on (share sheet), only past the horizon', async () => {
    const i18n = await i18nFor(lang);
    const t = i18n.t.bind(i18n);
    expect(summaryText(evaluate(couple, pack(), { date: '2026-06-01' }), couple, t, lang)).toContain(HEADLINE[lang]);
    expect(summaryText(evaluate(couple, pack(), { date: '2025-08-01' }), couple, t, lang)).not.toContain(HEADLINE[lang]);
  });

  it('says it in the print view too', async () => {
    const later = await print(lang, '2026-06-01');
    const dibao = later.querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(dibao.querySelector('.print-past-horizon')?.textContent).toBe(NOTE[lang]);
    expect(later.textContent).toContain(HEADLINE[lang]);
    expect(later.textContent).toContain(CHECKED[lang]);
    cleanup();
    const now = await print(lang, '2025-08-01');
    expect(now.querySelector('.print-past-horizon')).toBeNull();
  });
});
