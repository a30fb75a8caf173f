/**
 * Results of programmes that turn on something private (ProgrammeDef.sensitive: HIV status). Most households are
 * never concerned, yet every Jiangmen child leaves the question open: an undetermined result of such a programme is
 * not put in front of them as a card (or a print line, or a document to bring) per child. It is listed quietly,
 * apart, at the end ("其他情况 / Less common situations"), where the question can still be answered. An eligible
 * result shows like any other; an ineligible one stays with the ineligible. Shared by the app, the print and the
 * CLI's text report.
 */
import type { ProgrammeResult, Report } from '../engine/report';

/** An undetermined result of a sensitive programme: shown apart, quietly, at the end. */
export function isQuiet(p: ProgrammeResult): boolean {
  return p.sensitive === true && p.status === 'undetermined' && !p.alreadyReceives;
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
