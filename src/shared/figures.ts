/**
 * How a figure that is not in the shipped rules is written wherever an amount uses it (results, print, caseload):
 * "按本机录入的低保标准（农村） ¥800/月（录入于 2026-12-02，来源：…，未经核实）".
 */
import type { Figure } from '../engine/report';
import { formatShown, type Lang, type T } from './format';

/** The figures of a result that were entered on this device or come from a region file. */
export function enteredFigures(figures: readonly Figure[] | undefined): Figure[] {
  return (figures ?? []).filter((f) => f.entered && (f.strength === 'local' || f.strength === 'published'));
}

export function enteredFigureText(f: Figure, t: T, lang: Lang): string {
  const e = f.entered!;
  const o = { name: t(`param.${f.id}`), value: formatShown(f.value, f.unit, t, lang), at: e.at.slice(0, 10), source: e.source, from: f.from ?? '' };
  if (f.strength === 'published') return t('figure.published', { ...o, publisher: e.publisher?.name ?? e.source, issued: e.publisher?.issued ?? '' });
  return t('figure.local', o);
}
