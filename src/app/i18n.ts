/**
 * i18next for the app: Chinese is bundled (first paint), English is a lazy chunk the service worker precaches.
 */
import type { i18n } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import zh from '../i18n/locales/zh-CN.json';
import type { Lang, T } from '../shared/format';
import { createI18n } from '../shared/i18n';

async function resourcesFor(lang: Lang): Promise<Record<string, string>> {
  if (lang === 'en') return (await import('../i18n/locales/en.json')).default;
  return zh;
}

export async function initI18n(lang: Lang): Promise<i18n> {
  const resources: Partial<Record<Lang, Record<string, string>>> = { 'zh-CN': zh };
  if (lang === 'en') resources.en = await resourcesFor('en');
  return createI18n(lang, resources);
}

export async function switchLanguage(inst: i18n, lang: Lang): Promise<void> {
  if (!inst.hasResourceBundle(lang, 'translation') || lang === 'en') {
    inst.addResources(lang, 'translation', await resourcesFor(lang));
  }
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
