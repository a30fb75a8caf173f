/**
 * A choice between exclusive programmes as people read it (MemberResult.choice): for one member's result, the
 * other options of the same choice and whether this one is the one the totals count. Shared by the results card,
 * the printout and the CLI text report, so all three say the same thing.
 */
import type { MemberResult, ProgrammeResult, Report } from '../engine/report';
import { formatAmount, type Lang, type T } from './format';

export interface ChoiceOption {
  programme: ProgrammeResult;
  member: MemberResult;
}

/** The other options of `member`'s choice: same person, same choice id, other programmes. */
export function otherOptions(report: Report, programme: ProgrammeResult, member: MemberResult): ChoiceOption[] {
  const c = member.choice;
  if (!c) return [];
  const out: ChoiceOption[] = [];
  for (const p of report.programs) {
    if (p === programme || !p.members) continue;
    const m = p.members.find((x) => x.index === member.index && x.choice?.id === c.id);
    if (m) out.push({ programme: p, member: m });
  }
  return out;
}

/** One line: "only one of these — this one is counted / not counted; the other brings …". Empty without a choice. */
export function choiceText(report: Report, programme: ProgrammeResult, member: MemberResult, t: T, lang: Lang): string {
  if (!member.choice) return '';
  const others = otherOptions(report, programme, member)
    .map((o) => (o.member.amount ? t('choice.option', { name: t(o.programme.name), amount: formatAmount(o.member.amount, t, lang) }) : t(o.programme.name)))
    .join(t('ui.listSeparator'));
  return t(member.choice.taken ? 'choice.taken' : 'choice.notTaken', { others });
}
