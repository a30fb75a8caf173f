/**
 * One i18next setup for the app and the CLI. Keys are flat ("status.eligible", "prog.dibao.name"), so the key
 * separator is off; the rule pack's own strings (labels, notes, reasons) are added to the same namespace.
 */
import i18next, { type i18n } from 'i18next';
import type { RulePack } from '../engine/pack';
import type { Lang } from './format';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export async function createI18n(lang: Lang, resources: Partial<Record<Lang, Record<string, string>>>, pack?: RulePack): Promise<i18n> {
  const inst = i18next.createInstance();
  await inst.init({
    lng: lang,
    fallbackLng: 'zh-CN',
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    resources: Object.fromEntries(Object.entries(resources).map(([l, r]) => [l, { translation: r }])),
    returnNull: false,
    initImmediate: false,
  } as Parameters<typeof inst.init>[0]);
  if (pack) addPackStrings(inst, pack);
  return inst;
}

export function addPackStrings(inst: i18n, pack: RulePack): void {
  for (const l of LANGS) inst.addResources(l, 'translation', pack.strings[l]);
}
