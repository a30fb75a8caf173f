/**
 * The record kind "figure" (a figure entered on this device or imported from a region file): what a stored or
 * imported one must look like. Checked on every write and every read, so a damaged row is never used as a figure.
 */
import { isValidDate } from '../engine/household';
import type { LocalFigure } from './types';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

function valueOk(v: unknown): boolean {
  if (typeof v === 'boolean' || finite(v)) return true;
  if (!isObj(v)) return false;
  if ('atLeast' in v) return finite(v.atLeast) && Object.keys(v).length === 1;
  return finite(v.min) && finite(v.max) && v.min <= v.max && (v.typical === undefined || finite(v.typical));
}

/** Problems with a figure record (empty when it is fine). */
export function checkLocalFigure(f: unknown): string[] {
  if (!isObj(f)) return ['not an object'];
  const p: string[] = [];
  if (typeof f.id !== 'string' || !f.id) p.push('id must be a non-empty string');
  if (typeof f.region !== 'string' || !/^cn(-[a-z0-9]+)*$/.test(f.region)) p.push('region must be a region id');
  if (f.code !== undefined && (typeof f.code !== 'string' || !/^\d{6}$/.test(f.code))) p.push('code must be 6 digits');
  if (typeof f.param !== 'string' || !f.param) p.push('param must be a parameter id');
  if (typeof f.from !== 'string' || !isValidDate(f.from)) p.push('from must be a date YYYY-MM-DD');
  if (!valueOk(f.value)) p.push('value must be a number ≥ 0, a yes/no, a range or a floor');
  if (f.strength !== 'local' && f.strength !== 'published') p.push('strength must be local or published');
  const e = f.entered;
  if (!isObj(e) || typeof e.at !== 'string' || !isValidDate(e.at.slice(0, 10)) || typeof e.source !== 'string' || !e.source.trim()) {
    p.push('entered must say when and from what source');
  } else if (f.strength === 'published' && (!isObj(e.publisher) || typeof e.publisher.name !== 'string' || typeof e.publisher.keyId !== 'string')) {
    p.push('a published figure must name its publisher and key');
  }
  return p;
}

export type { LocalFigure };
