/**
 * Check your answers (the GOV.UK pattern, a lazy chunk): every answer grouped by person, each with 修改 that opens
 * its question (focused) and comes back here; answers that could not be read are shown as typed, with the way to
 * fix them, and results wait until they are; answers the wizard filled in because they follow from others are
 * listed with the reason.
 */
import type { Household, Member } from '../../engine/household';
import type { RegionDef } from '../../engine/pack';
import { money, type Lang, type T } from '../../shared/format';
import { isChild, memberLabel, OPTIONAL_QUESTIONS } from '../household-edit';
import { useI18n } from '../i18n';
import { impliedAnswers } from '../implied';
import type { StepId, WizardMemory } from '../wizard/flow';
import type { PlanSection } from '../wizard/plan';

export interface CheckProps {
  household: Household;
  memory: WizardMemory;
  plan: PlanSection[];
  /** Paths of answers that could not be read, in question order. */
  problems: string[];
  regions: Record<string, RegionDef>;
  onEdit: (path: string, step: StepId) => void;
  onResults: () => void;
  onPrevious: () => void;
}

const LABELS: Record<string, string> = {
  region: 'q.region',
  hukou: 'q.hukou',
  date: 'q.date',
  assetsMeetLocalRules: 'q.assets',
  statuses: 'q.householdStatuses',
  suddenHardship: 'q.suddenHardship',
  familyPlanning: 'q.fp.household',
  hospital: 'q.hospital',
  relation: 'q.relation',
  name: 'q.name',
  age: 'q.age',
  sex: 'q.sex',
  work: 'q.work',
  school: 'q.schoolStage',
  'school.boarding': 'q.boarding',
  'school.rural': 'q.ruralSchool',
  disability: 'q.disability',
  'disability.grade': 'q.disabilityGrade',
  'disability.kind': 'q.disabilityKind',
  'disability.mainKind': 'q.disabilityMainKind',
  'disability.needsLongTermCare': 'q.needsLongTermCare',
  workInjuryCareAllowance: 'q.workInjuryCareAllowance',
  seriousIllness: 'q.seriousIllness',
  hivInfected: 'q.hivInfected',
  father: 'q.father',
  mother: 'q.mother',
  orphanCare: 'q.orphanCare',
  legalSupporters: 'q.legalSupporters',
  selfCare: 'q.selfCare',
  away: 'q.away',
  allowanceReceived: 'q.allowanceReceived',
  memberStatuses: 'q.personStatuses',
  income: 'q.income.title',
  insurance: 'q.insurance',
  'hospitalBill.inPolicyCost': 'q.inPolicyCost',
  'hospitalBill.selfPaid': 'q.selfPaid',
  onlyChild: 'q.onlyChild',
  fpSurgeryComplication: 'q.fpSurgeryComplication',
};

const MEMBER_PATH = /^members\[(\d+)\]\.(.+)$/;

/** The question's label as the page asking it words it (a child's questions are worded for a child). */
export function questionLabel(path: string, h: Household, t: T): string {
  const m = MEMBER_PATH.exec(path);
  if (!m) return t(LABELS[path] ?? path);
  const member = h.members[Number(m[1])];
  const field = m[2]!;
  const child = member ? isChild(h, member) : false;
  if (field === 'work' && child) return t('q.work.child');
  if (field === 'legalSupporters' && child) return t('q.legalSupporters.child');
  return t(LABELS[field === 'statuses' ? 'memberStatuses' : field] ?? field);
}

const yesNo = (v: boolean | undefined, t: T) => (v === undefined ? null : t(v ? 'ui.yes' : 'ui.no'));
const list = (items: string[], t: T) => (items.length ? items.join(t('ui.listSeparator')) : t('q.statuses.none'));

function memberAnswer(m: Member, field: string, h: Household, t: T, lang: Lang): string | null {
  switch (field) {
    case 'relation':
      return t(`enum.relation.${m.relation}`);
    case 'name':
      return m.name?.trim() || null;
    case 'age':
      return m.age === undefined ? null : t('value.years', { value: m.age });
    case 'sex':
      return m.sex ? t(`enum.sex.${m.sex}`) : null;
    case 'work':
      return m.work ? t(`enum.work.${m.work}`) : null;
    case 'school':
      return m.school ? t(`enum.schoolStage.${m.school.stage}`) : null;
    case 'school.boarding':
      return yesNo(m.school?.boarding, t);
    case 'school.rural':
      return yesNo(m.school?.rural, t);
    case 'disability':
      return yesNo(m.disability?.certificate, t);
    case 'disability.grade':
      return m.disability?.grade ? t('value.grade', { value: m.disability.grade }) : null;
    case 'disability.kind':
      return m.disability?.kind ? t(`enum.disabilityKind.${m.disability.kind}`) : null;
    case 'disability.mainKind':
      return m.disability?.mainKind ? t(`enum.disabilityKind.${m.disability.mainKind}`) : null;
    case 'disability.needsLongTermCare':
      return yesNo(m.disability?.needsLongTermCare, t);
    case 'workInjuryCareAllowance':
    case 'seriousIllness':
    case 'hivInfected':
      return yesNo(m[field], t);
    case 'father':
    case 'mother':
      return m[field] ? t(`enum.parent.${m[field]}`) : null;
    case 'orphanCare':
      return m.orphanCare ? t(`enum.orphanCare.${m.orphanCare}`) : null;
    case 'legalSupporters':
      return m.legalSupporters ? t(isChild(h, m) ? `enum.legalSupporters.child.${m.legalSupporters}` : `enum.legalSupporters.${m.legalSupporters}`) : null;
    case 'selfCare': {
      if (!m.selfCare) return null;
      const can = Object.entries(m.selfCare).filter(([, v]) => v).map(([a]) => t(`q.adl.${a}`));
      return can.length ? t('check.selfCare.can', { list: can.join(t('ui.listSeparator')) }) : t('check.selfCare.none');
    }
    case 'away':
      return t(`enum.away.${m.away ?? 'none'}`);
    case 'allowanceReceived':
      return m.allowanceReceived === undefined ? null : t('per.month', { amount: money(m.allowanceReceived, lang) });
    case 'statuses':
      return m.statuses ? list(m.statuses.map((s) => t(`enum.status.${s}`)), t) : null;
    case 'income': {
      if (!m.income) return null;
      const parts = Object.entries(m.income)
        .filter(([, v]) => v)
        .map(([k, v]) => `${t(`income.${k}`)} ${t('per.month', { amount: money(v!, lang) })}`);
      return parts.length ? parts.join(t('ui.listSeparator')) : t('q.income.none');
    }
    case 'insurance':
      return m.insurance ? t(`enum.insurance.${m.insurance}`) : null;
    case 'hospitalBill.inPolicyCost':
      return m.hospitalBill?.inPolicyCost === undefined ? null : money(m.hospitalBill.inPolicyCost, lang);
    case 'hospitalBill.selfPaid':
      return m.hospitalBill?.selfPaid === undefined ? null : money(m.hospitalBill.selfPaid, lang);
    case 'onlyChild':
      return m.onlyChild ? t(`enum.onlyChild.${m.onlyChild}`) : null;
    case 'fpSurgeryComplication':
      return m.fpSurgeryComplication === undefined ? null : m.fpSurgeryComplication === 0 ? t('q.fpSurgeryComplication.none') : t('q.fpSurgeryComplication.grade', { grade: m.fpSurgeryComplication });
    default:
      return null;
  }
}

/** The answer in words, or null when unanswered. */
export function answerText(path: string, h: Household, mem: WizardMemory, regions: Record<string, RegionDef>, t: T, lang: Lang): string | null {
  const m = MEMBER_PATH.exec(path);
  if (m) {
    const member = h.members[Number(m[1])];
    return member ? memberAnswer(member, m[2]!, h, t, lang) : null;
  }
  switch (path) {
    case 'region': {
      const r = regions[h.region];
      // A catalogue region (cn-<code>, no rule file of its own): its name comes from the catalogue.
      if (!r) return h.region ? t(`region.${h.region}`) : null;
      if (r.id === 'cn') return t('q.region.other');
      const parent = r.parent ? regions[r.parent] : undefined;
      return parent && parent.id !== 'cn' ? t('region.withParent', { region: t(`region.${r.id}`), parent: t(`region.${parent.id}`) }) : t(`region.${r.id}`);
    }
    case 'hukou':
      return h.hukou ? t(`enum.hukou.${h.hukou}`) : null;
    case 'date':
      return h.date ?? null;
    case 'assetsMeetLocalRules':
      return h.assetsMeetLocalRules ? t(`enum.assets.${h.assetsMeetLocalRules}`) : null;
    case 'statuses':
      return h.statuses ? list(h.statuses.map((s) => t(`enum.status.${s}`)), t) : null;
    case 'suddenHardship':
      return yesNo(h.suddenHardship, t);
    case 'familyPlanning':
      return yesNo(mem.familyPlanning, t);
    case 'hospital': {
      if (mem.hospital === undefined) return null;
      if (!mem.hospital) return t('ui.no');
      const who = h.members.flatMap((x, i) => (x.hospitalBill ? [memberLabel(x, i, t)] : []));
      return who.length ? t('check.hospital.who', { who: who.join(t('ui.listSeparator')) }) : t('ui.yes');
    }
    default:
      return null;
  }
}

export default function CheckAnswers({ household: h, memory, plan, problems, regions, onEdit, onResults, onPrevious }: CheckProps) {
  const { t, lang } = useI18n();
  const invalid = memory.invalid ?? {};
  const implied = impliedAnswers(h);
  const badUnder = (path: string) => problems.filter((p) => p === path || p.startsWith(`${path}.`));
  const title = (s: PlanSection) =>
    s.kind === 'member' ? memberLabel(h.members[s.member!], s.member!, t) : t(`check.section.${s.kind}`);
  return (
    <div class="check">
      {problems.length ? (
        <div class="error-summary" role="alert">
          <h3>{t('check.problems', { count: problems.length })}</h3>
          <ul class="plain">
            {problems.map((p) => {
              const row = plan.flatMap((s) => s.rows).find((r) => p === r.path || p.startsWith(`${r.path}.`));
              return (
                <li key={p}>
                  <button type="button" class="link" onClick={() => row && onEdit(p, row.step)}>
                    {t('check.problem', { field: questionLabel(row?.path ?? p, h, t), text: invalid[p] })}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        <p class="help lead">{t('check.lead')}</p>
      )}
      {plan.map((s, k) => (
        <section class="card answers" key={k} data-section={s.kind === 'member' ? `member-${s.member}` : s.kind}>
          <h3>{title(s)}</h3>
          <dl>
            {s.rows.map((r) => {
              const bad = badUnder(r.path);
              const text = answerText(r.path, h, memory, regions, t, lang);
              const label = questionLabel(r.path, h, t);
              return (
                <div class={`answer${bad.length ? ' invalid' : text === null ? ' unanswered' : ''}`} key={r.path} data-path={r.path}>
                  <dt>{label}</dt>
                  <dd>
                    {bad.length ? (
                      <span class="error-text">{bad.map((p) => t('check.unreadable', { text: invalid[p] })).join(t('ui.listSeparator'))}</span>
                    ) : (
                      (text ?? <span class="muted">{t(OPTIONAL_QUESTIONS.has(r.path.replace(MEMBER_PATH, '$2')) ? 'check.optional' : 'check.unanswered')}</span>)
                    )}
                  </dd>
                  <dd class="change">
                    <button type="button" class="link" onClick={() => onEdit(bad[0] ?? r.path, r.step)}>
                      {t('check.change')}
                      <span class="sr-only"> {label}</span>
                    </button>
                  </dd>
                </div>
              );
            })}
            {s.kind === 'member'
              ? implied
                  .filter((a) => a.index === s.member)
                  .map((a) => (
                    <div class="answer implied" key={a.field} data-path={`members[${a.index}].${a.field}`}>
                      <dt>{questionLabel(`members[${a.index}].${a.field}`, h, t)}</dt>
                      <dd>
                        {memberAnswer({ ...h.members[a.index]!, [a.field]: a.value }, a.field, h, t, lang)}
                        <span class="muted"> — {t(a.reason)}</span>
                      </dd>
                    </div>
                  ))
              : null}
          </dl>
        </section>
      ))}
      <div class="nav-buttons">
        <button type="button" class="button secondary" onClick={onPrevious}>
          {t('ui.nav.back')}
        </button>
        <button type="button" class="button" onClick={onResults}>
          {problems.length ? t('check.fixFirst') : t('ui.nav.results')}
        </button>
      </div>
    </div>
  );
}
