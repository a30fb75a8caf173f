/**
 * Results of programmes that turn on something private (ProgrammeDef.sensitive: HIV status). Most households are
 * never concerned, yet every Jiangmen child leaves the question open: a result undetermined for want of that answer
 * is not put in front of them as a card (or a print line, or a document to bring) per child. It is listed quietly,
 * apart, at the end ("其他情况 / Less common situations"), where the question can still be answered. An eligible
 * result shows like any other; an ineligible one stays with the ineligible. Shared by the app, the print and the
 * CLI's text report.
 */
import type { ProgrammeResult, Report } from '../engine/report';

/** The private questions (person fields) a sensitive programme turns on; the wizard asks them as optional. */
export const PRIVATE_FIELDS: ReadonlySet<string> = new Set(['hivInfected']);

const privatePath = (path: string, member: number): boolean => {
  const prefix = `members[${member}].`;
  return path.startsWith(prefix) && PRIVATE_FIELDS.has(path.slice(prefix.length));
};

/**
 * An undetermined result of a sensitive programme, open because its private question was left blank: shown apart,
 * quietly, at the end. Once someone answered it ("yes", and another answer is still missing), it is an ordinary
 * "needs checking" result — the person chose to say it.
 */
export function isQuiet(p: ProgrammeResult): boolean {
  if (p.sensitive !== true || p.status !== 'undetermined' || p.alreadyReceives) return false;
  const open = (p.members ?? []).filter((m) => m.status === 'undetermined');
  if (!open.length) return p.missing.some((m) => PRIVATE_FIELDS.has(m.replace(/^members\[\d+\]\./, '')));
  return open.every((m) => m.missing.some((path) => privatePath(path, m.index)));
}

/** The report's quiet results, in the report's order. */
export function quietResults(report: Report): ProgrammeResult[] {
  return report.programs.filter(isQuiet);
}

/**
 * Questions that only quiet results ask (members[1].hivInfected): left out of the lists of "answers that would
 * decide it" (the caseload's next-visit questions, the shared text) — a question another open result also needs
 * stays in.
 */
export function quietOnlyQuestions(report: Report): Set<string> {
  const quiet = new Set<string>();
  const open = new Set<string>();
  for (const p of report.programs) {
    if (p.status !== 'undetermined') continue;
    for (const m of p.missing) (isQuiet(p) ? quiet : open).add(m);
  }
  for (const m of open) quiet.delete(m);
  return quiet;
}
