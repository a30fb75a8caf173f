/**
 * Where the user is, in the address: `#/region`, `#/person/2` (the second person), `#/check`, `#/saved`,
 * `#/case/<id>`… so the browser's and Android's back button go to the previous step and a reload lands on the same
 * one. `?back=check` marks a question opened from the check-your-answers page ("save and go back"), `&q=` the
 * question to focus. Person numbers in the address count from 1, as people do.
 */
export type Screen = 'wizard' | 'saved' | 'settings' | 'case' | 'print';

export interface Route {
  screen: Screen;
  /** Wizard step id (person-0, income-1, check, results…). */
  step?: string;
  /** Household case id. */
  id?: string;
  /** Opened from the check page: offer the way back. */
  back?: 'check';
  /** The question to focus (a household path). */
  focus?: string;
}

const SCREENS: Screen[] = ['saved', 'settings', 'print'];

export function parseHash(hash: string): Route | null {
  const raw = hash.replace(/^#\/?/, '');
  if (!raw) return null;
  const [pathPart, query = ''] = raw.split('?');
  const parts = pathPart!.split('/').map((p) => decodeURIComponent(p));
  const params = new URLSearchParams(query);
  const extra: Partial<Route> = {};
  if (params.get('back') === 'check') extra.back = 'check';
  const q = params.get('q');
  if (q) extra.focus = q;
  const [head, arg] = parts;
  if (SCREENS.includes(head as Screen)) return { screen: head as Screen };
  if (head === 'case' && arg) return { screen: 'case', id: arg };
  if ((head === 'person' || head === 'income' || head === 'bill') && arg && /^\d+$/.test(arg) && Number(arg) >= 1) {
    return { screen: 'wizard', step: `${head}-${Number(arg) - 1}`, ...extra };
  }
  if (head && /^[a-z]+$/.test(head)) return { screen: 'wizard', step: head, ...extra };
  return null;
}

export function toHash(r: Route): string {
  if (r.screen === 'case') return `#/case/${encodeURIComponent(r.id ?? '')}`;
  if (r.screen !== 'wizard') return `#/${r.screen}`;
  const step = r.step ?? 'start';
  const m = /^(person|income|bill)-(\d+)$/.exec(step);
  const path = m ? `${m[1]}/${Number(m[2]) + 1}` : step;
  const params = new URLSearchParams();
  if (r.back) params.set('back', r.back);
  if (r.focus) params.set('q', r.focus);
  const q = params.toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}
