/**
 * Answers that follow from other answers, so the wizard does not ask a question a person cannot have (a child has
 * no work-injury allowance; a child whose two parents are there and caring has them as legal supporters). The
 * family-planning questions need none: the rules themselves are only for adults (family-planning.yaml's gate). They are filled in only where the question was left unanswered — an answer given always
 * wins —, worked out afresh from the current answers each time (never stored, so a corrected age takes them away),
 * and listed on the check page with the reason, so nothing is assumed out of sight.
 */
import type { Household, Member } from '../engine/household';
import { ageOf } from './household-edit';

export interface ImpliedAnswer {
  index: number;
  field: 'workInjuryCareAllowance' | 'legalSupporters';
  value: Member[ImpliedAnswer['field']];
  /** Translation key of the reason. */
  reason: string;
}

export function impliedAnswers(h: Household): ImpliedAnswer[] {
  const out: ImpliedAnswer[] = [];
  h.members.forEach((m, index) => {
    const age = ageOf(h, m);
    if (age === undefined) return;
    if (age < 18) {
      if (m.legalSupporters === undefined && m.father === 'present' && m.mother === 'present') {
        out.push({ index, field: 'legalSupporters', value: 'able', reason: 'implied.parentsCare' });
      }
    }
    if (age < 16 && m.workInjuryCareAllowance === undefined) out.push({ index, field: 'workInjuryCareAllowance', value: false, reason: 'implied.minorWork' });
  });
  return out;
}

/** The household as the engine should see it: the answers given, plus those that follow from them. */
export function withImpliedAnswers(h: Household): Household {
  const implied = impliedAnswers(h);
  if (!implied.length) return h;
  const members = h.members.map((m) => ({ ...m }));
  for (const a of implied) (members[a.index] as Record<string, unknown>)[a.field] = a.value;
  return { ...h, members };
}
