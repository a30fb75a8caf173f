/**
 * Interface preferences (language, large-text mode): tiny, not sensitive, and needed before the first paint, so
 * they live in localStorage rather than IndexedDB. Failures (private mode, disabled storage) fall back to defaults.
 */
import type { Lang } from '../shared/format';

const KEY = 'huimin.prefs';

export interface Prefs {
  lang: Lang;
  elder: boolean;
}

export function readPrefs(): Prefs {
  const fallback: Prefs = { lang: 'zh-CN', elder: false };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>;
    return { lang: raw.lang === 'en' ? 'en' : 'zh-CN', elder: raw.elder === true };
  } catch {
    return fallback;
  }
}

export function writePrefs(p: Prefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // Not remembered this time; the app keeps working with the choice in memory.
  }
}
