/**
 * Reading a number the way people type it on a phone: "800元", "￥800", "1,200", full-width "８００", "八百",
 * "一千二", "1.2万", "67岁". Anything it cannot read with certainty is an error with a reason — never a guess, never 0.
 * Pure and small: it is part of the first paint (every money and age field uses it).
 */

export type NumberKind = 'money' | 'age';

export type ParseProblem =
  /** Not a number we can read ("八百多", "about 800", "1,2"). */
  | 'notUnderstood'
  | 'negative'
  /** More decimals than the field allows (money: 2; age: none). */
  | 'decimals'
  | 'tooLarge'
  | 'tooSmall';

export type ParseResult =
  | { ok: true; value: number; /** The text was not a plain number: show how it was read. */ reinterpreted: boolean }
  | { ok: false; problem: ParseProblem }
  | { ok: true; value: undefined; reinterpreted: false };

export interface ParseOptions {
  kind: NumberKind;
  min?: number;
  max?: number;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9 };
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/**
 * One section below 万 ("八百五", "一千零二", "十五"). A bare digit right after a unit is the colloquial
 * "next unit down" (八百五 = 850, 一千二 = 1,200), as people say it; after 零 it is ones (一千零二 = 1,002).
 * Returns null for anything malformed (百八, 八八百, 十十).
 */
function section(s: string): number | null {
  if (s === '') return 0;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = 10_000;
  let afterZero = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch in DIGITS) {
      const d = DIGITS[ch]!;
      if (d === 0) {
        if (digit !== null) return null;
        afterZero = true;
        continue;
      }
      if (digit !== null) return null; // two digits in a row
      digit = d;
    } else if (ch in UNITS) {
      const u = UNITS[ch]!;
      if (u >= lastUnit) return null; // units must fall: 八百五十, never 五十八百
      // 十五 = 15: a leading 十 means one ten.
      if (digit === null && !(u === 10 && i === 0)) return null;
      total += (digit ?? 1) * u;
      digit = null;
      lastUnit = u;
      afterZero = false;
    } else {
      return null;
    }
  }
  if (digit !== null) {
    // Colloquial shortening: a last digit straight after a unit counts in the unit below it.
    total += afterZero || lastUnit === 10_000 || lastUnit === 10 ? digit : digit * (lastUnit / 10);
  }
  return total;
}

/** A Chinese numeral up to 亿 (exclusive), or a run of digit characters read positionally ("一九五" = 195). */
export function parseChineseNumeral(s: string): number | null {
  if (!s) return null;
  if ([...s].every((c) => c in DIGITS) && s.length > 1) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  const parts = s.split('万');
  if (parts.length > 2) return null;
  if (parts.length === 2) {
    const high = section(parts[0]!);
    if (high === null || high === 0) return null;
    const rest = parts[1]!;
    // 两万三 = 23,000 (colloquial: a single digit after 万 counts in thousands).
    if (rest.length === 1 && rest in DIGITS && DIGITS[rest] !== 0) return high * 10_000 + DIGITS[rest]! * 1000;
    const low = section(rest.replace(/^[零〇]/, ''));
    return low === null ? null : high * 10_000 + low;
  }
  const n = section(s);
  return n === null || (n === 0 && !/^[零〇]$/.test(s)) ? null : n;
}

const MONEY_PREFIX = /^(?:¥|￥|RMB|CNY|人民币)/i;
const MONEY_SUFFIX = /(?:元|块钱|块|圆)?(?:\/月|每月|一个月|\/每月)?$/;
const AGE_SUFFIX = /(?:周岁|岁)$/;

/** The digits, separators and units people type, as plain ASCII: full-width forms folded (NFKC), spaces dropped. */
function normalise(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[。．]/g, '.')
    .replace(/[\u2212\u2013\u2014]/g, '-');
}

export function parseNumber(raw: string, opts: ParseOptions): ParseResult {
  const original = raw.trim();
  if (original === '') return { ok: true, value: undefined, reinterpreted: false };
  // Two numbers with a space between ("800 900") are not one number: refuse rather than join them.
  if (/[\d零〇一二两三四五六七八九十百千万][\s\u00a0\u3000]+[\d零〇一二两三四五六七八九十百千万]/.test(original.normalize('NFKC'))) return { ok: false, problem: 'notUnderstood' };
  let s = normalise(original);
  if (opts.kind === 'money') s = s.replace(MONEY_PREFIX, '').replace(MONEY_SUFFIX, '');
  else s = s.replace(AGE_SUFFIX, '');
  if (s.startsWith('-') || s.startsWith('负')) return { ok: false, problem: 'negative' };
  s = s.replace(/\.$/, ''); // "800." while typing, or "800。" at the end of a sentence
  let value: number | null = null;
  let decimals = 0;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, ''); // thousands separators, and only those
  const plain = /^(\d+)(?:\.(\d+))?$/.exec(s);
  const scaled = /^(\d+(?:\.\d+)?)([十百千万])$/.exec(s);
  if (plain) {
    value = Number(s);
    decimals = plain[2]?.length ?? 0;
  } else if (scaled) {
    const unit = scaled[2] === '万' ? 10_000 : UNITS[scaled[2]!]!;
    // 1.2万 = 12,000: round away floating-point noise (1.1 × 10,000 = 11000.000000000002).
    value = Math.round(Number(scaled[1]) * unit * 100) / 100;
    decimals = String(value).split('.')[1]?.length ?? 0;
  } else if (/^[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+$/.test(s)) {
    value = parseChineseNumeral(s);
  }
  if (value === null || !Number.isFinite(value)) return { ok: false, problem: 'notUnderstood' };
  if (decimals > (opts.kind === 'money' ? 2 : 0)) return { ok: false, problem: 'decimals' };
  if (opts.min !== undefined && value < opts.min) return { ok: false, problem: 'tooSmall' };
  if (opts.max !== undefined && value > opts.max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value, reinterpreted: original !== String(value) };
}
