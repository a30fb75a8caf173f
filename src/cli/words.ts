/**
 * Words for the outputs people read (text reports, CSV, the --summary table, progress): i18next with the app's
 * texts, the CLI's own (src/cli/locales — kept out of the app's files, so they add nothing to what the app ships)
 * and the rule pack's. Loaded only when one of those outputs is asked for: JSON output needs no words at all.
 */
import type { CompiledPack } from '../engine/compile';
import type { Household } from '../engine/household';
import type { Report } from '../engine/report';
import type { Lang, T } from '../shared/format';
import type { Words } from './batch';

export async function loadWords(cp: CompiledPack, lang: Lang, need: { text?: boolean; csv?: boolean }): Promise<Words> {
  const [{ createI18n }, zh, en, cliZh, cliEn] = await Promise.all([
    import('../shared/i18n'),
    import('../i18n/locales/zh-CN.json', { with: { type: 'json' } }),
    import('../i18n/locales/en.json', { with: { type: 'json' } }),
    import('./locales/zh-CN.json', { with: { type: 'json' } }),
    import('./locales/en.json', { with: { type: 'json' } }),
  ]);
  const i18n = await createI18n(lang, { 'zh-CN': { ...zh.default, ...cliZh.default }, en: { ...en.default, ...cliEn.default } }, cp.pack);
  if (need.text || need.csv) {
    // Regions of the national catalogue (cn-530627) are named as the app names them: 镇雄县（昭通市）. The rule
    // pack's own regions keep their names (their ids are not codes).
    const [{ cachedCatalogue, catalogueText }, { RegionCatalogue, regionNameStrings }] = await Promise.all([import('../build/region-catalogue'), import('../shared/regions')]);
    const names = regionNameStrings(new RegionCatalogue(catalogueText(cachedCatalogue())));
    for (const l of ['zh-CN', 'en'] as const) i18n.addResources(l, 'translation', names);
  }
  const t: T = i18n.t.bind(i18n) as T;
  const words: Words = { t };
  if (need.text) {
    const { renderTextReport } = await import('./text-report');
    words.text = (r: Report, h: Household) => renderTextReport(r, h, cp.pack, t, lang);
  }
  if (need.csv) {
    const { CsvWriter } = await import('./csv-output');
    words.csv = new CsvWriter(cp, t, lang);
  }
  return words;
}
