// @vitest-environment jsdom
/**
 * A floor worked out from an approximate (约) figure keeps its 约: Longnan's 2025 低保 standard is a planned 约895, so
 * a 特困 person there is told "at least about ¥1,163.50" (1.3 × 约895) — on the card, in the headline and in the shared
 * text — never a bare "at least ¥1,163.50", which would state a planned figure as a fact.
 */
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryText } from '../../src/app/results/summary-text';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import { i18nFor, pack, renderResults } from './helpers';

afterEach(cleanup);

const elder: Household = {
  version: 1,
  region: 'cn-jx-ganzhou-longnan',
  hukou: 'rural',
  assetsMeetLocalRules: 'yes',
  statuses: [],
  members: [{ relation: 'self', age: 75, work: 'retired', income: {}, disability: { certificate: false }, legalSupporters: 'none', statuses: [] }],
} as Household;

const CARD = { 'zh-CN': '至少 约 ¥1,163.50', en: 'at least about ¥1,163.50' } as const;
const HEAD = { 'zh-CN': '至少 约 ¥1,163', en: 'at least about ¥1,163' } as const;

describe.each(['zh-CN', 'en'] as const)('a floor from a 约 figure (%s)', (lang) => {
  it('says 约 on the card, in the headline and in the shared text', async () => {
    const i18n = await i18nFor(lang);
    const t = i18n.t.bind(i18n);
    const report = evaluate(elder, pack(), { date: '2026-06-01' });
    const tekun = report.programs.find((p) => p.id === 'tekun');
    expect(tekun?.amount).toMatchObject({ exactness: 'floor', approximate: true, min: 1163.5 });
    await renderResults(elder, lang, '2026-06-01');
    const card = document.querySelector('[data-programme="tekun"] .amount') as HTMLElement;
    expect(card.textContent?.toLowerCase()).toContain(CARD[lang].toLowerCase());
    const head = screen.getByTestId('headline').textContent?.toLowerCase() ?? '';
    expect(head).toContain(HEAD[lang].toLowerCase());
    expect(head).not.toContain('.50');
    expect(summaryText(report, elder, t, lang).toLowerCase()).toContain(HEAD[lang].toLowerCase());
  });
});
