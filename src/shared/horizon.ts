/**
 * Words for a figure past its horizon (report.ts PastHorizon, Figure.pastHorizon): "newest known figure (2025) —
 * the current one may differ". Shared by the app, the print view and the CLI text report.
 */
import type { T } from './format';

/** A horizon in words: the year when it is the last day of one ("2025年" / "2025"), else the date. */
export function horizonText(horizon: string, t: T): string {
  const m = /^(\d{4})-12-31$/.exec(horizon);
  return m ? t('horizon.year', { year: m[1] }) : horizon;
}

/** The note on a result or a figure past its horizon. */
export function pastHorizonNote(horizon: string, t: T): string {
  return t('horizon.note', { horizon: horizonText(horizon, t) });
}
