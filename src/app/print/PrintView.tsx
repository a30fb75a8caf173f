/**
 * The printable summary of one household's results, for the applicant to take to the office (A4, the browser's
 * print): the date and rules version, each programme they can apply for or should ask about — its name always in
 * Chinese, the amount, the reasons and sources —, the documents to bring (each once, grouped) and where to apply.
 * The print and back buttons are not printed. Lazy-loaded.
 */
import { useMemo } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import { evaluate } from '../../engine/evaluate';
import type { Household } from '../../engine/household';
import type { RulePack } from '../../engine/pack';
import type { ProgrammeResult, Reason, Report } from '../../engine/report';
import { choiceText } from '../../shared/choice';
import { citationLine } from '../../shared/citation';
import { formatAmountValue, formatShown, missingText, reasonText, toPeriod, type Lang, type T } from '../../shared/format';
import { pastHorizonNote } from '../../shared/horizon';
import { memberLabel, today } from '../household-edit';
import { useI18n } from '../i18n';
import { withImpliedAnswers } from '../implied';
import { EnteredFigures } from '../results/EnteredFigures';
import { Headline } from '../results/Headline';
import { headline } from '../results/model';
import { documentsToBring, printable } from './model';

export interface PrintViewProps {
  household: Household;
  cp: CompiledPack;
  /** Evaluation date (YYYY-MM-DD). */
  date: string;
  /** The name the household was saved under, if any. */
  name?: string;
  onBack: () => void;
  /** Printing (tests replace it); `window.print` by default. */
  print?: () => void;
}

const MARK: Record<Reason['outcome'], string> = { met: '✓', 'not-met': '✗', unknown: '?' };

/** Chinese text of a rule-pack or app key, whatever the interface language (offices read Chinese). */
function chinese(pack: RulePack, t: T, lang: Lang, key: string): string {
  return pack.strings['zh-CN'][key] ?? (lang === 'zh-CN' ? t(key) : key);
}

/**
 * The reasons as a short list for paper. Under a condition that holds, only what holds is shown; under one still
 * open, what holds and what is open. Anything else is an alternative the household does not need (e.g. "tekun ✗"
 * next to "dibao ✓"): what remains is why the programme applies, and what is still to be answered.
 */
function PrintReasons({ reasons, parent, depth = 0 }: { reasons: Reason[]; parent: Reason['outcome']; depth?: number }) {
  const { t, lang } = useI18n();
  const shown = reasons.filter((r) => (parent === 'met' ? r.outcome === 'met' : parent === 'unknown' ? r.outcome !== 'not-met' : true));
  const items = shown.flatMap((r) => {
    const text = reasonText(r, t, lang);
    const children = r.children?.length ? <PrintReasons reasons={r.children} parent={r.outcome} depth={depth + 1} /> : null;
    if (!text) return children ? [<li class="group-only" key={r.id}>{children}</li>] : [];
    return [
      <li class={`reason ${r.outcome}`} key={r.id}>
        <span class="mark" role="img" aria-label={t(`outcome.${r.outcome}`)}>
          {MARK[r.outcome]}
        </span>
        <span class="text">
          {text}
          {r.discretionary ? <span class="note"> — {t('discretionary')}</span> : null}
        </span>
        {children}
      </li>,
    ];
  });
  return items.length ? <ul class={`print-reasons depth-${depth}`}>{items}</ul> : null;
}

function amountText(p: ProgrammeResult, t: T, lang: Lang): string {
  if (p.kind !== 'cash') return t(p.kind === 'status' ? 'res.card.status' : 'res.card.service');
  const a = p.amount;
  if (!a) return '';
  if (a.exactness === 'unknown') return t('amount.unknown');
  if (p.status === 'undetermined') return t('res.card.ifEligible', { amount: formatAmountValue(toPeriod(a, a.period === 'once' ? 'month' : a.period), t, lang) + (a.period === 'once' ? ` ${t('res.card.once')}` : '') });
  if (a.period === 'once') return `${formatAmountValue(a, t, lang)} ${t('res.card.once')}`;
  return t('amount.monthAndYear', {
    month: t('per.month', { amount: formatAmountValue(toPeriod(a, 'month'), t, lang) }),
    year: t('per.year', { amount: formatAmountValue(toPeriod(a, 'year'), t, lang) }),
  });
}

function ProgrammeBlock({ p, pack, household, report }: { p: ProgrammeResult; pack: RulePack; household: Household; report: Report }) {
  const { t, lang } = useI18n();
  const name = (i: number) => memberLabel(household.members[i], i, t);
  const members = (p.members ?? []).filter((m) => m.index >= 0 && m.status !== 'ineligible');
  const outcome = (s: ProgrammeResult['status']): Reason['outcome'] => (s === 'eligible' ? 'met' : s === 'undetermined' ? 'unknown' : 'not-met');
  const headline = members.find((m) => m.headline && !m.amount)?.headline;
  const amount = amountText(p, t, lang);
  return (
    <article class={`print-prog ${p.status}`} data-programme={p.id}>
      <header>
        <h4 lang="zh-CN" class="zh-name">
          {chinese(pack, t, lang, p.name)}
        </h4>
        <span class={`badge ${p.status}`}>{t(`status.${p.status}`)}</span>
      </header>
      {lang !== 'zh-CN' ? <p class="ui-name">{t(p.name)}</p> : null}
      {amount ? (
        <p class="print-amount">
          <span class="label">{t('print.amount')}</span> {amount}
        </p>
      ) : null}
      <EnteredFigures p={p} />
      {p.pastHorizon ? <p class="print-past-horizon">{pastHorizonNote(p.pastHorizon.horizon, t)}</p> : null}
      {headline ? (
        <p class="print-amount">
          {t(headline.label)}: {formatShown(headline.value, headline.unit, t, lang, undefined, headline.setLocally)}
        </p>
      ) : null}
      {p.unit === 'person' && members.length ? <p>{t('res.card.members', { names: members.map((m) => name(m.index)).join('、') })}</p> : null}
      {members
        .filter((m) => m.choice)
        .map((m) => (
          <p key={`choice-${m.index}`} class="print-choice" data-choice={m.choice!.id}>
            {t('choice.forMember', { member: name(m.index), text: choiceText(report, p, m, t, lang) })}
          </p>
        ))}
      <h5>{t('print.reasons')}</h5>
      {p.unit === 'household' ? (
        <PrintReasons reasons={p.reasons} parent={outcome(p.status)} />
      ) : members.length === 1 ? (
        <PrintReasons reasons={members[0]!.reasons ?? []} parent={outcome(members[0]!.status)} />
      ) : (
        members.map((m) => (
          <div class="print-member" key={m.index}>
            <p class="member-name">
              {name(m.index)} — {t(`status.${m.status}`)}
            </p>
            <PrintReasons reasons={m.reasons ?? []} parent={outcome(m.status)} />
          </div>
        ))
      )}
      {p.status === 'undetermined' && p.missing.length ? (
        <>
          <h5>{t('print.toConfirm')}</h5>
          <ul class="print-missing">
            {p.missing.map((m) => (
              <li key={m}>{missingText(m, t, name)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {p.sources.length ? (
        <p class="print-sources">
          <span class="label">{t('print.sources')}</span>
          {p.sources
            .map((c) => citationLine(c, pack, t, lang, false))
            .filter((s, i, all) => all.indexOf(s) === i)
            .join(lang === 'zh-CN' ? '；' : '; ')}
        </p>
      ) : null}
    </article>
  );
}

export default function PrintView({ household, cp, date, name, onBack, print }: PrintViewProps) {
  const { t, lang } = useI18n();
  const pack = cp.pack;
  const report = useMemo(() => evaluate(withImpliedAnswers(household), cp, { date }), [household, cp, date]);
  const { eligible, undetermined, quiet } = printable(report);
  const all = [...eligible, ...undetermined];
  const docs = documentsToBring(all);
  const zhName = (id: string) => chinese(pack, t, lang, `prog.${id}.name`);
  /** The document in the interface language, and in Chinese below it (what the office calls it) when that differs. */
  const doc = (id: string) => {
    const own = t(`doc.${id}`);
    const zh = chinese(pack, t, lang, `doc.${id}`);
    return (
      <>
        {own}
        {lang !== 'zh-CN' && !own.includes(zh) ? (
          <span class="zh-doc" lang="zh-CN">
            {zh}
          </span>
        ) : null}
      </>
    );
  };
  const region = pack.regions[report.region];
  const parent = region?.parent ? pack.regions[region.parent] : undefined;
  // A catalogue region (cn-<code>) has no rule file: its name comes from the catalogue (Chinese in both languages).
  const regionName = region ? (parent && parent.id !== 'cn' ? t('region.withParent', { region: t(`region.${region.id}`), parent: t(`region.${parent.id}`) }) : t(`region.${region.id}`)) : t(`region.${report.region}`);
  /** As the office writes it: 广东省江门市. */
  const regionZh = region ? `${parent && parent.id !== 'cn' ? parent.name.zh : ''}${region.name.zh}` : '';

  return (
    <div class="print-view">
      <div class="print-actions no-print">
        <button type="button" class="button" onClick={() => (print ?? (() => window.print()))()}>
          {t('print.print')}
        </button>
        <button type="button" class="button secondary" onClick={onBack}>
          {t('print.back')}
        </button>
        <p class="help">{t('print.hint')}</p>
      </div>

      <dl class="print-meta">
        {name ? (
          <div>
            <dt>{t('print.household')}</dt>
            <dd>{name}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('print.region')}</dt>
          <dd>{regionName}</dd>
        </div>
        <div>
          <dt>{t('print.members')}</dt>
          <dd>{t('print.membersCount', { count: household.members.length })}</dd>
        </div>
        <div>
          <dt>{t('print.date')}</dt>
          <dd class="nowrap">{report.date}</dd>
        </div>
        <div>
          <dt>{t('print.printed')}</dt>
          <dd class="nowrap">{today()}</dd>
        </div>
        <div class="wide">
          <dt>{t('print.rules')}</dt>
          <dd>{t('print.rulesValue', { version: report.rulesVersion, verified: report.lastVerified })}</dd>
        </div>
      </dl>

      <Headline h={headline(report)} undetermined={undetermined.length} />

      {all.length === 0 ? <p class="print-none">{t('print.none')}</p> : null}

      {eligible.length ? (
        <section class="print-group">
          <h3>{t('res.group.eligible')}</h3>
          {eligible.map((p) => (
            <ProgrammeBlock key={p.id} p={p} pack={pack} household={household} report={report} />
          ))}
        </section>
      ) : null}
      {undetermined.length ? (
        <section class="print-group">
          <h3>{t('res.group.undetermined')}</h3>
          {undetermined.map((p) => (
            <ProgrammeBlock key={p.id} p={p} pack={pack} household={household} report={report} />
          ))}
        </section>
      ) : null}
      {/* Private questions left open (HIV status): counted, never named on paper that goes to the office. */}
      {quiet.length ? <p class="print-quiet muted">{t('print.quiet', { count: quiet.length })}</p> : null}

      {all.length ? (
        <section class="print-docs">
          <h3>{t('print.docs.title')}</h3>
          {docs.common.length ? (
            <>
              <h4>{all.length > 1 ? t('print.docs.common') : t('print.docs.for', { name: zhName(all[0]!.id) })}</h4>
              <ul class="checklist">
                {docs.common.map((d) => (
                  <li key={d} data-doc={d}>
                    {doc(d)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {docs.some.length ? (
            <>
              <h4>{t('print.docs.some')}</h4>
              <ul class="checklist">
                {docs.some.map((d) => (
                  <li key={d.doc} data-doc={d.doc}>
                    {doc(d.doc)}
                    <span class="for">
                      {t('print.docs.forLabel')}
                      <span lang="zh-CN">{d.programmes.map(zhName).join('、')}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p class="help">{t('print.docs.note')}</p>
        </section>
      ) : null}

      <section class="print-where">
        <h3>{t('print.where.title')}</h3>
        <p>{t('print.where.text')}</p>
        <p>
          <span class="label">{t('print.where.registered')}</span> {regionName}
          {lang !== 'zh-CN' && regionZh ? <span lang="zh-CN"> {regionZh}</span> : null}
        </p>
        <p class="fill-in">{t('print.where.fillIn')}</p>
      </section>

      <footer class="print-foot">
        <p>{t('res.disclaimer')}</p>
        <p>{t('print.footer')}</p>
      </footer>
    </div>
  );
}
