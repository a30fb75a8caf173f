/**
 * The wizard's question pages (a lazy chunk): region → who lives here → one page per person (their details, then
 * their income) → the household's situation → "was anyone in hospital?" → a bill page per person who was. Each page
 * shows only the questions that matter for that person (household-edit.ts); the start page and the check page are
 * their own modules.
 */
import { useEffect } from 'preact/hooks';
import type { Household } from '../../engine/household';
import type { RegionDef } from '../../engine/pack';
import { CheckGroup, YesNoField } from '../components/fields';
import { IncomeEditor, MemberQuestion, Question } from '../components/questions';
import { addMember, ageOf, asksFamilyPlanning, memberLabel, personFields, removeMember, setField, setMemberField } from '../household-edit';
import { useI18n } from '../i18n';
import { memberOfStep, stepKind, type StepId, type WizardMemory } from '../wizard/flow';
import { RegionQuestion } from './Region';

export interface StepProps {
  household: Household;
  onChange: (h: Household) => void;
  regions: RegionDef[];
  onRemoveMember?: (index: number) => void;
  memory: WizardMemory;
  onMemory: (m: WizardMemory) => void;
  /** Errors to show on the page's own required questions (the region). */
  regionError?: string | null;
  /** A question to focus on arrival (a household path: 修改 on the check page, an error link). */
  focus?: string;
  /** Programme ids evaluated for the household's region: a regional question (HIV status) is asked only there. */
  programmes?: ReadonlySet<string>;
}

export function RegionStep({ household: h, onChange, regions, regionError }: StepProps) {
  return (
    <div class="step">
      <RegionQuestion value={h.region} regions={regions} error={regionError} onChange={(v) => onChange(setField(h, 'region', v))} />
      <Question path="hukou" household={h} onChange={onChange} />
      <Question path="date" household={h} onChange={onChange} />
    </div>
  );
}

export function MembersStep({ household: h, onChange, onRemoveMember }: StepProps) {
  const { t } = useI18n();
  return (
    <div class="step">
      <p class="help lead">{t('q.members.help')}</p>
      <ol class="members">
        {h.members.map((m, i) => (
          <li class="card member" key={m.id ?? i}>
            <h3>{memberLabel(m, i, t)}</h3>
            {i > 0 ? <MemberQuestion index={i} field="relation" household={h} onChange={onChange} /> : null}
            <MemberQuestion index={i} field="name" household={h} onChange={onChange} />
            <MemberQuestion index={i} field="age" household={h} onChange={onChange} />
            <MemberQuestion index={i} field="sex" household={h} onChange={onChange} />
            {i > 0 ? (
              <button type="button" class="button secondary danger" onClick={() => (onRemoveMember ? onRemoveMember(i) : onChange(removeMember(h, i)))}>
                {t('q.member.remove')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <p class="count">{t('q.members.count', { count: h.members.length })}</p>
      <button type="button" class="button secondary add-member" onClick={() => onChange(addMember(h))}>
        {t('q.members.add')}
      </button>
    </div>
  );
}

/** Who this page is about, said once at the top: "成员2（配偶），44岁". */
function PersonHeading({ household: h, index }: { household: Household; index: number }) {
  const { t } = useI18n();
  const m = h.members[index];
  const age = m ? ageOf(h, m) : undefined;
  return (
    <p class="person-heading">
      {age !== undefined ? t('q.person.withAge', { label: memberLabel(m, index, t), age }) : memberLabel(m, index, t)}
    </p>
  );
}

/** One person's details: only the questions that matter at their age and for their answers so far. */
export function PersonStep({ household: h, onChange, index, programmes, focus }: StepProps & { index: number }) {
  const { t } = useI18n();
  const { main, more } = personFields(h, index, programmes);
  const q = (field: string) => <MemberQuestion key={field} index={index} field={field} household={h} onChange={onChange} />;
  // 修改 on the check page for a question under "more" (HIV status…) opens it, so the question can take the focus.
  const opened = more.some((f) => focus === `members[${index}].${f}` || focus?.startsWith(`members[${index}].${f}.`));
  return (
    <div class="step">
      <PersonHeading household={h} index={index} />
      {main.map(q)}
      <details class="more" open={opened || undefined}>
        <summary>{t('q.details.more')}</summary>
        {more.map(q)}
      </details>
    </div>
  );
}

export function IncomeStep({ household: h, onChange, index }: StepProps & { index: number }) {
  const { t } = useI18n();
  return (
    <div class="step">
      <p class="help lead">{t('q.income.help')}</p>
      <IncomeEditor index={index} household={h} onChange={onChange} />
    </div>
  );
}

/**
 * One question for the whole household about family-planning special situations: most households answer "no" once
 * instead of two questions per adult; "yes" opens the per-person questions.
 */
function FamilyPlanningQuestion({ household: h, onChange, memory, onMemory }: StepProps) {
  const { t } = useI18n();
  const adults = h.members.map((m, i) => [m, i] as const).filter(([m]) => asksFamilyPlanning(h, m));
  if (adults.length === 0) return null;
  const answer = (yes: boolean) => {
    onMemory({ ...memory, familyPlanning: yes });
    if (yes) return;
    let next = h;
    for (const [, i] of adults) next = setMemberField(setMemberField(next, i, 'onlyChild', 'none'), i, 'fpSurgeryComplication', 0);
    onChange(next);
  };
  return (
    <>
      <YesNoField path="familyPlanning" label={t('q.fp.household')} help={t('q.fp.household.help')} value={memory.familyPlanning} onChange={answer} />
      {memory.familyPlanning
        ? adults.map(([m, i]) => (
            <section class="card member" key={m.id ?? i}>
              <h3>{memberLabel(m, i, t)}</h3>
              <MemberQuestion index={i} field="onlyChild" household={h} onChange={onChange} />
              <MemberQuestion index={i} field="fpSurgeryComplication" household={h} onChange={onChange} />
            </section>
          ))
        : null}
    </>
  );
}

export function HouseholdStep(props: StepProps) {
  const { household: h, onChange } = props;
  return (
    <div class="step">
      <Question path="assetsMeetLocalRules" household={h} onChange={onChange} />
      <Question path="statuses" household={h} onChange={onChange} />
      <Question path="suddenHardship" household={h} onChange={onChange} />
      <FamilyPlanningQuestion {...props} />
    </div>
  );
}

/** "Was anyone in hospital?" first; only then who, and a bill page for each of them. */
export function HospitalStep({ household: h, onChange, memory, onMemory }: StepProps) {
  const { t } = useI18n();
  const who = h.members.flatMap((m, i) => (m.hospitalBill ? [String(i)] : []));
  const answer = (yes: boolean) => onMemory({ ...memory, hospital: yes });
  const choose = (ids: string[]) => {
    let next = h;
    h.members.forEach((m, i) => {
      const on = ids.includes(String(i));
      if (on && !m.hospitalBill) next = setMemberField(next, i, 'hospitalBill', {});
      if (!on && m.hospitalBill) next = setMemberField(next, i, 'hospitalBill', undefined);
    });
    onChange(next);
  };
  return (
    <div class="step">
      <YesNoField path="hospital" label={t('q.hospital')} help={t('q.hospital.help')} value={memory.hospital} onChange={answer} />
      {memory.hospital ? (
        <CheckGroup
          path="hospital.who"
          label={t('q.hospital.who')}
          help={t('q.hospital.who.help')}
          value={who}
          options={h.members.map((m, i) => ({ value: String(i), label: memberLabel(m, i, t) }))}
          onChange={choose}
        />
      ) : null}
    </div>
  );
}

export function BillStep({ household: h, onChange, index }: StepProps & { index: number }) {
  const { t } = useI18n();
  return (
    <div class="step">
      <p class="help lead">{t('q.bill.help')}</p>
      <MemberQuestion index={index} field="insurance" household={h} onChange={onChange} />
      <MemberQuestion index={index} field="hospitalBill.inPolicyCost" household={h} onChange={onChange} />
      <MemberQuestion index={index} field="hospitalBill.selfPaid" household={h} onChange={onChange} />
    </div>
  );
}

/** Focus the question asked for (once the page is drawn), so 修改 lands on it rather than at the top. */
function useFocusQuestion(focus: string | undefined, step: StepId): void {
  useEffect(() => {
    if (!focus) return;
    const box = document.querySelector<HTMLElement>(`[data-path="${focus}"]`);
    const input = box?.querySelector<HTMLElement>('input:not([disabled]), select, textarea') ?? box;
    input?.focus();
    box?.scrollIntoView?.({ block: 'center' });
  }, [focus, step]);
}

export default function StepView(props: StepProps & { step: StepId }) {
  useFocusQuestion(props.focus, props.step);
  const index = memberOfStep(props.step);
  switch (stepKind(props.step)) {
    case 'region':
      return <RegionStep {...props} />;
    case 'members':
      return <MembersStep {...props} />;
    case 'person':
      return <PersonStep {...props} index={index!} />;
    case 'income':
      return <IncomeStep {...props} index={index!} />;
    case 'household':
      return <HouseholdStep {...props} />;
    case 'hospital':
      return <HospitalStep {...props} />;
    case 'bill':
      return <BillStep {...props} index={index!} />;
    default:
      return null;
  }
}
