// @vitest-environment jsdom
/**
 * The printable summary: opened from the results page, it shows the date, rules version, each programme the household
 * can apply for or should ask about — named in Chinese even when the interface is English —, the documents to bring
 * (each once, grouped) and where to apply; "print" calls the browser's print, "back" returns to the results; the
 * buttons are not printed and the page is laid out for A4.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentsToBring } from '../../src/app/print/model';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { ProgrammeResult } from '../../src/engine/report';
import { createMemoryStore } from '../../src/storage';
import { pack, renderApp } from './helpers';

beforeAll(async () => {
  await Promise.all([import('../../src/app/results/ResultsView'), import('../../src/app/print/PrintView')]);
});
beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const DATE = '2025-08-01';
const couple: Household = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'jiangmen-couple.json'), 'utf8')) as Household;

async function openPrint(lang: 'zh-CN' | 'en', name?: string) {
  const store = createMemoryStore();
  await store.open();
  await store.saveDraft({ household: couple, step: 'results', name, updatedAt: new Date().toISOString() });
  const r = await renderApp({ store, lang });
  const t = r.i18n.t.bind(r.i18n);
  fireEvent.click(await screen.findByRole('button', { name: t('res.print') }, { timeout: 5000 })); // lazy results (with the region catalogue loading beside them)
  await screen.findByRole('heading', { name: t('print.title') });
  await screen.findByRole('button', { name: t('print.print') });
  const view = document.querySelector('.print-view') as HTMLElement;
  return { ...r, t, view };
}

const zh = (key: string) => pack().pack.strings['zh-CN'][key]!;

describe('printable summary', () => {
  it('names every programme in Chinese even in English mode, and lists the documents to bring once each', async () => {
    const { t, view } = await openPrint('en');
    const report = evaluate(couple, pack(), { date: DATE });
    const expected = report.programs.filter((p) => !p.alreadyReceives && p.status !== 'ineligible');
    expect(expected.length).toBeGreaterThan(1);

    const names = [...view.querySelectorAll('.print-prog .zh-name')].map((h) => h.textContent);
    expect(names).toEqual([...expected.filter((p) => p.status === 'eligible'), ...expected.filter((p) => p.status === 'undetermined')].map((p) => zh(p.name)));
    expect(names).toContain('最低生活保障（低保）');
    expect(view.querySelector('[data-programme="dibao"] .zh-name')!.getAttribute('lang')).toBe('zh-CN');
    // The English name is there too, as a help for the reader — but not as the programme's heading.
    expect(t('prog.dibao.name')).toBe('Minimum living guarantee (dibao)');
    expect(view.querySelector('[data-programme="dibao"] h4')!.textContent).not.toContain('Minimum living guarantee');
    expect(view.querySelector('[data-programme="dibao"] .ui-name')!.textContent).toBe(t('prog.dibao.name'));
    // Nothing ineligible on the paper.
    for (const p of report.programs.filter((x) => x.status === 'ineligible')) expect(view.querySelector(`[data-programme="${p.id}"]`)).toBeNull();

    const docs = within(view.querySelector('.print-docs') as HTMLElement);
    expect(docs.getByRole('heading', { name: t('print.docs.title') })).toBeTruthy();
    const wanted = [...new Set(expected.flatMap((p) => p.documents))];
    const listed = [...view.querySelectorAll('.checklist li')].map((li) => li.getAttribute('data-doc'));
    expect(listed.sort()).toEqual(wanted.sort()); // every document, each once
    const idCard = view.querySelector('[data-doc="id-card"]')!;
    expect(idCard.textContent).toContain(t('doc.id-card')); // in the interface language
    expect(idCard.textContent).toContain(zh('doc.id-card')); // and as the office calls it
    expect(idCard.closest('ul')!.previousElementSibling!.textContent).toBe(t('print.docs.common'));
  });

  it('shows the date, rules version, amounts, reasons, sources and where to apply; print and back work', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const { t, view } = await openPrint('zh-CN', '王大爷家');
    const report = evaluate(couple, pack(), { date: DATE });
    const meta = view.querySelector('.print-meta') as HTMLElement;
    expect(meta.textContent).toContain(report.date);
    expect(meta.textContent).toContain(report.rulesVersion);
    expect(meta.textContent).toContain('王大爷家');
    const dibao = view.querySelector('[data-programme="dibao"]') as HTMLElement;
    expect(dibao.textContent).toContain(t('print.amount'));
    expect(dibao.textContent).toMatch(/¥\d/);
    expect(within(dibao).getAllByRole('img', { name: t('outcome.met') }).length).toBeGreaterThan(0);
    expect(dibao.querySelector('.print-sources')!.textContent).toContain(t('source.sc-649'));
    const where = view.querySelector('.print-where') as HTMLElement;
    expect(where.textContent).toContain('乡镇人民政府（街道办事处）');
    expect(where.textContent).toContain(t('region.cn-gd-jiangmen'));
    expect(view.textContent).toContain(t('res.disclaimer'));
    // The household's name never reaches the page title.
    expect(document.title).not.toContain('王大爷家');

    const actions = view.querySelector('.print-actions') as HTMLElement;
    expect(actions.classList.contains('no-print')).toBe(true);
    fireEvent.click(within(actions).getByRole('button', { name: t('print.print') }));
    expect(print).toHaveBeenCalledTimes(1);
    fireEvent.click(within(actions).getByRole('button', { name: t('print.back') }));
    await screen.findByRole('heading', { name: t('res.group.eligible') });
  });

  it('undetermined programmes say what is still to be confirmed', async () => {
    const h: Household = { ...couple, assetsMeetLocalRules: 'unsure' };
    const store = createMemoryStore();
    await store.open();
    await store.saveDraft({ household: h, step: 'results', updatedAt: new Date().toISOString() });
    const { i18n } = await renderApp({ store });
    const t = i18n.t.bind(i18n);
    fireEvent.click(await screen.findByRole('button', { name: t('res.print') }));
    const block = (await screen.findByRole('heading', { name: zh('prog.dibao.name') })).closest('.print-prog') as HTMLElement;
    expect(block.classList.contains('undetermined')).toBe(true);
    expect(block.textContent).toContain(t('print.toConfirm'));
    expect(block.textContent).toContain(t('field.assetsMeetLocalRules'));
  });

  it('groups documents: those every programme needs, then the others with the programmes that need them', () => {
    const p = (id: string, documents: string[]) => ({ id, documents }) as ProgrammeResult;
    expect(documentsToBring([p('a', ['id-card', 'hukou-book', 'income-proof']), p('b', ['hukou-book', 'id-card', 'bank-account']), p('c', ['id-card', 'hukou-book', 'bank-account'])])).toEqual({
      common: ['id-card', 'hukou-book'],
      some: [
        { doc: 'bank-account', programmes: ['b', 'c'] },
        { doc: 'income-proof', programmes: ['a'] },
      ],
    });
    expect(documentsToBring([p('a', ['id-card', 'id-card'])])).toEqual({ common: ['id-card'], some: [] });
  });

  it('prints on A4 with 15 mm margins and hides the screen-only parts', () => {
    const css = readFileSync(join(__dirname, '..', '..', 'src', 'app', 'styles.css'), 'utf8');
    expect(css).toMatch(/@page\s*\{\s*size:\s*A4;\s*margin:\s*15mm;?\s*\}/);
    const print = css.slice(css.lastIndexOf('@media print'));
    expect(print).toMatch(/\.no-print,\s*\.print-actions\s*\{\s*display:\s*none !important;/);
  });
});
