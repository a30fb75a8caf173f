/**
 * Every question, keyed by the household path it answers. The wizard steps and the results page ("answer here")
 * use the same editors, so a question the engine reports as missing can be answered in place.
 */
import type { Household, Member } from '../../engine/household';
import {
  ASSETS, AWAY, DAILY_ACTIVITIES, DISABILITY_KINDS, HOUSEHOLD_STATUSES, HOUSING, HUKOU, INCOME_KINDS, INSURANCE, ONLY_CHILD,
  ORPHAN_CARE, PARENT_SITUATIONS, PERSON_STATUSES, RELATIONS, SCHOOL_STAGES, SEX, SUPPORTERS, isValidDate,
  type IncomeKind,
} from '../../engine/household';
import { ageOf, isChild, memberLabel, setField, setMemberField, workOptions } from '../household-edit';
import { useI18n } from '../i18n';
import { hasInvalidUnder, ValidityContext } from '../validity';
import { useContext } from 'preact/hooks';
import { CheckGroup, ChoiceField, NumberField, SelectField, TextField, YesNoField } from './fields';

export interface QuestionProps {
  path: string;
  household: Household;
  onChange: (h: Household) => void;
}

/** The income kinds most households have, shown first; the rest under "more kinds". */
export const COMMON_INCOME: IncomeKind[] = ['wages', 'business', 'pension', 'residentsBasicPension', 'maintenance'];

export function Question({ path, household, onChange }: QuestionProps) {
  const m = /^members\[(\d+)\]\.(.+)$/.exec(path);
  if (m) return <MemberQuestion index={Number(m[1])} field={m[2]!} household={household} onChange={onChange} />;
  return <HouseholdQuestion field={path} household={household} onChange={onChange} />;
}

function HouseholdQuestion({ field, household: h, onChange }: { field: string; household: Household; onChange: (h: Household) => void }) {
  const { t } = useI18n();
  switch (field) {
    case 'hukou':
      return <ChoiceField path="hukou" label={t('q.hukou')} help={t('q.hukou.help')} value={h.hukou} options={HUKOU.map((v) => ({ value: v, label: t(`enum.hukou.${v}`) }))} onChange={(v) => onChange(setField(h, 'hukou', v))} />;
    case 'date':
      return (
        <TextField
          path="date"
          type="date"
          label={t('q.date')}
          help={t('q.date.help')}
          value={h.date}
          error={h.date && !isValidDate(h.date) ? t('error.date') : null}
          onChange={(v) => onChange(setField(h, 'date', v || undefined))}
        />
      );
    case 'assetsMeetLocalRules':
      return (
        <ChoiceField
          path="assetsMeetLocalRules"
          label={t('q.assets')}
          help={t('q.assets.help')}
          value={h.assetsMeetLocalRules}
          columns={1}
          options={ASSETS.map((v) => ({ value: v, label: t(`enum.assets.${v}`) }))}
          onChange={(v) => onChange(setField(h, 'assetsMeetLocalRules', v))}
        />
      );
    case 'statuses':
      return (
        <CheckGroup
          path="statuses"
          label={t('q.householdStatuses')}
          help={t('q.householdStatuses.help')}
          value={h.statuses}
          noneLabel={t('q.statuses.none')}
          options={HOUSEHOLD_STATUSES.map((v) => ({ value: v, label: t(`enum.status.${v}`) }))}
          onChange={(v) => onChange(setField(h, 'statuses', v))}
        />
      );
    case 'suddenHardship':
      return <YesNoField path="suddenHardship" label={t('q.suddenHardship')} help={t('q.suddenHardship.help')} value={h.suddenHardship} onChange={(v) => onChange(setField(h, 'suddenHardship', v))} />;
    case 'housing':
      return (
        <ChoiceField
          path="housing"
          label={t('q.housing')}
          help={t('q.housing.help')}
          value={h.housing}
          columns={1}
          options={HOUSING.map((v) => ({ value: v, label: t(`enum.housing.${v}`) }))}
          onChange={(v) => onChange(setField(h, 'housing', v))}
        />
      );
    default:
      return null;
  }
}

export function MemberQuestion({ index: i, field, household: h, onChange }: { index: number; field: string; household: Household; onChange: (h: Household) => void }) {
  const { t } = useI18n();
  const m = h.members[i];
  if (!m) return null;
  const p = `members[${i}].${field}`;
  const set = <K extends keyof Member>(key: K, value: Member[K] | undefined) => onChange(setMemberField(h, i, key, value));
  const yesNo = (key: 'seriousIllness' | 'workInjuryCareAllowance' | 'hivInfected' | 'preEmploymentTraining', label: string, help?: string) => (
    <YesNoField path={p} label={label} help={help} value={m[key]} onChange={(v) => set(key, v)} />
  );
  const money = (label: string, value: number | undefined, onValue: (v: number | undefined) => void, help?: string) => (
    <NumberField path={p} label={label} help={help} value={value} min={0} max={100_000_000} unit={t('ui.yuan')} onChange={onValue} />
  );
  switch (field) {
    case 'relation':
      return <SelectField path={p} label={t('q.relation')} help={t('q.relation.help')} value={m.relation} options={RELATIONS.map((v) => ({ value: v, label: t(`enum.relation.${v}`) }))} onChange={(v) => set('relation', v ?? 'other')} />;
    case 'name':
      return <TextField path={p} label={t('q.name')} help={t('q.name.help')} value={m.name} onChange={(v) => set('name', v || undefined)} />;
    case 'sex':
    case 'wifeAge':
      return <ChoiceField path={p} label={t('q.sex')} help={t('q.sex.help')} value={m.sex} options={SEX.map((v) => ({ value: v, label: t(`enum.sex.${v}`) }))} onChange={(v) => set('sex', v)} />;
    case 'age':
      return (
        <NumberField path={p} label={t('q.age')} help={t('q.age.help')} value={m.age} kind="age" min={0} max={130} unit={t('ui.years')} onChange={(v) => set('age', v)} />
      );
    case 'birthDate':
      return (
        <TextField
          path={p}
          type="date"
          label={t('q.birthDate')} help={t('q.birthDate.help')}
          value={m.birthDate}
          error={m.birthDate && !isValidDate(m.birthDate) ? t('error.date') : m.birthDate && h.date && m.birthDate > h.date ? t('error.birthFuture') : null}
          onChange={(v) => set('birthDate', v || undefined)}
        />
      );
    case 'work': {
      // A child is asked what they do now (school), not about jobs or retirement.
      const child = isChild(h, m);
      return (
        <ChoiceField
          path={p}
          label={child ? t('q.work.child') : t('q.work')}
          help={child ? t('q.work.child.help') : t('q.work.help')}
          value={m.work}
          columns={1}
          options={workOptions(h, m).map((v) => ({ value: v, label: t(child && (v === 'student' || v === 'preschool') ? `enum.work.child.${v}` : `enum.work.${v}`) }))}
          onChange={(v) => set('work', v)}
        />
      );
    }
    case 'away':
      return <SelectField path={p} label={t('q.away')} help={t('q.away.help')} value={m.away ?? 'none'} options={AWAY.map((v) => ({ value: v, label: t(`enum.away.${v}`) }))} onChange={(v) => set('away', v === 'none' ? undefined : v)} />;
    case 'disability':
      return (
        <YesNoField
          path={p}
          label={t('q.disability')}
          help={t('q.disability.help')}
          value={m.disability?.certificate}
          onChange={(v) => set('disability', v ? { ...m.disability, certificate: true } : { certificate: false })}
        />
      );
    case 'disability.grade':
      return (
        <ChoiceField
          path={p}
          label={t('q.disabilityGrade')} help={t('q.disabilityGrade.help')}
          value={m.disability?.grade}
          options={([1, 2, 3, 4] as const).map((g) => ({ value: g, label: t('value.grade', { value: g }) }))}
          onChange={(v) => set('disability', { certificate: true, ...m.disability, grade: v })}
        />
      );
    case 'disability.mainKind':
      return (
        <SelectField path={p} label={t('q.disabilityMainKind')} help={t('q.disabilityMainKind.help')} value={m.disability?.mainKind} options={DISABILITY_KINDS.filter((v) => v !== 'multiple').map((v) => ({ value: v, label: t(`enum.disabilityKind.${v}`) }))} onChange={(v) => set('disability', { certificate: true, ...m.disability, mainKind: v })} />
      );
    case 'disability.kind':
      return (
        <SelectField path={p} label={t('q.disabilityKind')} help={t('q.disabilityKind.help')} value={m.disability?.kind} options={DISABILITY_KINDS.map((v) => ({ value: v, label: t(`enum.disabilityKind.${v}`) }))} onChange={(v) => set('disability', { certificate: true, ...m.disability, kind: v })} />
      );
    case 'disability.needsLongTermCare':
      return (
        <YesNoField path={p} label={t('q.needsLongTermCare')} help={t('q.needsLongTermCare.help')} value={m.disability?.needsLongTermCare} onChange={(v) => set('disability', { certificate: true, ...m.disability, needsLongTermCare: v })} />
      );
    case 'workInjuryCareAllowance':
      return yesNo('workInjuryCareAllowance', t('q.workInjuryCareAllowance'));
    case 'seriousIllness':
      return yesNo('seriousIllness', t('q.seriousIllness'), t('q.seriousIllness.help'));
    case 'hivInfected':
      // Optional and private: it can be left blank, or an answer taken back.
      return <YesNoField path={p} label={t('q.hivInfected')} help={t('q.hivInfected.help')} value={m.hivInfected} onChange={(v) => set('hivInfected', v)} onClear={() => set('hivInfected', undefined)} />;
    case 'preEmploymentTraining':
      return yesNo('preEmploymentTraining', t('q.preEmploymentTraining'), t('q.preEmploymentTraining.help'));
    case 'selfCare':
      return (
        <CheckGroup
          path={p}
          label={t('q.selfCare')}
          help={t('q.selfCare.help')}
          value={m.selfCare ? DAILY_ACTIVITIES.filter((a) => m.selfCare?.[a] === true) : undefined}
          options={DAILY_ACTIVITIES.map((a) => ({ value: a, label: t(`q.adl.${a}`) }))}
          onChange={(can) => set('selfCare', Object.fromEntries(DAILY_ACTIVITIES.map((a) => [a, can.includes(a)])))}
        />
      );
    case 'school':
      return (
        <SelectField
          path={p}
          label={t('q.schoolStage')} help={t('q.schoolStage.help')}
          value={m.school?.stage}
          // A pre-school-age child may not go to kindergarten at all: for them "not in school" is an answer too.
          options={SCHOOL_STAGES.filter((s) => s !== 'none' || m.work === 'preschool').map((v) => ({ value: v, label: t(`enum.schoolStage.${v}`) }))}
          onChange={(v) => set('school', v ? { ...m.school, stage: v } : undefined)}
        />
      );
    case 'school.boarding':
    case 'school.rural': {
      const key = field === 'school.boarding' ? 'boarding' : 'rural';
      return (
        <YesNoField
          path={p}
          label={t(key === 'boarding' ? 'q.boarding' : 'q.ruralSchool')}
          value={m.school?.[key]}
          onChange={(v) => set('school', { stage: m.school?.stage ?? 'primary', ...m.school, [key]: v })}
        />
      );
    }
    case 'school.inclusive':
      return (
        <YesNoField
          path={p}
          label={t('q.kindergartenInclusive')}
          help={t('q.kindergartenInclusive.help')}
          value={m.school?.inclusive}
          onChange={(v) => set('school', { stage: 'preschool', ...m.school, inclusive: v })}
        />
      );
    case 'father':
    case 'mother':
      return (
        <SelectField
          path={p}
          label={t(`q.${field}`)}
          help={t('q.parents.help')}
          value={m[field]}
          options={PARENT_SITUATIONS.map((v) => ({ value: v, label: t(`enum.parent.${v}`) }))}
          onChange={(v) => set(field, v)}
        />
      );
    case 'orphanCare':
      return <ChoiceField path={p} label={t('q.orphanCare')} help={t('q.orphanCare.help')} value={m.orphanCare} columns={1} options={ORPHAN_CARE.map((v) => ({ value: v, label: t(`enum.orphanCare.${v}`) }))} onChange={(v) => set('orphanCare', v)} />;
    case 'allowanceReceived':
      return money(t('q.allowanceReceived'), m.allowanceReceived, (v) => set('allowanceReceived', v), t('q.allowanceReceived.help'));
    case 'legalSupporters': {
      const child = isChild(h, m);
      const example = supporterExample(h, i, t);
      return (
        <ChoiceField
          path={p}
          label={child ? t('q.legalSupporters.child') : t('q.legalSupporters')}
          help={`${child ? t('q.legalSupporters.child.help') : t('q.legalSupporters.help')}${example ? ` ${example}` : ''}`}
          value={m.legalSupporters}
          columns={1}
          options={SUPPORTERS.map((v) => ({ value: v, label: t(child ? `enum.legalSupporters.child.${v}` : `enum.legalSupporters.${v}`) }))}
          onChange={(v) => set('legalSupporters', v)}
        />
      );
    }
    case 'onlyChild':
      return <ChoiceField path={p} label={t('q.onlyChild')} help={t('q.onlyChild.help')} value={m.onlyChild} columns={1} options={ONLY_CHILD.map((v) => ({ value: v, label: t(`enum.onlyChild.${v}`) }))} onChange={(v) => set('onlyChild', v)} />;
    case 'fpSurgeryComplication':
      return (
        <ChoiceField
          path={p}
          label={t('q.fpSurgeryComplication')} help={t('q.fpSurgeryComplication.help')}
          value={m.fpSurgeryComplication}
          options={([0, 1, 2, 3] as const).map((g) => ({ value: g, label: g === 0 ? t('q.fpSurgeryComplication.none') : t('q.fpSurgeryComplication.grade', { grade: g }) }))}
          onChange={(v) => set('fpSurgeryComplication', v)}
        />
      );
    case 'insurance':
      return <ChoiceField path={p} label={t('q.insurance')} help={t('q.insurance.help')} value={m.insurance} columns={1} options={INSURANCE.map((v) => ({ value: v, label: t(`enum.insurance.${v}`) }))} onChange={(v) => set('insurance', v)} />;
    case 'hospitalBill.inPolicyCost':
      return money(t('q.inPolicyCost'), m.hospitalBill?.inPolicyCost, (v) => set('hospitalBill', { ...m.hospitalBill, inPolicyCost: v }));
    case 'hospitalBill.selfPaid': {
      const b = m.hospitalBill;
      const tooHigh = b?.selfPaid !== undefined && b.inPolicyCost !== undefined && b.selfPaid > b.inPolicyCost;
      return (
        <NumberField
          path={p}
          label={t('q.selfPaid')} help={t('q.selfPaid.help')}
          value={b?.selfPaid}
          min={0}
          max={100_000_000}
          unit={t('ui.yuan')}
          error={tooHigh ? t('error.selfPaidTooHigh') : null}
          onChange={(v) => set('hospitalBill', { ...b, selfPaid: v })}
        />
      );
    }
    case 'statuses':
      return (
        <CheckGroup
          path={p}
          label={t('q.personStatuses')}
          help={t('q.personStatuses.help')}
          value={m.statuses}
          noneLabel={t('q.statuses.none')}
          options={PERSON_STATUSES.map((v) => ({ value: v, label: t(`enum.status.${v}`) }))}
          onChange={(v) => set('statuses', v)}
        />
      );
    case 'income':
      return <IncomeEditor index={i} household={h} onChange={onChange} />;
    default:
      return null;
  }
}

/**
 * Monthly income by kind, with an explicit "no income" so an empty form and "none" stay different. "No income" is
 * only ever ticked by the person: typing an amount unticks it, and emptying the last box (or typing something that
 * cannot be read) leaves the income unanswered — never "none", never 0.
 */
export function IncomeEditor({ index: i, household: h, onChange }: { index: number; household: Household; onChange: (h: Household) => void }) {
  const { t } = useI18n();
  const { invalid } = useContext(ValidityContext);
  const m = h.members[i]!;
  const income = m.income;
  const setKind = (k: IncomeKind, v: number | undefined) => {
    const next = { ...(income ?? {}) };
    if (v === undefined || v === 0) delete next[k];
    else next[k] = v;
    onChange(setMemberField(h, i, 'income', Object.keys(next).length ? next : undefined));
  };
  const others = INCOME_KINDS.filter((k) => !COMMON_INCOME.includes(k));
  const moreOpen = others.some((k) => (income?.[k] ?? 0) > 0 || `members[${i}].income.${k}` in invalid);
  const unreadable = hasInvalidUnder(invalid, i, 'income');
  const noIncome = !unreadable && income !== undefined && Object.values(income).every((v) => !v);
  const box = (k: IncomeKind) => (
    <NumberField key={k} path={`members[${i}].income.${k}`} label={t(`income.${k}`)} value={income?.[k]} min={0} max={100_000_000} unit={t('ui.yuanPerMonth')} onChange={(v) => setKind(k, v)} />
  );
  return (
    <div class="income" data-path={`members[${i}].income`}>
      <label class={`option inline${noIncome ? ' selected' : ''}`}>
        <input type="checkbox" checked={noIncome} disabled={unreadable} onChange={() => onChange(setMemberField(h, i, 'income', noIncome ? undefined : {}))} />
        <span>{t('q.income.none')}</span>
      </label>
      {COMMON_INCOME.map(box)}
      <details open={moreOpen}>
        <summary>{t('q.income.more')}</summary>
        {others.map(box)}
      </details>
    </div>
  );
}

type Tr = (k: string, o?: Record<string, unknown>) => string;

/**
 * "Legal supporter" in this household's own terms: who in it would be the person's supporter — a grandparent for
 * grandchildren whose parents cannot raise them, a child for an old parent, a spouse for a spouse. Relations are
 * to the applicant, so only pairs the relations settle are named.
 */
export function supporterExample(h: Household, i: number, t: Tr): string | null {
  const m = h.members[i];
  if (!m) return null;
  // The name where one was given (the example reads naturally), else "成员2（孙子女）".
  const who = (j: number) => h.members[j]?.name?.trim() || memberLabel(h.members[j], j, t);
  const adult = (j: number) => {
    const a = ageOf(h, h.members[j]!);
    return a === undefined || a >= 18;
  };
  const find = (pred: (r: string, j: number) => boolean) => h.members.findIndex((x, j) => j !== i && pred(x.relation, j) && adult(j));
  if (isChild(h, m)) {
    const gp = m.relation === 'grandchild' ? find((r) => r === 'self' || r === 'spouse') : m.relation === 'child' ? find((r) => r === 'parent') : -1;
    if (gp >= 0) return t('q.legalSupporters.example.grandparent', { supporter: who(gp), person: who(i) });
    const sib = m.relation === 'sibling' || m.relation === 'self' ? find((r) => r === 'sibling' || r === 'self') : -1;
    return sib >= 0 ? t('q.legalSupporters.example.sibling', { supporter: who(sib), person: who(i) }) : null;
  }
  if (m.relation === 'parent' || m.relation === 'grandparent') {
    const self = find((r) => r === 'self');
    if (self >= 0) return t('q.legalSupporters.example.child', { supporter: who(self), person: who(i) });
  }
  if (m.relation === 'self') {
    const child = find((r) => r === 'child');
    if (child >= 0) return t('q.legalSupporters.example.child', { supporter: who(child), person: who(i) });
    const spouse = find((r) => r === 'spouse');
    if (spouse >= 0) return t('q.legalSupporters.example.spouse', { supporter: who(spouse), person: who(i) });
  }
  if (m.relation === 'spouse') {
    const self = find((r) => r === 'self');
    if (self >= 0) return t('q.legalSupporters.example.spouse', { supporter: who(self), person: who(i) });
  }
  return null;
}
