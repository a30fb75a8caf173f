/**
 * The results page: totals, the four groups (can apply / needs checking / already receives / not eligible) and a
 * quiet fifth at the end (less common situations: private questions left open), the chart, what changed since the
 * household was saved, and the rules version and disclaimer. Lazy-loaded.
 */
import { useMemo, useState } from 'preact/hooks';
import type { CompiledPack } from '../../engine/compile';
import { evaluate } from '../../engine/evaluate';
import type { Household } from '../../engine/household';
import type { Report } from '../../engine/report';
import { formatAmountValue } from '../../shared/format';
import { isChild, memberLabel } from '../household-edit';
import type { ResultSnapshot } from '../../storage/types';
import { useI18n } from '../i18n';
import { withImpliedAnswers } from '../implied';
import { IncomeChart } from './IncomeChart';
import { Headline } from './Headline';
import { NextSteps } from './NextSteps';
import { changesSince, grouped, hasMoneyNearMiss, headline, incomeCurve, pivots, type Change, type Pivot } from './model';
import { ProgrammeCard } from './ProgrammeCard';

export interface ResultsProps {
  household: Household;
  cp: CompiledPack;
  /** Evaluation date (YYYY-MM-DD). */
  date: string;
  onAnswer: (h: Household) => void;
  onEdit: () => void;
  /** `update` the saved household being edited, or save as a `new` one. */
  onSave: (name: string, report: Report, mode: 'update' | 'new') => void;
  onPrint?: () => void;
  /** Start a new, empty household. */
  onNew?: () => void;
  savedName?: string;
  /** The saved household these answers come from (saving then asks: update it, or save as a new one). */
  editing?: { name: string };
  previous?: ResultSnapshot;
  saveState?: 'idle' | 'saved';
  /** Answers that could not be read (typed in an "answer here" box): the results do not use them. */
  problems?: number;
}

function ChangeItem({ c }: { c: Change }) {
  const { t, lang } = useI18n();
  if (c.kind === 'rules') return <li>{t('res.changes.rules', { from: c.from, to: c.to })}</li>;
  if (c.kind === 'status') return <li>{t('res.changes.status', { name: t(c.name), from: t(`status.${c.from}`), to: t(`status.${c.to}`) })}</li>;
  const f = (a: typeof c.from) => (a ? formatAmountValue(a, t, lang) : t('amount.none'));
  return <li>{t('res.changes.amount', { name: t(c.name), from: f(c.from), to: f(c.to) })}</li>;
}

/**
 * "This answer decides what 小明 gets": what every answer gives once, then, for the answers that give the same, only
 * what they add to it.
 */
function PivotNote({ pivot, household }: { pivot: Pivot; household: Household }) {
  const { t } = useI18n();
  const m = household.members[pivot.member]!;
  const name = m.name?.trim() || memberLabel(m, pivot.member, t);
  const field = pivot.path.replace(/^members\[\d+\]\./, '');
  const child = isChild(household, m);
  const answer = (v: string | boolean) => `“${typeof v === 'boolean' ? t(v ? 'ui.yes' : 'ui.no') : t(`enum.${field === 'legalSupporters' && child ? 'legalSupporters.child' : field}.${v}`)}”`;
  const sep = t('ui.listSeparator');
  const names = (ids: string[]) => ids.map((id) => t(`prog.${id}.name`)).join(sep);
  const common = pivot.outcomes.reduce<string[]>((acc, o) => acc.filter((id) => o.programmes.includes(id)), pivot.outcomes[0]?.programmes ?? []);
  const groups = new Map<string, { answers: (string | boolean)[]; more: string[] }>();
  for (const o of pivot.outcomes) {
    const more = o.programmes.filter((id) => !common.includes(id));
    const key = more.join(',');
    const g = groups.get(key) ?? { answers: [], more };
    g.answers.push(o.value);
    groups.set(key, g);
  }
  return (
    <li data-path={pivot.path}>
      <p>{t('res.pivot.text', { member: name, question: t(`field.${field}`) })}</p>
      <ul class="plain">
        {common.length ? <li>{t('res.pivot.always', { programmes: names(common) })}</li> : null}
        {[...groups.values()].map((g) => (
          <li key={g.answers.join()}>
            {t(g.more.length ? 'res.pivot.adds' : common.length ? 'res.pivot.onlyThose' : 'res.pivot.nothing', { answers: g.answers.map(answer).join(t('res.pivot.or')), programmes: names(g.more) })}
          </li>
        ))}
      </ul>
    </li>
  );
}

export default function ResultsView(props: ResultsProps) {
  const { t, lang } = useI18n();
  const { household, cp } = props;
  const report = useMemo(() => evaluate(withImpliedAnswers(household), cp, { date: props.date }), [household, cp, props.date]);
  const groups = grouped(report);
  const nearMisses = groups.ineligible.filter(hasMoneyNearMiss);
  const [showIneligible, setShowIneligible] = useState(false);
  const [name, setName] = useState(props.savedName ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const saveAsNew = () => {
    // A new household under the same name as the one edited would be two 甲户: ask for its own name.
    if (props.editing && name.trim() === props.editing.name.trim()) return setNameError(t('res.saveNew.sameName'));
    setNameError(null);
    props.onSave(name.trim(), report, 'new');
  };
  const curve = useMemo(() => incomeCurve(household, cp, report.date, report), [report]);
  const moves = useMemo(() => pivots(household, cp, report.date, report), [report]);
  const changes = props.previous ? changesSince(props.previous, report) : null;
  const pack = cp.pack;
  const card = (p: (typeof report.programs)[number]) => <ProgrammeCard key={p.id} p={p} pack={pack} household={household} onAnswer={props.onAnswer} report={report} />;
  return (
    <div class="results">
      <p class="sr-only" role="status" aria-live="polite">
        {t('res.liveRegion', { eligible: groups.eligible.length, undetermined: groups.undetermined.length })}
      </p>
      {props.problems ? (
        <p class="banner error" role="alert">
          {t('res.problems', { count: props.problems })}
        </p>
      ) : null}
      <Headline h={headline(report)} undetermined={groups.undetermined.length} />
      <p class="summary-line">{t('res.summary', { eligible: groups.eligible.length, undetermined: groups.undetermined.length, already: groups.already.length })}</p>

      {changes ? (
        <section class="card changes">
          <h3>{t('res.changes.title')}</h3>
          {changes.length ? (
            <ul class="plain">
              {changes.map((c, i) => (
                <ChangeItem c={c} key={i} />
              ))}
            </ul>
          ) : (
            <p>{t('res.changes.none')}</p>
          )}
        </section>
      ) : null}

      <section class="group eligible">
        <h3>{t('res.group.eligible')}</h3>
        {groups.eligible.length ? groups.eligible.map(card) : <p class="muted">{t('res.group.empty')}</p>}
      </section>
      <section class="group undetermined">
        <h3>{t('res.group.undetermined')}</h3>
        {moves.length ? (
          <div class="card pivots" data-testid="pivots">
            <h4>{t('res.pivot.title')}</h4>
            <ul class="plain">
              {moves.map((p) => (
                <PivotNote pivot={p} household={household} key={p.path} />
              ))}
            </ul>
          </div>
        ) : null}
        {groups.undetermined.length ? groups.undetermined.map(card) : <p class="muted">{t('res.group.empty')}</p>}
      </section>
      {groups.already.length ? (
        <section class="group already">
          <h3>{t('res.group.already')}</h3>
          {groups.already.map(card)}
        </section>
      ) : null}

      {curve ? (
        <section class="card">
          <h3>{t('res.chart.title')}</h3>
          <IncomeChart curve={curve} />
        </section>
      ) : null}

      <section class="group ineligible">
        <h3>{t('res.group.ineligible')}</h3>
        {/* Near misses stay in view: knowing "¥50 above the line" is worth more than a closed list. */}
        {showIneligible ? groups.ineligible.map(card) : nearMisses.map(card)}
        {!showIneligible && groups.ineligible.length > nearMisses.length ? (
          <button type="button" class="button secondary" onClick={() => setShowIneligible(true)}>
            {t('res.ineligible.show', { count: groups.ineligible.length - nearMisses.length })}
          </button>
        ) : null}
      </section>

      {groups.quiet.length ? (
        // Undetermined results that turn on something private (HIV status): one quiet, collapsed group at the end,
        // not a card in "needs checking" for every household with a child (src/shared/sensitive.ts).
        <details class="group quiet" data-testid="quiet-group">
          <summary>
            <h3>{t('res.group.quiet')}</h3>
          </summary>
          <p class="muted">{t('res.quiet.lead')}</p>
          {groups.quiet.map(card)}
        </details>
      ) : null}

      <NextSteps report={report} household={household} name={props.savedName} onPrint={props.onPrint} />

      <section class="card save">
        <label for="save-name">{t('res.saveAs')}</label>
        <input id="save-name" type="text" autoComplete="off" value={name} aria-invalid={nameError ? 'true' : 'false'} aria-describedby="save-name-err" onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        <p class="error" id="save-name-err" aria-live="polite">
          {nameError ?? ''}
        </p>
        <div class="actions">
          {props.editing ? (
            <>
              <button type="button" class="button" data-testid="save-update" onClick={() => props.onSave(name.trim(), report, 'update')}>
                {props.saveState === 'saved' ? t('res.saved') : t('res.update', { name: props.editing.name || t('saved.unnamed') })}
              </button>
              <button type="button" class="button secondary" data-testid="save-new" onClick={saveAsNew}>
                {t('res.saveNew')}
              </button>
            </>
          ) : (
            <button type="button" class="button" data-testid="save-new" onClick={saveAsNew}>
              {props.saveState === 'saved' ? t('res.saved') : t('res.save')}
            </button>
          )}
          <button type="button" class="button secondary" onClick={props.onEdit}>
            {t('ui.nav.edit')}
          </button>
        </div>
        {props.onNew ? (
          <button type="button" class="button secondary new-household" data-testid="new-household" onClick={props.onNew}>
            {t('ui.newHousehold')}
          </button>
        ) : null}
      </section>

      <footer class="meta">
        <p>{t('res.meta', { version: report.rulesVersion, verified: report.lastVerified, date: report.date })}</p>
        <p>{t('res.disclaimer')}</p>
      </footer>
    </div>
  );
}
