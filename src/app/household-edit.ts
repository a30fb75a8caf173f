/**
 * Editing a household in the wizard: immutable updates, and which questions matter for whom ("ask only what
 * matters"). These are interface choices about what to show, never rules: an unasked question stays unknown.
 */
import type { Household, Member } from '../engine/household';
import { memberAge } from '../engine/age';

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let seq = 0;
export function newId(): string {
  seq += 1;
  const rand = Math.floor(Math.random() * 0xffffffff).toString(36);
  return `${Date.now().toString(36)}-${rand}-${seq}`;
}

export function emptyHousehold(): Household {
  return { format: 'huimin-household', version: 1, region: '', date: today(), members: [{ id: newId(), relation: 'self' }] };
}

export function setField<K extends keyof Household>(h: Household, key: K, value: Household[K] | undefined): Household {
  const next = { ...h };
  if (value === undefined) delete next[key];
  else next[key] = value as Household[K];
  return next;
}

/** Set (or with undefined, clear) one field of one member. */
export function setMemberField<K extends keyof Member>(h: Household, index: number, key: K, value: Member[K] | undefined): Household {
  const members = h.members.map((m, i) => {
    if (i !== index) return m;
    const next = { ...m };
    if (value === undefined) delete next[key];
    else next[key] = value as Member[K];
    return next;
  });
  return { ...h, members };
}

export function addMember(h: Household, relation: Member['relation'] = 'child'): Household {
  return { ...h, members: [...h.members, { id: newId(), relation }] };
}

export function removeMember(h: Household, index: number): Household {
  return { ...h, members: h.members.filter((_, i) => i !== index) };
}

function ymd(h: Household): [number, number, number] {
  const d = h.date ?? today();
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

export function ageOf(h: Household, m: Member): number | undefined {
  return memberAge(m, ymd(h));
}

const isDisabled = (m: Member): boolean => m.disability?.certificate === true;

/** Children under 18: the orphan and de-facto-orphan questions about their parents. */
export function asksParents(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age !== undefined && age < 18;
}

/** Older or disabled people: the six daily activities (tekun care level). */
export function asksSelfCare(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return (age !== undefined && age >= 60) || isDisabled(m);
}

/** Who could be 特困: older people, minors, disabled people — ask about legal supporters. */
export function asksSupporters(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age === undefined || age >= 60 || age < 18 || isDisabled(m);
}

/** Adults: only-child and family-planning surgery questions. */
export function asksFamilyPlanning(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age !== undefined && age >= 18;
}

export function asksSchool(m: Member): boolean {
  return m.work === 'student';
}

/** A member's label: the name if given, else "成员2（配偶）". */
export function memberLabel(m: Member | undefined, index: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const label = m?.name?.trim() ? m.name.trim() : t('member.default', { n: index + 1 });
  return m ? t('member.withRelation', { label, relation: t(`enum.relation.${m.relation}`) }) : label;
}
