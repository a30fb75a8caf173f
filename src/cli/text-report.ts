/**
 * `--format text`: a readable summary of a report in the chosen language, built from the same words the app uses.
 */
import type { Household } from '../engine/household';
import { pastHorizonNote } from '../shared/horizon';
import type { Citation, RulePack } from '../engine/pack';
import type { ProgrammeResult, Reason, Report } from '../engine/report';
import { choiceText } from '../shared/choice';
import { citationLine } from '../shared/citation';
import { isQuiet, quietResults } from '../shared/sensitive';
import { formatAmount, formatAmountValue, formatShown, missingText, nearMissText, reasonText, toPeriod, type Lang, type T } from '../shared/format';

const MARK: Record<Reason['outcome'], string> = { met: '✓', 'not-met': '✗', unknown: '?' };
const STATUS_MARK = { eligible: '✓', ineligible: '✗', undetermined: '?' } as const;

export function memberNamer(household: Household | undefined, t: T): (i: number) => string {
  return (i: number) => {
    const m = household?.members[i];
    const label = m?.name ? m.name : t('member.default', { n: i + 1 });
    return m ? t('member.withRelation', { label, relation: t(`enum.relation.${m.relation}`) }) : label;
  };
}

export function citationText(c: Citation, pack: RulePack, t: T, lang: Lang): string {
  return citationLine(c, pack, t, lang);
}

function reasonLines(r: Reason, t: T, lang: Lang, depth: number, out: string[]): void {
  const text = reasonText(r, t, lang);
  const indent = '  '.repeat(depth);
  if (text) {
    const near = nearMissText(r, t, lang);
    const extra = [near, r.discretionary ? t('discretionary') : null, r.unknownFigures?.length ? t('value.setLocally') : null].filter(Boolean);
    out.push(`${indent}${MARK[r.outcome]} ${text}${extra.length ? ` — ${extra.join('；')}` : ''}`);
  }
  for (const c of r.children ?? []) reasonLines(c, t, lang, text ? depth + 1 : depth, out);
}

function amountLine(p: ProgrammeResult, t: T, lang: Lang): string {
  if (p.kind !== 'cash') return t(p.kind === 'status' ? 'amount.none' : 'amount.service');
  if (!p.amount) return '';
  if (p.amount.period === 'once' || p.amount.exactness === 'unknown') return formatAmount(p.amount, t, lang);
  const month = toPeriod(p.amount, 'month');
  const year = toPeriod(p.amount, 'year');
  return t('amount.monthAndYear', { month: t('per.month', { amount: formatAmountValue(month, t, lang) }), year: t('per.year', { amount: formatAmountValue(year, t, lang) }) });
}

export function renderTextReport(report: Report, household: Household | undefined, pack: RulePack, t: T, lang: Lang): string {
  const name = memberNamer(household, t);
  const out: string[] = [];
  out.push(t('report.title'));
  out.push(`${t('report.region', { region: t(`region.${report.region}`) })}    ${t('report.date', { date: report.date })}`);
  out.push(t('report.rules', { version: report.rulesVersion, verified: report.lastVerified }));
  out.push('');
  for (const p of report.programs) {
    if (isQuiet(p)) continue;
    const status = p.alreadyReceives ? t('status.already') : t(`status.${p.status}`);
    const amount = p.status === 'ineligible' ? '' : amountLine(p, t, lang);
    out.push(`${STATUS_MARK[p.status]} ${t(p.name)} — ${status}${amount ? ` — ${amount}` : ''}`);
    if (p.pastHorizon) out.push(`    ${pastHorizonNote(p.pastHorizon.horizon, t)}`);
    if (p.status !== 'ineligible' || p.unit === 'household') {
      if (p.members) {
        for (const m of p.members) {
          if (m.status === 'ineligible' && p.status !== 'ineligible') continue;
          const ma = m.amount ? ` — ${formatAmount(m.amount, t, lang)}` : '';
          const hl = m.headline && !m.amount ? ` — ${t(m.headline.label)} ${formatShown(m.headline.value, m.headline.unit, t, lang, undefined, m.headline.setLocally)}` : '';
          out.push(`    ${STATUS_MARK[m.status]} ${name(m.index)}: ${t(`status.${m.status}`)}${ma}${hl}`);
          if (m.choice) out.push(`        ⇄ ${choiceText(report, p, m, t, lang)}`);
          for (const r of m.reasons ?? []) reasonLines(r, t, lang, 3, out);
          for (const line of m.estimate ?? []) {
            out.push(`        · ${t(line.label)}: ${formatShown(line.value, line.unit, t, lang, undefined, line.setLocally)}`);
          }
        }
      } else {
        for (const r of p.reasons) reasonLines(r, t, lang, 2, out);
      }
    }
    if (p.income && p.income.notCounted.length) {
      out.push(`    ${t('income.notCountedTitle')}: ${p.income.notCounted.map((x) => `${t(`income.${x.kind}`)} ${formatShown(x.amount, 'yuan-month', t, lang)}（${t(x.reason)}）`).join('；')}`);
    }
    if (p.missing.length) out.push(`    ${t('report.missing')} ${p.missing.map((m) => missingText(m, t, name)).join('；')}`);
    if (p.unknownFigures.length && p.status !== 'ineligible') out.push(`    ${t('unknownFigures.title')}: ${p.unknownFigures.map((f) => t(`param.${f}`)).join('；')}`);
    if (p.status !== 'ineligible') out.push(`    ${t('report.sources')}: ${p.sources.map((c) => citationText(c, pack, t, lang)).join(lang === 'en' ? '; ' : '；')}`);
  }
  // Private questions left open (HIV status): one line each, apart, at the end — no reasons, documents or sources.
  const quiet = quietResults(report);
  if (quiet.length) {
    out.push('', t('report.quiet'));
    for (const p of quiet) out.push(`  ${STATUS_MARK[p.status]} ${t(p.name)} — ${t(`status.${p.status}`)}${p.missing.length ? ` — ${t('report.missing')} ${p.missing.map((m) => missingText(m, t, name)).join('；')}` : ''}`);
  }
  out.push('');
  out.push(t('report.total', { month: formatAmount(report.totals.month, t, lang), year: formatAmount(report.totals.year, t, lang) }));
  out.push(t('report.disclaimer'));
  return out.join('\n');
}
