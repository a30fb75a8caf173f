// @vitest-environment jsdom
/**
 * The results and the print cite what applies to the household's region, in the user's language: a Jiangmen
 * household is shown no Shangrao or Longnan plan; in English the place in a document reads "art. 9", not 第九条; a
 * figure Jiangxi takes from the Shangrao plan says it is a reading, in the user's language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Household } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import { DATE, i18nFor, memberOf, renderPrint, renderResults } from './helpers';

afterEach(cleanup);

const couple = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jiangmen-couple.json'), 'utf8')) as Household;
/** A girl of 17 with no parent able to support her: 特困 in Jiangxi (under 18 there, a reading of the Shangrao plan). */
const girl = (region: string): Household => ({
  ...couple,
  region,
  hukou: 'rural',
  members: [memberOf({ relation: 'self', age: 17, sex: 'female', work: 'student', income: {}, legalSupporters: 'none', father: 'dead', mother: 'alive', schoolStage: 'senior' } as never)],
});

async function results(household: Household, lang: Lang) {
  const t = await renderResults(household, lang, DATE);
  for (const b of screen.queryAllByRole('button', { name: new RegExp(t('res.ineligible.show', { count: 999 }).replace('999', '\\d+')) })) fireEvent.click(b);
  for (const b of screen.queryAllByRole('button', { name: t('res.card.why') })) fireEvent.click(b);
  return t;
}

/** The text of the citations on the page, without the quotes (the documents' own words, in Chinese). */
function citations(): string[] {
  return [...document.querySelectorAll('.cite')].map((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('q').forEach((q) => q.remove());
    return copy.textContent ?? '';
  });
}

describe('citations in the results', () => {
  it('zh: a Jiangmen household is shown Jiangmen and national documents only, other plans only as declared readings', async () => {
    await results(couple, 'zh-CN');
    const text = document.body.textContent ?? '';
    expect(text).toContain('江门市2025年十件民生实事进展报道');
    expect(text).toContain('国发〔2015〕52号');
    // A condition no national document states (单人户施保's local route) cites the Jiangxi plans, and says why.
    const readings = [...document.querySelectorAll('.cite')].filter((c) => c.querySelector('.reading'));
    expect(readings.length).toBeGreaterThan(0);
    for (const c of readings) expect(c.querySelector('.reading')!.textContent).toContain('未找到写明此条件的国家文件');
    readings.forEach((c) => c.remove());
    expect(document.body.textContent).not.toContain('上饶');
    expect(document.body.textContent).not.toContain('龙南');
    for (const c of citations()) expect(c).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('en: places in documents are in English, no citation has untranslated Chinese', async () => {
    await results(couple, 'en');
    const cs = citations();
    expect(cs.some((c) => c.includes('(State Council Decree No. 649) art. 9'))).toBe(true);
    for (const c of cs) expect(c).not.toMatch(/[\u4e00-\u9fff]/);
    const readings = [...document.querySelectorAll('.cite')].filter((c) => c.querySelector('.reading'));
    for (const c of readings) expect(c.querySelector('.reading')!.textContent).toContain('no national document found states it');
    readings.forEach((c) => c.remove());
    expect(document.body.textContent).not.toMatch(/Shangrao|Longnan/);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: a Longnan figure placed at Jiangxi level on the Shangrao plan says it is a reading`, async () => {
      await results(girl('cn-jx-ganzhou-longnan'), lang);
      const notes = [...document.querySelectorAll('[data-programme="tekun"] .figure-note')].map((e) => e.textContent ?? '');
      expect(notes.some((n) => (lang === 'en' ? n.startsWith('A reading: stated in the Shangrao') : n.startsWith('解读：上饶市')))).toBe(true);
      for (const n of notes) expect(n).not.toMatch(lang === 'en' ? /[\u4e00-\u9fff]/ : /[A-Za-z]{3,}/);
    });
  }
});

describe('citations in the print', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: a Jiangmen print lists no other region's plan, places in the user's language`, async () => {
      const i18n = await i18nFor(lang);
      const t = i18n.t.bind(i18n);
      await renderPrint(couple, lang, DATE);
      const sources = [...document.querySelectorAll('.print-sources')].map((e) => e.textContent ?? '').join('\n');
      expect(sources).toContain(lang === 'en' ? 'art. 9' : '第九条');
      expect(sources).not.toMatch(/上饶|龙南|Shangrao|Longnan/);
      if (lang === 'en') expect(sources.replace(t('print.sources'), '')).not.toMatch(/[\u4e00-\u9fff]/);
    });
  }
});
