/**
 * Answers that could not be read. A field whose text is not a number we can read keeps that text here (by household
 * path) instead of putting anything into the household: the household holds no value for it (never 0), the step
 * will not move on, and no results are shown until it is corrected. Kept with the draft, so a reload shows the
 * same text and the same message.
 */
import { createContext } from 'preact';

export type InvalidAnswers = Readonly<Record<string, string>>;

export interface Validity {
  invalid: InvalidAnswers;
  /** Record the raw text of a field that could not be read, or (null) that it now reads fine or is empty. */
  report(path: string, raw: string | null): void;
}

export const ValidityContext = createContext<Validity>({ invalid: {}, report: () => undefined });

export function withReport(invalid: InvalidAnswers, path: string, raw: string | null): InvalidAnswers {
  if (raw === null) {
    if (!(path in invalid)) return invalid;
    const { [path]: _gone, ...rest } = invalid;
    return rest;
  }
  return invalid[path] === raw ? invalid : { ...invalid, [path]: raw };
}

const MEMBER_PATH = /^members\[(\d+)\]\.(.+)$/;

/** After member `index` is removed: their entries go, later members' paths move up by one. */
export function afterMemberRemoved(invalid: InvalidAnswers, index: number): InvalidAnswers {
  const out: Record<string, string> = {};
  for (const [path, raw] of Object.entries(invalid)) {
    const m = MEMBER_PATH.exec(path);
    if (!m) {
      out[path] = raw;
      continue;
    }
    const i = Number(m[1]);
    if (i === index) continue;
    out[i > index ? `members[${i - 1}].${m[2]}` : path] = raw;
  }
  return out;
}

/** Does member `index` have an unreadable answer under `prefix` (e.g. "income")? */
export function hasInvalidUnder(invalid: InvalidAnswers, index: number, prefix: string): boolean {
  const p = `members[${index}].${prefix}`;
  return Object.keys(invalid).some((k) => k === p || k.startsWith(`${p}.`));
}
