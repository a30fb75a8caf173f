/**
 * The screening summary across the caseload (as filtered): per programme, how many households can apply and how many
 * are undetermined; then, household by household, the questions still to ask on the next visit (from each saved
 * result's `missing`), named with `missingText`. Printable with the browser's print.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Profile, ProfileSummary } from '../../storage/types';
import { missingText } from '../../shared/format';
import { memberLabel } from '../household-edit';
import { useI18n } from '../i18n';
import { isLockedError, type AppStore } from '../lock/locked';
import { programmeCounts } from './model';

export interface SummaryProps {
  store: AppStore;
  /** The households the summary covers (the caseload as filtered). */
  rows: ProfileSummary[];
  total: number;
  programmeOrder?: readonly string[];
  onOpenCase: (id: string) => void;
  onLocked: () => void;
}

interface FollowUp {
  summary: ProfileSummary;
  questions: string[];
}

export default function Summary({ store, rows, total, programmeOrder = [], onOpenCase, onLocked }: SummaryProps) {
  const { t } = useI18n();
  const [followUps, setFollowUps] = useState<FollowUp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = rows.map((r) => `${r.id}@${r.updatedAt}`).join(',');

  useEffect(() => {
    let live = true;
    setFollowUps(null);
    void (async () => {
      const out: FollowUp[] = [];
      try {
        for (const s of rows) {
          if (!s.undetermined.length) continue;
          const p: Profile | null = await store.getProfile(s.id);
          if (!p) continue;
          const programmeIds = new Set([...s.eligible, ...s.undetermined, ...(p.lastResult?.programmes.map((x) => x.id) ?? [])]);
          const name = (i: number) => memberLabel(p.household.members[i], i, t);
          const questions = [...new Set((p.lastResult?.missing ?? []).filter((m) => !programmeIds.has(m)))].map((m) => missingText(m, t, name));
          out.push({ summary: s, questions });
        }
      } catch (e) {
        if (!live) return;
        if (isLockedError(e)) onLocked();
        else setError(t('error.generic', { detail: e instanceof Error ? e.message : String(e) }));
        return;
      }
      out.sort((a, b) => (a.summary.village ?? '').localeCompare(b.summary.village ?? '', 'zh-CN') || a.summary.name.localeCompare(b.summary.name, 'zh-CN'));
      if (live) setFollowUps(out);
    })();
    return () => {
      live = false;
    };
  }, [key, t]);

  const counts = programmeCounts(rows, programmeOrder);
  const withAny = rows.filter((r) => r.eligible.length || r.undetermined.length).length;
  const name = (id: string) => t(`prog.${id}.name`);

  return (
    <div class="case-summary">
      <section class="card">
        <h3>{t('case.summary.title')}</h3>
        <p>{t('case.summary.basis', { count: rows.length, total })}</p>
        <p>{t('case.summary.withAny', { count: withAny })}</p>
        {counts.length ? (
          <table class="summary-table">
            <caption class="sr-only">{t('case.summary.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.summary.programme')}</th>
                <th scope="col" class="num">
                  {t('case.summary.eligible')}
                </th>
                <th scope="col" class="num">
                  {t('case.summary.undetermined')}
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr key={c.id} data-programme={c.id}>
                  <th scope="row">{name(c.id)}</th>
                  <td class="num" data-col="eligible" data-label={t('case.summary.eligible')}>
                    {c.eligible}
                  </td>
                  <td class="num" data-col="undetermined" data-label={t('case.summary.undetermined')}>
                    {c.undetermined}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('case.summary.none')}</p>
        )}
      </section>

      <section class="card">
        <h3>{t('case.questions.title')}</h3>
        <p class="help">{t('case.questions.help')}</p>
        {error ? (
          <p class="error-text" role="alert">
            {error}
          </p>
        ) : !followUps ? (
          <p class="loading">{t('ui.loading')}</p>
        ) : followUps.length === 0 ? (
          <p class="muted">{t('case.questions.empty')}</p>
        ) : (
          <ul class="plain followups">
            {followUps.map(({ summary: s, questions }) => (
              <li key={s.id} class="followup" data-id={s.id}>
                <h4>
                  {s.name || t('saved.unnamed')}
                  {s.village ? <span class="muted"> · {s.village}</span> : null}
                </h4>
                <p class="muted">{t('case.questions.undetermined', { names: s.undetermined.map(name).join('、') })}</p>
                {questions.length ? (
                  <ul class="questions">
                    {questions.map((q) => (
                      <li key={q}>{q}</li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{t('case.questions.none')}</p>
                )}
                <button type="button" class="button secondary small no-print" onClick={() => onOpenCase(s.id)}>
                  {t('case.visits')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" class="button secondary no-print" onClick={() => window.print()}>
          {t('case.summary.print')}
        </button>
      </section>
    </div>
  );
}
