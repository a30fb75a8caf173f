/**
 * The texts the first screen needs (the wizard and the shell). Only these ship with the first paint; every other
 * text (results, caseload, lock, print…) arrives with the rest right after, before any lazy screen is shown.
 */
export const CORE_PREFIXES = ['ui.', 'step.', 'start.', 'edit.', 'q.', 'enum.', 'income.', 'error.', 'storage.', 'member.', 'region.', 'value.', 'update.'];

export const CORE_KEYS = [
  'case.title',
  'case.visits',
  'case.fromResults',
  'print.title',
  'res.noRegion',
  'res.saved',
  'saved.title',
  'saved.unnamed',
  'settings.title',
];

export function isCoreKey(key: string): boolean {
  return CORE_KEYS.includes(key) || CORE_PREFIXES.some((p) => key.startsWith(p));
}
