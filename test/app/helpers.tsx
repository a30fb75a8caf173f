/** Shared set-up for the UI tests: the real rule pack, both languages, and an in-memory store. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { App } from '../../src/app/app';
import { I18nContext } from '../../src/app/i18n';
import PrintView from '../../src/app/print/PrintView';
import ResultsView from '../../src/app/results/ResultsView';
import { compilePack, type CompiledPack } from '../../src/engine/compile';
import { createI18n } from '../../src/shared/i18n';
import type { Household, Member } from '../../src/engine/household';
import type { Lang } from '../../src/shared/format';
import { createMemoryStore } from '../../src/storage';
import zh from '../../src/i18n/locales/zh-CN.json';
import en from '../../src/i18n/locales/en.json';

// jsdom has no layout: scrolling is a no-op here.
if (typeof window !== 'undefined') window.scrollTo = () => undefined;

let cached: CompiledPack | null = null;
export function pack(): CompiledPack {
  cached ??= compilePack(loadPackFromDisk());
  return cached;
}

export async function i18nFor(lang: Lang = 'zh-CN') {
  return createI18n(lang, { 'zh-CN': zh, en }, pack().pack);
}

/**
 * The whole app on an in-memory store. `at` is the address it opens at ('#/region', '#/results'…); by default none,
 * as when opened afresh (the start page, or the step a saved draft was on).
 */
export async function renderApp(options: { lang?: Lang; store?: ReturnType<typeof createMemoryStore>; at?: string } = {}) {
  // jsdom keeps one address for every test in a file: start each from the given one.
  history.replaceState(null, '', `/${options.at ?? ''}`);
  const store = options.store ?? createMemoryStore();
  await store.open();
  const i18n = await i18nFor(options.lang);
  const utils = render(<App i18n={i18n} store={store} rules={Promise.resolve({ status: 'ready', cp: pack() })} autosaveDelay={0} />);
  return { ...utils, store, i18n };
}

export const DATE = '2025-08-01';

/** A member with every answer the wizard asks given; by default a retired woman of 70 with a ¥300 pension. */
export const memberOf = (extra: Partial<Member> = {}): Member => ({
  relation: 'self',
  sex: 'female',
  age: 70,
  work: 'retired',
  income: { pension: 300 },
  disability: { certificate: false },
  legalSupporters: 'able',
  onlyChild: 'none',
  fpSurgeryComplication: 0,
  statuses: [],
  ...extra,
});

/** A Jiangmen household on the test date with the household-level answers given. */
export const jiangmenHousehold = (members: Member[], extra: Partial<Household> = {}): Household => ({
  format: 'huimin-household',
  version: 1,
  region: 'cn-gd-jiangmen',
  hukou: 'urban',
  date: DATE,
  assetsMeetLocalRules: 'yes',
  statuses: [],
  suddenHardship: false,
  members,
  ...extra,
});

/** Answer the region question as a person would: type into the search box and tap the first place called `name`. */
export async function chooseRegion(query: string, name: string): Promise<void> {
  const box = await screen.findByRole('searchbox');
  fireEvent.input(box, { target: { value: query } });
  const hits = await screen.findAllByRole('button', { name: new RegExp(`^${name}`) });
  fireEvent.click(hits[0]!);
}

/** The results page for one household in one language, as the app shows it (no store: the actions do nothing). */
export async function renderResults(household: Household, lang: Lang, date: string) {
  const i18n = await i18nFor(lang);
  const t = i18n.t.bind(i18n);
  render(
    <I18nContext.Provider value={{ t, lang }}>
      <ResultsView household={household} cp={pack()} date={date} onAnswer={() => undefined} onEdit={() => undefined} onSave={() => undefined} onPrint={() => undefined} />
    </I18nContext.Provider>,
  );
  await screen.findAllByRole('article');
  return t;
}

/** The print view for one household in one language; returns its root element. */
export async function renderPrint(household: Household, lang: Lang, date: string): Promise<HTMLElement> {
  const i18n = await i18nFor(lang);
  const t = i18n.t.bind(i18n);
  render(
    <I18nContext.Provider value={{ t, lang }}>
      <PrintView household={household} cp={pack()} date={date} onBack={() => undefined} print={() => undefined} />
    </I18nContext.Provider>,
  );
  return document.querySelector('.print-view') as HTMLElement;
}
