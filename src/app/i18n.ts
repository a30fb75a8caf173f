/**
 * i18next for the app. The first paint carries only the Chinese texts the first screen needs; all texts (both
 * languages are lazy chunks the service worker precaches) follow right after, and lazy screens wait for them.
 */
import type { i18n } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import zhCore from 'virtual:locale-core/zh-CN';
import type { Lang, T } from '../shared/format';
import { createI18n } from '../shared/i18n';

async function resourcesFor(lang: Lang): Promise<Record<string, string>> {
  if (lang === 'en') return (await import('../i18n/locales/en.json')).default;
  return (await import('../i18n/locales/zh-CN.json')).default;
}

let everything: Promise<void> | null = null;

/** Resolves once every text of the current languages is loaded; lazy screens wait for it before showing. */
export function allStrings(): Promise<void> {
  return everything ?? Promise.resolve();
}

export async function initI18n(lang: Lang): Promise<i18n> {
  const resources: Partial<Record<Lang, Record<string, string>>> = { 'zh-CN': zhCore };
  if (lang === 'en') resources.en = await resourcesFor('en');
  const inst = await createI18n(lang, resources);
  everything = resourcesFor('zh-CN').then((all) => {
    inst.addResources('zh-CN', 'translation', all);
  });
  return inst;
}

export async function switchLanguage(inst: i18n, lang: Lang): Promise<void> {
  inst.addResources(lang, 'translation', await resourcesFor(lang));
  await inst.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export interface I18nValue {
  t: T;
  lang: Lang;
}

export const I18nContext = createContext<I18nValue>({ t: (k) => k, lang: 'zh-CN' });

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
