/**
 * What each kind of stored record must look like, checked on the way in (every read from IndexedDB, and every
 * imported file). A record that fails is moved aside by the store (quarantine), never used and never deleted.
 * Households are checked with the validator the CLI uses (engine/validate.ts). Loaded lazily: it is not needed to
 * draw the first screen, only to read the first record.
 */
import { isValidDate } from '../engine/household';
// The full check (the quick yes/no path, engine/validate-quick.ts, pays off on CLI batches only and is not shipped).
import { validateHousehold, type ValidationError } from '../engine/validate';
import { checkLocalFigure } from './figures';
import type { ApplicationState } from './types';

/** One problem with a record: where (a path inside it) and what, in Chinese and English. */
export interface RecordProblem {
  path: string;
  zh: string;
  en: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || ok(v);

const APPLICATION_STATES: readonly ApplicationState[] = ['to-apply', 'applied', 'approved', 'refused'];
const STATUSES = ['eligible', 'ineligible', 'undetermined'];
/** Top-level fields the app always writes: missing means damaged, not unanswered. */
const ALWAYS_WRITTEN = new Set(['version', 'region', 'members']);

/**
 * What the household validator finds that means *damaged* rather than *not finished*. A draft (and a household
 * saved from it) may lawfully hold an unanswered question the validator calls "required" (a new member's relation)
 * or a figure it calls out of range while the user is still typing (自付 above the total); those are the wizard's
 * to point out, not the storage's to move aside. Wrong types, unknown values, unknown fields and an unknown
 * version are damage: the app never writes them.
 */
function isDamage(e: ValidationError): boolean {
  if (e.code === 'range') return false;
  if (e.code === 'required') return ALWAYS_WRITTEN.has(e.path);
  return true;
}

export function householdProblems(h: unknown, prefix: string): RecordProblem[] {
  const v = validateHousehold(h);
  if (v.ok) return [];
  return v.errors.filter(isDamage).map((e) => ({ path: `${prefix}${e.path ? `.${e.path}` : ''}`, zh: e.zh, en: e.en }));
}

/**
 * Problems with a saved household (a profile), as found in the store or in an import file. `zhAt`/`enAt` name it
 * in messages (第2条档案 / profile 2). `strict` (imports) also refuses what the validator calls incomplete.
 */
export function profileProblems(p: unknown, path: string, zhAt: string, enAt: string, strict = false): RecordProblem[] {
  const out: RecordProblem[] = [];
  const field = (f: string, zh: string, en: string): void => void out.push({ path: `${path}.${f}`, zh: `${zhAt}的${zh}`, en: `${enAt}: ${en}` });
  if (!isObj(p)) return [{ path, zh: `${zhAt}不是有效的档案`, en: `${enAt} is not an object` }];
  if (typeof p.id !== 'string' || p.id === '' || p.id.length > 200) field('id', '编号无效', 'id must be non-empty text');
  if (typeof p.name !== 'string') field('name', '名称无效', 'name must be text');
  for (const f of ['createdAt', 'updatedAt'] as const) {
    if (!isTime(p[f])) field(f, '时间无效', `${f} must be a date-time`);
  }
  const v = validateHousehold(p.household);
  if (!v.ok) {
    for (const e of v.errors) {
      if (!strict && !isDamage(e)) continue;
      out.push({ path: `${path}.household${e.path ? `.${e.path}` : ''}`, zh: `${zhAt}的家庭资料有误：${e.zh}`, en: `${enAt}, household: ${e.en}` });
    }
  }
  if (p.village !== undefined && typeof p.village !== 'string') field('village', '村（社区）无效', 'village must be text');
  if (p.followUp !== undefined && typeof p.followUp !== 'boolean') field('followUp', '“需跟进”应为是或否', 'followUp must be true or false');
  if (p.lastVisit !== undefined && !isValidDate(p.lastVisit)) field('lastVisit', '最近走访日期无效', 'lastVisit must be a date YYYY-MM-DD');
  if (p.notes !== undefined) {
    if (!Array.isArray(p.notes)) field('notes', '走访记录应为列表', 'notes must be a list');
    else p.notes.forEach((n: unknown, j: number) => {
      if (!isObj(n) || typeof n.id !== 'string' || typeof n.text !== 'string' || !isValidDate(n.date)) {
        field(`notes[${j}]`, `第${j + 1}条走访记录无效`, `note ${j + 1} needs id, date YYYY-MM-DD and text`);
      }
    });
  }
  if (p.applications !== undefined) {
    if (!isObj(p.applications)) field('applications', '申请进度无效', 'applications must be an object');
    else for (const [k, a] of Object.entries(p.applications)) {
      if (!APPLICATION_STATES.includes(a as ApplicationState)) field(`applications.${k}`, '申请进度无效', `must be one of ${APPLICATION_STATES.join(', ')}`);
    }
  }
  if (p.lastResult !== undefined) {
    const r = p.lastResult;
    const ok = isObj(r) && typeof r.rulesVersion === 'string' && typeof r.date === 'string' && typeof r.computedAt === 'string'
      && isObj(r.totals) && Array.isArray(r.missing) && Array.isArray(r.programmes)
      && r.programmes.every((x: unknown) => isObj(x) && typeof x.id === 'string' && STATUSES.includes(x.status as string));
    if (!ok) field('lastResult', '上次评估结果无效', 'lastResult is not a valid result snapshot');
  }
  return out;
}

/** The wizard's draft: a household being filled in, the step, and the wizard's own answers. */
export function draftProblems(d: unknown): RecordProblem[] {
  if (!isObj(d)) return [{ path: '', zh: '草稿不是有效的记录', en: 'the draft is not an object' }];
  const out: RecordProblem[] = [];
  const bad = (path: string, zh: string, en: string): void => void out.push({ path, zh: `草稿的${zh}`, en: `draft: ${en}` });
  if (!isText(d.step)) bad('step', '步骤无效', 'step must be text');
  if (!optional(d.profileId, isText)) bad('profileId', '档案编号无效', 'profileId must be text');
  if (!optional(d.name, isText)) bad('name', '名称无效', 'name must be text');
  if (!optional(d.updatedAt, isTime)) bad('updatedAt', '时间无效', 'updatedAt must be a date-time');
  const w = d.wizard;
  if (w !== undefined) {
    if (!isObj(w)) bad('wizard', '向导答案无效', 'wizard must be an object');
    else {
      if (!optional(w.invalid, (x) => isObj(x) && Object.values(x).every(isText))) bad('wizard.invalid', '未能识别的输入无效', 'wizard.invalid must map paths to text');
      if (!optional(w.hospital, (x) => typeof x === 'boolean')) bad('wizard.hospital', '“是否住院”无效', 'wizard.hospital must be true or false');
      if (!optional(w.familyPlanning, (x) => typeof x === 'boolean')) bad('wizard.familyPlanning', '计划生育问题无效', 'wizard.familyPlanning must be true or false');
    }
  }
  for (const p of householdProblems(d.household, 'household')) out.push({ path: p.path, zh: `草稿的家庭资料有误：${p.zh}`, en: `draft, household: ${p.en}` });
  return out;
}

/** A row of the list (kept next to each profile). */
export function summaryProblems(s: unknown): RecordProblem[] {
  const ok = isObj(s) && isText(s.id) && isText(s.name) && isText(s.region) && typeof s.memberCount === 'number' && isTime(s.updatedAt)
    && Array.isArray(s.eligible) && s.eligible.every(isText) && Array.isArray(s.undetermined) && s.undetermined.every(isText)
    && optional(s.village, isText) && optional(s.followUp, (x) => typeof x === 'boolean') && optional(s.lastVisit, isText);
  return ok ? [] : [{ path: '', zh: '列表条目已损坏', en: 'the list row is damaged' }];
}

export function figureProblems(f: unknown): RecordProblem[] {
  return checkLocalFigure(f).map((p) => ({ path: '', zh: `本地录入的标准无效（${p}）`, en: `the figure is not valid (${p})` }));
}

/** Checks by object store (settings are checked by whoever asks for one, with their own check). */
export const CHECKS = {
  draft: draftProblems,
  profiles: (p: unknown) => profileProblems(p, '', '档案', 'profile'),
  summaries: summaryProblems,
  figures: figureProblems,
} as const;
