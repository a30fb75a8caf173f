/**
 * The wizard's steps: region → members → details → income → assets and statuses → hospital bill.
 * Each step only shows the questions that matter for the people entered.
 */
import type { Household } from '../../engine/household';
import type { RegionDef } from '../../engine/pack';
import { useState } from 'preact/hooks';
import { YesNoField } from '../components/fields';
import { IncomeEditor, MemberQuestion, Question } from '../components/questions';
import {
  addMember, ageOf, asksFamilyPlanning, asksParents, asksSchool, asksSelfCare, asksSupporters, memberLabel, removeMember,
  setField, setMemberField,
} from '../household-edit';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';

export interface StepProps {
  household: Household;
  onChange: (h: Household) => void;
  regions: RegionDef[];
  onRemoveMember?: (index: number) => void;
}

export const STEPS = ['region', 'members', 'details', 'income', 'assets', 'hospital'] as const;
export type StepId = (typeof STEPS)[number] | 'results';

/** Regions as a caseworker would pick them: cities first, then "elsewhere in the province", then national. */
export function regionOptions(regions: RegionDef[], t: (k: string, o?: Record<string, unknown>) => string): { value: string; label: string }[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const depth = (r: RegionDef): number => (r.parent ? 1 + depth(byId.get(r.parent)!) : 0);
  const hasChildren = new Set(regions.map((r) => r.parent).filter(Boolean));
  const label = (r: RegionDef): string => {
    const parent = r.parent ? byId.get(r.parent) : undefined;
    const own = t(`region.${r.id}`);
    if (r.id === 'cn') return t('q.region.other');
    if (hasChildren.has(r.id)) return t('region.elsewhereIn', { region: own });
    return parent && parent.id !== 'cn' ? t('region.withParent', { region: own, parent: t(`region.${parent.id}`) }) : own;
  };
  return [...regions]
    .sort((a, b) => Number(hasChildren.has(a.id)) - Number(hasChildren.has(b.id)) || depth(b) - depth(a) || a.id.localeCompare(b.id))
    .map((r) => ({ value: r.id, label: label(r) }));
}

export function RegionStep({ household: h, onChange, regions }: StepProps) {
  const { t } = useI18n();
  return (
    <div class="step">
      <RegionPicker value={h.region} regions={regions} fallback={regionOptions(regions, t)} onChange={(id) => onChange(setField(h, 'region', id))} />
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
      <button type="button" class="button secondary" onClick={() => onChange(addMember(h))}>
        {t('q.members.add')}
      </button>
    </div>
  );
}

/**
 * One question for the whole household about family-planning special situations: most households answer "no" once
 * instead of two questions per adult; "yes" opens the per-person questions.
 */
function FamilyPlanningQuestion({ household: h, onChange, open, setOpen }: StepProps & { open: boolean; setOpen: (v: boolean) => void }) {
  const { t } = useI18n();
  const adults = h.members.map((m, i) => [m, i] as const).filter(([m]) => asksFamilyPlanning(h, m));
  if (adults.length === 0) return null;
  const allNone = adults.every(([m]) => m.onlyChild === 'none' && m.fpSurgeryComplication === 0);
  const value = open ? true : allNone ? false : undefined;
  const answer = (yes: boolean) => {
    setOpen(yes);
    if (yes) return;
    let next = h;
    for (const [, i] of adults) {
      next = setMemberField(setMemberField(next, i, 'onlyChild', 'none'), i, 'fpSurgeryComplication', 0);
    }
    onChange(next);
  };
  return <YesNoField path="familyPlanning" label={t('q.fp.household')} help={t('q.fp.household.help')} value={value} onChange={answer} />;
}

export function DetailsStep(props: StepProps) {
  const { household: h, onChange } = props;
  const { t } = useI18n();
  const [fpOpen, setFpOpen] = useState(() => h.members.some((m) => (m.onlyChild !== undefined && m.onlyChild !== 'none') || (m.fpSurgeryComplication ?? 0) > 0));
  return (
    <div class="step">
      <div class="card">
        <FamilyPlanningQuestion {...props} open={fpOpen} setOpen={setFpOpen} />
      </div>
      {h.members.map((m, i) => {
        const q = (field: string) => <MemberQuestion index={i} field={field} household={h} onChange={onChange} />;
        const age = ageOf(h, m);
        const parentsGone = (s: string | undefined) => s === 'dead' || s === 'missing';
        return (
          <section class="card member" key={m.id ?? i}>
            <h3>{memberLabel(m, i, t)}</h3>
            {q('work')}
            {asksSchool(m) ? (
              <>
                {q('school')}
                {m.school && ['primary', 'junior'].includes(m.school.stage) ? (
                  <>
                    {q('school.boarding')}
                    {q('school.rural')}
                  </>
                ) : null}
              </>
            ) : null}
            {q('disability')}
            {m.disability?.certificate ? (
              <>
                {q('disability.grade')}
                {q('disability.kind')}
                {q('disability.needsLongTermCare')}
                {q('workInjuryCareAllowance')}
              </>
            ) : null}
            {q('seriousIllness')}
            {asksParents(h, m) ? (
              <>
                {q('father')}
                {q('mother')}
                {parentsGone(m.father) && parentsGone(m.mother) ? q('orphanCare') : null}
              </>
            ) : null}
            {asksSupporters(h, m) ? q('legalSupporters') : null}
            {asksSelfCare(h, m) ? q('selfCare') : null}
            {fpOpen && asksFamilyPlanning(h, m) ? (
              <>
                {q('onlyChild')}
                {q('fpSurgeryComplication')}
              </>
            ) : null}
            <details>
              <summary>{t('q.details.more')}</summary>
              {q('away')}
              {age !== undefined && age < 18 ? q('allowanceReceived') : null}
              {q('statuses')}
            </details>
          </section>
        );
      })}
    </div>
  );
}

export function IncomeStep({ household: h, onChange }: StepProps) {
  const { t } = useI18n();
  return (
    <div class="step">
      <p class="help lead">{t('q.income.help')}</p>
      {h.members.map((m, i) => (
        <section class="card member" key={m.id ?? i}>
          <h3>{memberLabel(m, i, t)}</h3>
          <IncomeEditor index={i} household={h} onChange={onChange} />
        </section>
      ))}
    </div>
  );
}

export function AssetsStep({ household: h, onChange }: StepProps) {
  return (
    <div class="step">
      <Question path="assetsMeetLocalRules" household={h} onChange={onChange} />
      <Question path="statuses" household={h} onChange={onChange} />
      <Question path="suddenHardship" household={h} onChange={onChange} />
    </div>
  );
}

export function HospitalStep({ household: h, onChange }: StepProps) {
  const { t } = useI18n();
  return (
    <div class="step">
      <p class="help lead">{t('q.hospital.help')}</p>
      {h.members.map((m, i) => (
        <section class="card member" key={m.id ?? i}>
          <h3>{t('q.hospital.member', { member: memberLabel(m, i, t) })}</h3>
          <MemberQuestion index={i} field="insurance" household={h} onChange={onChange} />
          <MemberQuestion index={i} field="hospitalBill.inPolicyCost" household={h} onChange={onChange} />
          <MemberQuestion index={i} field="hospitalBill.selfPaid" household={h} onChange={onChange} />
        </section>
      ))}
    </div>
  );
}

export function StepView(props: StepProps & { step: StepId }) {
  switch (props.step) {
    case 'region':
      return <RegionStep {...props} />;
    case 'members':
      return <MembersStep {...props} />;
    case 'details':
      return <DetailsStep {...props} />;
    case 'income':
      return <IncomeStep {...props} />;
    case 'assets':
      return <AssetsStep {...props} />;
    case 'hospital':
      return <HospitalStep {...props} />;
    default:
      return null;
  }
}
