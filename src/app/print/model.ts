/** What the printed summary lists: the programmes to take to the office, and the documents to bring, deduplicated. */
import type { ProgrammeResult, Report } from '../../engine/report';
import { isQuiet } from '../../shared/sensitive';

/**
 * Programmes worth applying for or asking about: eligible first, then undetermined; not those already received.
 * An undetermined result of a sensitive programme (HIV status) is not one to take to the office or bring documents
 * for: it is in `quiet`, which the print and the shared text only count (src/shared/sensitive.ts).
 */
export function printable(report: Report): { eligible: ProgrammeResult[]; undetermined: ProgrammeResult[]; quiet: ProgrammeResult[] } {
  const open = report.programs.filter((p) => !p.alreadyReceives);
  return {
    eligible: open.filter((p) => p.status === 'eligible'),
    undetermined: open.filter((p) => p.status === 'undetermined' && !isQuiet(p)),
    quiet: open.filter(isQuiet),
  };
}

export interface DocumentGroups {
  /** Needed for every programme listed (or for the only one). */
  common: string[];
  /** Needed for some of them: each document once, with the programmes (ids) that ask for it. */
  some: { doc: string; programmes: string[] }[];
}

/** Each document once: those every programme asks for, then the others with the programmes that need them. */
export function documentsToBring(programmes: ProgrammeResult[]): DocumentGroups {
  const byDoc = new Map<string, string[]>();
  for (const p of programmes) {
    for (const d of p.documents) {
      const list = byDoc.get(d) ?? [];
      if (!list.includes(p.id)) list.push(p.id);
      byDoc.set(d, list);
    }
  }
  const common: string[] = [];
  const some: DocumentGroups['some'] = [];
  for (const [doc, ids] of byDoc) {
    if (ids.length === programmes.length) common.push(doc);
    else some.push({ doc, programmes: ids });
  }
  // The widely needed first, so the list reads from "bring for everything" to "only for this one".
  some.sort((a, b) => b.programmes.length - a.programmes.length);
  return { common, some };
}
