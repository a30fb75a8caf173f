/**
 * One programme's result: amount per month and per year with its exactness, and — expanded — every condition
 * ✓ ✗ ? with the values compared, how close a near miss was, the sources, and the questions that would decide it.
 */
import { useState } from 'preact/hooks';
import type { Household } from '../../engine/household';
import type { Citation as CitationRef, RulePack } from '../../engine/pack';
import type { Amount, EstimateLine, MemberResult, ProgrammeResult, Reason, Report } from '../../engine/report';
import { choiceText } from '../../shared/choice';
import { citationParts, localized } from '../../shared/citation';
import { formatAmountValue, formatShown, missingText, money, nearMissText, reasonText, toPeriod } from '../../shared/format';
import { pastHorizonNote } from '../../shared/horizon';
import { Question } from '../components/questions';
import { ReadAloud } from '../components/ReadAloud';
import { memberLabel } from '../household-edit';
import { useI18n } from '../i18n';
import { EnteredFigures } from './EnteredFigures';

const MARK: Record<Reason['outcome'], string> = { met: '✓', 'not-met': '✗', unknown: '?' };

function Citation({ c, pack }: { c: CitationRef; pack: RulePack }) {
  const { t, lang } = useI18n();
  const p = citationParts(c, pack, t, lang);
  return (
    <span class="cite">
      {p.title}
      {p.where ? ` ${p.where}` : ''}
      {p.quote ? <q lang="zh-CN">{p.quote}</q> : null}
      {p.reading ? <span class="reading"> — {p.reading}</span> : null}
    </span>
  );
}

function ReasonItem({ r, pack }: { r: Reason; pack: RulePack }) {
  const { t, lang } = useI18n();
  const text = reasonText(r, t, lang);
  const near = nearMissText(r, t, lang);
  const children = r.children?.length ? <ReasonList reasons={r.children} pack={pack} /> : null;
  if (!text) return children;
  return (
    <li class={`reason ${r.outcome}`}>
      <span class="mark" role="img" aria-label={t(`outcome.${r.outcome}`)}>
        {MARK[r.outcome]}
      </span>
      <span class="text">
        {text}
        {near ? <span class="near"> — {near}</span> : null}
        {r.discretionary ? <span class="note"> — {t('discretionary')}</span> : null}
        {r.unknownFigures?.length ? <span class="note"> — {t('value.setLocally')}</span> : null}
        {r.source ? (
          <small class="source">
            <Citation c={r.source} pack={pack} />
          </small>
        ) : null}
      </span>
      {children}
    </li>
  );
}

function ReasonList({ reasons, pack }: { reasons: Reason[]; pack: RulePack }) {
  return (
    <ul class="reasons">
      {reasons.map((r) => (
        <ReasonItem r={r} pack={pack} key={r.id} />
      ))}
    </ul>
  );
}

/** An amount in the period it is paid in: monthly (with the year beside it), yearly, or once — never a year ÷ 12. */
export function AmountLine({ a, kind }: { a: Amount | null; kind: ProgrammeResult['kind'] }) {
  const { t, lang } = useI18n();
  if (kind !== 'cash') return <p class="amount muted">{t(kind === 'status' ? 'res.card.status' : 'res.card.service')}</p>;
  if (!a) return null;
  if (a.exactness === 'unknown' || (a.exactness === 'floor' && !a.min)) {
    return (
      <p class="amount unknown">
        <strong>{t('amount.unknown')}</strong>
        <span class="muted"> — {t('amount.unknownHint')}</span>
      </p>
    );
  }
  const shown = (x: Amount) => (x.exactness === 'floor' ? t('amount.atLeast', { value: money(x.min ?? 0, lang) }) : formatAmountValue(x, t, lang));
  if (a.period === 'once') {
    return (
      <p class="amount">
        <strong>{shown(a)}</strong> <span class="muted">{t('res.card.once')}</span>
      </p>
    );
  }
  if (a.period === 'year') {
    return (
      <p class="amount">
        <strong>{shown(a)}</strong> <span class="muted">{t('res.card.perYear')}</span>
      </p>
    );
  }
  return (
    <p class="amount">
      <strong>{shown(a)}</strong> <span class="muted">{t('res.card.perMonth')}</span>
      <span class="sep"> · </span>
      <span>{shown(toPeriod(a, 'year'))}</span> <span class="muted">{t('res.card.perYear')}</span>
    </p>
  );
}

/**
 * The lines of a member's estimate worth showing: from the first figure known on. A self-paid amount typed from the
 * settlement slip starts the calculation there, so the insurance steps before it (not needed) are left out.
 */
export function estimateShown(lines: EstimateLine[]): EstimateLine[] {
  const first = lines.findIndex((l) => l.value !== null);
  return first < 0 ? lines : lines.slice(first);
}

/** The first numeric threshold that was not met (or is unknown), said plainly. */
function nearMisses(reasons: Reason[] | undefined, t: ReturnType<typeof useI18n>['t'], lang: ReturnType<typeof useI18n>['lang']): string[] {
  const out: string[] = [];
  const walk = (rs: Reason[] | undefined) => {
    for (const r of rs ?? []) {
      if (r.outcome === 'not-met' && r.nearMiss) {
        const s = nearMissText(r, t, lang);
        if (s && (r.nearMiss.unit?.startsWith('yuan') || r.nearMiss.unit === 'years')) out.push(`${reasonText(r, t, lang)} — ${s}`);
      }
      walk(r.children);
    }
  };
  walk(reasons);
  return out;
}

/** What 朗读 says for a result: the card as shown (name, verdict, amount, who, near miss), not its buttons. */
function spokenCard(bodyId: string): string {
  const card = document.getElementById(bodyId)?.closest('article') ?? document.querySelector(`[aria-controls="${bodyId}"]`)?.closest('article');
  if (!card) return '';
  const parts = [...card.querySelectorAll('h4, .badge, .amount, .past-horizon, .who, .near, .member-figures li, .warn')].map((e) => e.textContent?.trim()).filter(Boolean);
  return parts.join('。');
}

export interface CardProps {
  p: ProgrammeResult;
  pack: RulePack;
  household: Household;
  onAnswer: (h: Household) => void;
  open?: boolean;
  /** The whole report: a choice between exclusive programmes names the other options and what they bring. */
  report?: Report;
}

export function ProgrammeCard({ p, pack, household, onAnswer, open: initiallyOpen = false, report }: CardProps) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(initiallyOpen);
  const name = (i: number) => memberLabel(household.members[i], i, t);
  const shownMembers: MemberResult[] = (p.members ?? []).filter((m) => m.index >= 0 && (p.status === 'ineligible' ? true : m.status !== 'ineligible'));
  // Who can apply, and apart from them who may once an answer is given (never "eligible" for someone still open).
  const sep = t('ui.listSeparator');
  const whoLine = p.unit === 'person' && p.status !== 'ineligible' ? shownMembers.filter((m) => m.status === 'eligible').map((m) => name(m.index)).join(sep) : '';
  const maybeLine = p.unit === 'person' && p.status !== 'ineligible' ? shownMembers.filter((m) => m.status === 'undetermined').map((m) => name(m.index)).join(sep) : '';
  /** A member's figure in words; an unknown one that waits for an answer says so (not "not answered"). */
  const figure = (l: EstimateLine) => (l.value === null && !l.setLocally ? t('res.card.figureOpen') : formatShown(l.value, l.unit, t, lang, undefined, l.setLocally));
  // A line drawn from a figure past its horizon may have moved: the near miss says so.
  const nearHorizon = (p.figures ?? []).filter((f) => f.pastHorizon && f.horizon).map((f) => f.horizon!).sort()[0];
  const near = nearMisses(p.unit === 'household' ? p.reasons : shownMembers.flatMap((m) => m.reasons ?? []), t, lang);
  // Each member's own figure (e.g. their medical-aid ratio: 80% for a dibao adult, 90% for a child).
  const headlines = shownMembers.filter((m) => m.headline);
  const bodyId = `prog-${p.id}`;
  return (
    <article class={`programme ${p.status}${p.alreadyReceives ? ' already' : ''}`} data-programme={p.id}>
      <header>
        <h4>{t(p.name)}</h4>
        <span class={`badge ${p.status}`}>{t(p.alreadyReceives ? 'status.already' : `status.${p.status}`)}</span>
      </header>
      <ReadAloud label={t(p.name)} text={() => spokenCard(bodyId)} />
      {p.status === 'undetermined' && p.amount && p.amount.exactness !== 'unknown' ? (
        <p class="amount muted">{t('res.card.ifEligible', { amount: t(`per.${p.amount.period}`, { amount: formatAmountValue(p.amount, t, lang) }) })}</p>
      ) : p.status !== 'ineligible' ? (
        <AmountLine a={p.amount} kind={p.kind} />
      ) : null}
      <EnteredFigures p={p} />
      {p.pastHorizon ? (
        <p class="note past-horizon" data-testid="card-past-horizon">
          {pastHorizonNote(p.pastHorizon.horizon, t)}
        </p>
      ) : null}
      {headlines.length ? (
        // One line when everybody's figure is the same (the who line names them); else each member's own.
        new Set(headlines.map((m) => figure(m.headline!))).size === 1 && headlines.every((m) => !m.amount) ? (
          <p class="amount">
            {t(headlines[0]!.headline!.label)}: {figure(headlines[0]!.headline!)}
          </p>
        ) : (
          <ul class="plain member-figures">
            {headlines.map((m) => (
              <li key={m.index} data-member={m.index}>
                {t('res.card.memberFigure', {
                  member: name(m.index),
                  label: t(m.headline!.label),
                  value: figure(m.headline!),
                })}
                {m.amount ? <strong> · {t('res.card.memberEstimate', { amount: formatAmountValue(m.amount, t, lang) })}</strong> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {whoLine ? <p class="who">{t('res.card.members', { names: whoLine })}</p> : null}
      {maybeLine ? <p class="who maybe">{t('res.card.membersMaybe', { names: maybeLine })}</p> : null}
      {report && p.status !== 'ineligible'
        ? shownMembers
            .filter((m) => m.choice)
            .map((m) => (
              <p key={`choice-${m.index}`} class={`warn choice${m.choice!.taken ? ' taken' : ''}`} data-choice={m.choice!.id} data-member={m.index}>
                {t('choice.forMember', { member: name(m.index), text: choiceText(report, p, m, t, lang) })}
              </p>
            ))
        : null}
      {p.alreadyReceives && p.status === 'ineligible' ? <p class="warn">{t('res.card.alreadyButIneligible')}</p> : null}
      {near.length && p.status !== 'eligible' ? (
        <p class="near">
          {t('res.nearMiss', { text: near[0] })}
          {nearHorizon ? ` — ${pastHorizonNote(nearHorizon, t)}` : null}
        </p>
      ) : null}
      <button type="button" class="link" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
        {open ? t('res.card.hide') : t('res.card.why')}
      </button>
      {open ? (
        <div class="details" id={bodyId}>
          {p.unit === 'household' ? (
            <ReasonList reasons={p.reasons} pack={pack} />
          ) : (
            shownMembers.map((m) => (
              <div class="member-result" key={m.index}>
                <h5>
                  {name(m.index)} — {t(`status.${m.status}`)}
                </h5>
                <ReasonList reasons={m.reasons ?? []} pack={pack} />
                {m.estimate ? (
                  <div class="estimate">
                    <h6>{t('res.card.estimate')}</h6>
                    {m.estimate.find((l) => l.id === 'selfPaid')?.value !== null && household.members[m.index]?.hospitalBill?.selfPaid !== undefined ? (
                      <p class="muted">{t('res.card.estimateFromSelfPaid', { amount: money(household.members[m.index]!.hospitalBill!.selfPaid!, lang) })}</p>
                    ) : null}
                    <dl>
                      {estimateShown(m.estimate).map((l) => (
                        <div key={l.id}>
                          <dt>{t(l.label)}</dt>
                          <dd>{formatShown(l.value, l.unit, t, lang, undefined, l.setLocally)}</dd>
                        </div>
                      ))}
                    </dl>
                    {p.omits?.length ? (
                      <>
                        <p class="muted">{t('res.card.omits')}</p>
                        <ul class="plain">
                          {p.omits.map((o) => (
                            <li key={o}>{t(o)}</li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </div>
                ) : null}
              </div>
            ))
          )}
          {p.income && (p.income.notCounted.length || p.income.leftOutMembers.length) ? (
            <div class="income-note">
              <h6>{t('res.card.income')}</h6>
              <ul class="plain">
                {p.income.notCounted.map((x) => (
                  <li key={x.kind}>
                    {t(`income.${x.kind}`)} {formatShown(x.amount, 'yuan-month', t, lang)} — {t(x.reason)}
                  </li>
                ))}
                {p.income.leftOutMembers.map((x) => (
                  <li key={x.index}>{t('income.leftOut', { member: name(x.index) })}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {p.missing.length ? (
            <div class="missing">
              <h6>{t('res.card.whatChanges')}</h6>
              <p class="muted">{t('res.card.answerHere')}</p>
              {p.missing.map((path) => (
                <div class="inline-question" key={path}>
                  <p class="q-title">{missingText(path, t, name)}</p>
                  <Question path={path} household={household} onChange={onAnswer} />
                </div>
              ))}
            </div>
          ) : null}
          {p.unknownFigures.length && p.status !== 'ineligible' ? <p class="note">{t('res.card.setLocally')}</p> : null}
          {p.figures?.length ? (
            <div class="figures">
              <h6>{t('res.card.figures')}</h6>
              <ul class="plain">
                {p.figures.map((f) => (
                  <li key={f.id}>
                    {t(`param.${f.id}`)}: <strong>{formatShown(f.value, f.unit, t, lang, undefined, f.value === null)}</strong>
                    <span class="muted"> — {t(`strength.${f.strength}`)}</span>
                    {f.pastHorizon && f.horizon ? <span class="past-horizon-figure"> — {pastHorizonNote(f.horizon, t)}</span> : null}
                    {f.region && f.from ? <span class="muted">（{t('res.card.figureFrom', { region: t(`region.${f.region}`), from: f.from })}）</span> : null}
                    {f.source ? (
                      <small class="source">
                        <Citation c={f.source} pack={pack} />
                      </small>
                    ) : null}
                    {f.note ? <small class="figure-note">{localized(f.note, lang)}</small> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div class="sources">
            <h6>{t('res.card.sources')}</h6>
            <ul class="plain">
              {p.sources.map((c, i) => (
                <li key={i}>
                  <Citation c={c} pack={pack} />
                </li>
              ))}
            </ul>
          </div>
          {p.notes.length ? (
            <div class="notes">
              <h6>{t('res.card.notes')}</h6>
              <ul class="plain">
                {p.notes.map((n) => (
                  <li key={n}>{t(n)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {p.status !== 'ineligible' && p.documents.length ? (
            <div class="documents">
              <h6>{t('res.card.documents')}</h6>
              <ul class="plain">
                {p.documents.map((d) => (
                  <li key={d}>{t(`doc.${d}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
