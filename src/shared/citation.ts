/**
 * A citation in the user's language, the same in the app, the print and the CLI: the document's title, where in it
 * (第十四条 → "art. 14"; a section title from the rule pack's `where.*` strings), the quote (kept as written: it is
 * the Chinese document's own words) and, for a declared reading, why a document of another region is cited.
 */
import type { Citation, Localized, RulePack } from '../engine/pack';
import type { Lang, T } from './format';

export interface CitationParts {
  title: string;
  where?: string;
  quote?: string;
  /** Only for a reading (engine/citations.ts): the note that says so. */
  reading?: string;
}

export const localized = (l: Localized, lang: Lang): string => (lang === 'en' ? l.en : l.zh);

export function citationParts(c: Citation, pack: RulePack, t: T, lang: Lang): CitationParts {
  const title = pack.sources[c.doc] ? t(`source.${c.doc}`) : c.doc;
  const out: CitationParts = { title };
  // In Chinese the place as the rule writes it; in English its translation (an office's own text stays as written).
  if (c.where) out.where = lang === 'en' && pack.strings.en[`where.${c.where}`] !== undefined ? t(`where.${c.where}`) : c.where;
  if (c.quote) out.quote = c.quote;
  if (c.reading) out.reading = localized(c.reading, lang);
  return out;
}

/** One line: title, where, “quote”, and the reading's note after a dash. */
export function citationLine(c: Citation, pack: RulePack, t: T, lang: Lang, withQuote = true): string {
  const p = citationParts(c, pack, t, lang);
  const text = [p.title, p.where, withQuote && p.quote ? `“${p.quote}”` : ''].filter(Boolean).join(' ');
  return p.reading ? `${text} — ${p.reading}` : text;
}
