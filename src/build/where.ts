/**
 * English for the `where` of a citation (the place in a Chinese document: 第十四条, 专栏7-2, 表2-1 …). Plain locators
 * are translated here; a `where` with words in it (a section title) is looked up in rules/where.yaml, and the build
 * reports one that is in neither, so an English page never shows an untranslated location.
 */
const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十四 → 14, 一百零二 → 102 (numbers as documents write article numbers). */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch in DIGITS) cur = DIGITS[ch]!;
    else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else return null;
  }
  return total + cur;
}

const NUM = '[一二三四五六七八九十百零两\\d]+';

/** One locator in English, or null when it is not a plain locator. */
function locator(part: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^第(${NUM})条(?:（(${NUM})）)?$`).exec(part))) return `art. ${chineseNumber(m[1]!)}${m[2] ? `(${chineseNumber(m[2])})` : ''}`;
  if ((m = new RegExp(`^第(${NUM})章(?:（(${NUM})）)?$`).exec(part))) return `ch. ${chineseNumber(m[1]!)}${m[2] ? ` (${chineseNumber(m[2])})` : ''}`;
  if ((m = new RegExp(`^第(${NUM})段$`).exec(part))) return `para. ${chineseNumber(m[1]!)}`;
  if ((m = /^专栏(\d+(?:-\d+)?)$/.exec(part))) return `box ${m[1]}`;
  if ((m = /^表(\d+(?:-\d+)?)$/.exec(part))) return `table ${m[1]}`;
  if ((m = new RegExp(`^(${NUM})（(${NUM})）$`).exec(part))) return `part ${chineseNumber(m[1]!)} (${chineseNumber(m[2]!)})`;
  if (/^(§\s*)?[\d.]+$/.test(part)) return part;
  if (/^\d+(?:-\d+)?$/.test(part)) return part;
  return null;
}

/** The English of a plain locator or a list of them (第九条、第十二条; 专栏4-9、4-10), else null. */
export function whereInEnglish(where: string): string | null {
  const parts = where.split('、');
  const out: string[] = [];
  let lastKind = '';
  for (const p of parts) {
    let en = locator(p.trim());
    // 专栏4-9、4-10: the second number belongs to the same kind as the first.
    if (en === null && lastKind && /^\d+(?:-\d+)?$/.test(p.trim())) en = `${lastKind} ${p.trim()}`;
    if (en === null) return null;
    lastKind = en.split(' ')[0]!;
    out.push(en);
  }
  return out.join(', ');
}
