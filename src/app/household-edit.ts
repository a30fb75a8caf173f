/**
 * Editing a household in the wizard: immutable updates, and which questions matter for whom ("ask only what
 * matters"). These are interface choices about what to show, never rules: an unasked question stays unknown.
 */
import { WORK, type Household, type Member, type Work } from '../engine/household';
import { memberAge } from '../engine/age';
import { PRIVATE_FIELDS } from '../shared/sensitive';

const NO_PROGRAMMES: ReadonlySet<string> = new Set();

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

/** Under 18: a child (未成年人) — asked about school and parents, not about work they cannot have. */
export function isChild(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age !== undefined && age < 18;
}

const bothParentsCaring = (m: Member): boolean => m.father === 'present' && m.mother === 'present';

/** Children under 18: the orphan and de-facto-orphan questions about their parents. */
export function asksParents(h: Household, m: Member): boolean {
  return isChild(h, m);
}

/** Older or disabled people: the six daily activities (tekun care level). */
export function asksSelfCare(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return (age !== undefined && age >= 60) || isDisabled(m);
}

/**
 * Who could be 特困: older people, minors, disabled people — ask about legal supporters. A child whose two parents
 * are both there and caring is not asked: the parents are the supporters (see implied.ts); once a parent is not,
 * the question is asked, worded for a child.
 */
export function asksSupporters(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  if (isChild(h, m)) return !bothParentsCaring(m);
  return age === undefined || age >= 60 || isDisabled(m);
}

/** Adults: only-child and family-planning surgery questions. */
export function asksFamilyPlanning(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age !== undefined && age >= 18;
}

export function asksSchool(m: Member): boolean {
  return m.work === 'student';
}

/** Work-injury insurance covers employees; nobody under 16 may be employed (劳动法 第十五条). */
export function asksWorkInjury(h: Household, m: Member): boolean {
  const age = ageOf(h, m);
  return age === undefined || age >= 16;
}

/** The answers the "what do they mainly do" question offers at this age: no job or retirement for an 8-year-old. */
export function workOptions(h: Household, m: Member): Work[] {
  const age = ageOf(h, m);
  if (age === undefined) return [...WORK];
  if (age < 16) return age < 7 ? ['preschool', 'student'] : ['student', 'preschool'];
  if (age < 18) return ['student', 'employed', 'unemployed', 'unable'];
  return ['employed', 'unemployed', 'unable', 'student', 'retired'];
}

/**
 * Person questions only one region's programme reads: asked only where that programme is evaluated (HIV status:
 * Jiangmen's allowance for HIV-infected children), never of every household in the country.
 */
export const REGIONAL_QUESTIONS: Record<string, string> = { hivInfected: 'hiv-child' };

/**
 * Questions that may be left blank on purpose (private: HIV status). Left blank, the result they decide waits under
 * "less common situations" at the end of the results (src/shared/sensitive.ts).
 */
export const OPTIONAL_QUESTIONS: ReadonlySet<string> = PRIVATE_FIELDS;

/**
 * The questions of one person's page, in order, for the answers given so far (a follow-up appears once the
 * answer that opens it is given). `more` are the rarely needed ones, under "more about this person".
 * `programmes`: the ids evaluated for the household's region (a regional question is asked only there).
 */
export function personFields(h: Household, i: number, programmes: ReadonlySet<string> = NO_PROGRAMMES): { main: string[]; more: string[] } {
  const m = h.members[i];
  if (!m) return { main: [], more: [] };
  const main = ['work'];
  if (asksSchool(m)) {
    main.push('school');
    if (m.school && ['primary', 'junior'].includes(m.school.stage)) main.push('school.boarding', 'school.rural');
  }
  main.push('disability');
  if (m.disability?.certificate) {
    main.push('disability.grade', 'disability.kind');
    if (m.disability.kind === 'multiple') main.push('disability.mainKind');
    main.push('disability.needsLongTermCare');
    if (asksWorkInjury(h, m)) main.push('workInjuryCareAllowance');
  }
  main.push('seriousIllness');
  if (asksParents(h, m)) {
    main.push('father', 'mother');
    const gone = (s: string | undefined) => s === 'dead' || s === 'missing';
    if (gone(m.father) && gone(m.mother)) main.push('orphanCare');
  }
  if (asksSupporters(h, m)) main.push('legalSupporters');
  if (asksSelfCare(h, m)) main.push('selfCare');
  const more = ['away'];
  if (isChild(h, m)) more.push('allowanceReceived');
  // Private and rare: under "more about this person", optional, worded so (q.hivInfected.help).
  if (isChild(h, m) && programmes.has(REGIONAL_QUESTIONS.hivInfected!)) more.push('hivInfected');
  more.push('statuses');
  return { main, more };
}

/** A member's label: the name if given, else "成员2（配偶）". */
export function memberLabel(m: Member | undefined, index: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const label = m?.name?.trim() ? m.name.trim() : t('member.default', { n: index + 1 });
  return m ? t('member.withRelation', { label, relation: t(`enum.relation.${m.relation}`) }) : label;
}
