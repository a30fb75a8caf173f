/**
 * The results as plain text, to send on (the share sheet or a .txt download): what the household can apply for and
 * how much, in the period it is paid in; what still needs checking and which answers decide it; where to apply,
 * what to bring, and that the office decides. Pure: it takes the translate function.
 */
import type { Household } from '../../engine/household';
import type { Report } from '../../engine/report';
import { formatAmountValue, missingText, money, type Lang, type T } from '../../shared/format';
import { horizonText } from '../../shared/horizon';
import { memberLabel } from '../household-edit';
import { documentsToBring, printable } from '../print/model';
import { headline, type HeadlineItem } from './model';

export function summaryText(report: Report, household: Household, t: T, lang: Lang, name?: string): string {
  const lines: string[] = [];
  const h = headline(report);
  const who = (i: number) => memberLabel(household.members[i], i, t);
  const amount = (i: HeadlineItem) => (i.amount.exactness === 'floor' ? t('amount.atLeast', { value: money(i.amount.min ?? 0, lang) }) : formatAmountValue(i.amount, t, lang));
  lines.push(t('share.title', { name: name || t('saved.unnamed') }));
  lines.push(t('share.meta', { region: t(`region.${report.region}`), date: report.date, version: report.rulesVersion }));
  lines.push('');
  if (h.monthlyTotal) lines.push(t('res.total.perMonth', { amount: formatAmountValue(h.monthlyTotal, t, lang) }));
  for (const i of h.monthly) lines.push(`· ${t(i.name)} ${t('per.month', { amount: amount(i) })}`);
  for (const i of h.atLeast) lines.push(`· ${t(i.name)} ${t('per.month', { amount: amount(i) })}`);
  for (const i of h.yearly) lines.push(`· ${t(i.name)} ${t('per.year', { amount: amount(i) })}`);
  for (const i of h.once) lines.push(`· ${t(i.name)} ${amount(i)} ${t('res.card.once')}`);
  for (const i of h.setLocally) lines.push(`· ${t(i.name)} ${t('amount.unknown')}`);
  if (h.pastHorizon) lines.push(t('res.headline.pastHorizon', { horizon: horizonText(h.pastHorizon, t) }));
  if (h.alternatives.length) lines.push(`${t('res.headline.alternatives')}${h.alternatives.map((i) => t(i.name)).join(t('ui.listSeparator'))}`);
  const { eligible, undetermined, quiet } = printable(report);
  const services = eligible.filter((p) => p.kind !== 'cash');
  if (services.length) {
    lines.push('', t('share.services'));
    for (const p of services) lines.push(`· ${t(p.name)}`);
  }
  if (undetermined.length) {
    lines.push('', t('res.group.undetermined'));
    for (const p of undetermined) {
      const ask = p.missing.map((m) => missingText(m, t, who)).join(t('ui.listSeparator'));
      lines.push(`· ${t(p.name)}${ask ? ` — ${t('share.ask', { questions: ask })}` : ''}`);
    }
  }
  // Private questions left open (HIV status) are counted, not named, in text that is sent on.
  if (quiet.length) lines.push('', t('share.quiet', { count: quiet.length }));
  const docs = documentsToBring([...eligible, ...undetermined]);
  if (docs.common.length || docs.some.length) {
    lines.push('', t('print.docs.title'));
    for (const d of [...docs.common, ...docs.some.map((x) => x.doc)]) lines.push(`· ${t(`doc.${d}`)}`);
  }
  lines.push('', t('next.where.title'), t('print.where.text'), t('next.call'), '', t('res.disclaimer'));
  return `${lines.join('\n')}\n`;
}
