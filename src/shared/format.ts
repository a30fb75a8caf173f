/**
 * Turning report values into words, shared by the app and the CLI text output. Pure: it takes a translate function
 * (i18next's `t`) and a language, and knows nothing of Preact or the terminal.
 */
import type { Unit } from '../engine/pack';
import type { Amount, Reason, Shown } from '../engine/report';

export type Lang = 'zh-CN' | 'en';
export type T = (key: string, options?: Record<string, unknown>) => string;

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(n: number, lang: Lang): string {
  const key = `${lang}|${Number.isInteger(n) ? 0 : 2}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: 'CNY',
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: Number.isInteger(n) ? 0 : 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(key, f);
  }
  return f.format(n);
}

export function plainNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n);
}

/** A figure with its exactness: exact, 约 (approximate), ≥ (floor), a range, or "set locally". */
export function formatAmountValue(a: Amount, t: T, lang: Lang): string {
  switch (a.exactness) {
    case 'unknown':
      return t('amount.unknown');
    case 'floor':
      return t('amount.floor', { value: (a.approximate ? t('amount.approx', { value: '' }).trim() + ' ' : '') + money(a.min ?? 0, lang) });
    case 'approximate':
      if (a.value !== undefined) return t('amount.approx', { value: money(a.value, lang) });
      return t('amount.approx', { value: t('amount.range', { min: money(a.min ?? 0, lang), max: money(a.max ?? 0, lang) }) });
    case 'exact':
      if (a.value !== undefined) return money(a.value, lang);
      if (a.min === 0 && a.max !== undefined) return t('amount.upTo', { value: money(a.max, lang) });
      return t('amount.range', { min: money(a.min ?? 0, lang), max: money(a.max ?? 0, lang) });
  }
}

/** Scale an amount to another period (month ↔ year); one-off amounts are not scaled. */
export function toPeriod(a: Amount, period: 'month' | 'year'): Amount {
  if (a.period === period || a.period === 'once') return a;
  const f = period === 'year' ? 12 : 1 / 12;
  const r2 = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.round(n * f * 100) / 100);
  const out: Amount = { ...a, period };
  if (a.value !== undefined) out.value = r2(a.value);
  if (a.min !== undefined) out.min = r2(a.min);
  if (a.max !== undefined) out.max = r2(a.max);
  return out;
}

/** "¥950/月" — the amount with its own period. */
export function formatAmount(a: Amount, t: T, lang: Lang): string {
  const v = formatAmountValue(a, t, lang);
  if (a.exactness === 'unknown') return v;
  return t(`per.${a.period}`, { amount: v });
}

/** Variables whose values are enums, and the group their labels live under. */
const ENUM_GROUP: Record<string, string> = {
  father: 'parent',
  mother: 'parent',
  work: 'work',
  legalSupporters: 'legalSupporters',
  schoolStage: 'schoolStage',
  onlyChild: 'onlyChild',
  disabilityKind: 'disabilityKind',
  disabilityGradedKind: 'disabilityKind',
  hukou: 'hukou',
  insurance: 'insurance',
  orphanCare: 'orphanCare',
  away: 'away',
  sex: 'sex',
  relation: 'relation',
  fpSurgeryComplication: 'fpComplication',
  housing: 'housing',
};

export function formatShown(v: Shown, unit: Unit | 'enum' | 'bool' | undefined, t: T, lang: Lang, varName?: string, setLocally = false): string {
  if (v === null) return t(setLocally ? 'value.setLocally' : 'value.unknown');
  if (typeof v === 'boolean') return t(`value.${v}`);
  if (typeof v === 'string') {
    const group = varName ? ENUM_GROUP[varName] : undefined;
    return group ? t(`enum.${group}.${v}`) : v;
  }
  // A numbered answer with words of its own (complication grade 0 = none).
  if (typeof v === 'number' && varName && ENUM_GROUP[varName]) return t(`enum.${ENUM_GROUP[varName]}.${v}`);
  if (typeof v === 'object') {
    const one = (n: number): string => formatShown(n, unit, t, lang);
    if (v.max === null) return t('amount.floor', { value: one(v.min) });
    if (v.min === v.max) return v.approximate ? t('amount.approx', { value: one(v.min) }) : one(v.min);
    const r = t('amount.range', { min: one(v.min), max: one(v.max) });
    return v.approximate ? t('amount.approx', { value: r }) : r;
  }
  switch (unit) {
    case 'yuan':
    case 'yuan-month':
    case 'yuan-year':
      return money(v, lang);
    case 'ratio':
      return t('value.ratio', { value: plainNumber(v * 100, lang) });
    case 'years':
      return t('value.years', { value: v });
    case 'grade':
      return t('value.grade', { value: v });
    case 'multiplier':
      return t('value.multiplier', { value: plainNumber(v, lang) });
    default:
      return plainNumber(v, lang);
  }
}

/** The reason's label with the compared values filled in. */
export function reasonText(r: Reason, t: T, lang: Lang): string {
  if (!r.label) return '';
  const v = r.values;
  if (!v) return t(r.label);
  return t(r.label, {
    left: formatShown(v.left, v.unit, t, lang, v.var, v.leftSetLocally),
    right: formatShown(v.right, v.unit, t, lang, undefined, v.rightSetLocally),
  });
}

/**
 * How close a numeric threshold was, in plain words: "¥50 above the line", "3 years to go".
 * Only for money and age comparisons, where a person can act on the number.
 */
export function nearMissText(r: Reason, t: T, lang: Lang): string | null {
  const nm = r.nearMiss;
  const v = r.values;
  if (!nm || !v || nm.difference === 0 && r.outcome === 'met') return null;
  const unit = nm.unit;
  const diffAbs = Math.abs(nm.difference);
  if (unit === 'yuan' || unit === 'yuan-month' || unit === 'yuan-year') {
    const diff = money(diffAbs, lang);
    if (v.op === '<' || v.op === '<=') return nm.difference >= 0 ? t('nearMiss.above', { diff }) : t('nearMiss.below', { diff });
    return nm.difference >= 0 ? t('nearMiss.over', { diff }) : t('nearMiss.short', { diff });
  }
  if (unit === 'years' && r.outcome === 'not-met') {
    if (v.op === '>=' || v.op === '>') return t('nearMiss.yearsShort', { diff: diffAbs });
    return t('nearMiss.yearsOver', { diff: diffAbs });
  }
  return null;
}

/** "第2位成员：月收入" — a missing input path in words. */
export function missingText(path: string, t: T, memberName: (index: number) => string): string {
  const m = /^members\[(\d+)\]\.(.+)$/.exec(path);
  if (!m) return t(`field.${path}`);
  return t('missing.field', { member: memberName(Number(m[1])), field: t(`field.${m[2]}`) });
}
