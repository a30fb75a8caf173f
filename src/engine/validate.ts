/**
 * Validation of untrusted household input (CLI files, imports): every problem becomes a message naming the field
 * path, in Chinese and English. Kept apart from the format so the app's first screen does not load it.
 */
import { codeOfId } from './regions';
import {
  ASSETS, AWAY, DAILY_ACTIVITIES, DISABILITY_KINDS, HOUSEHOLD_FORMAT, HOUSEHOLD_STATUSES, HOUSEHOLD_VERSION, HOUSING, HUKOU,
  INCOME_KINDS, INSURANCE, ONLY_CHILD, ORPHAN_CARE, PARENT_SITUATIONS, PERSON_STATUSES, RELATIONS, SCHOOL_STAGES, SEX,
  SUPPORTERS, WORK, isValidDate, type DailyActivity, type Household, type HouseholdStatus, type IncomeKind,
  type PersonStatus,
} from './household';

export interface ValidationError {
  /** JSON path of the offending field, e.g. `members[1].age`. */
  path: string;
  /** Stable code for tools. */
  code: string;
  zh: string;
  en: string;
}

export type Validated = { ok: true; household: Household } | { ok: false; errors: ValidationError[] };

export const MAX_MEMBERS = 30;
export const MAX_MONEY = 100_000_000;

/** The kinds a multiple disability's most severe component can be. */
const MAIN_KINDS = DISABILITY_KINDS.filter((k) => k !== 'multiple');

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field names in both languages, for messages that name the field. */
const FIELD_NAMES: Record<string, [string, string]> = {
  region: ['地区', 'region'],
  hukou: ['户籍类型', 'hukou (household registration)'],
  date: ['评估日期', 'evaluation date'],
  members: ['家庭成员', 'household members'],
  relation: ['与申请人关系', 'relation to the applicant'],
  sex: ['性别', 'sex'],
  age: ['年龄', 'age'],
  birthDate: ['出生日期', 'birth date'],
  away: ['居住情况', 'where the person lives'],
  work: ['劳动/就业情况', 'work situation'],
  income: ['月收入', 'monthly income'],
  disability: ['残疾情况', 'disability'],
  certificate: ['残疾证', 'disability certificate'],
  grade: ['残疾等级', 'disability grade'],
  kind: ['残疾类别', 'disability kind'],
  mainKind: ['多重残疾中最重的类别', 'the most severe kind of a multiple disability'],
  needsLongTermCare: ['是否需要长期照护', 'needs long-term care'],
  selfCare: ['生活自理能力', 'self-care'],
  school: ['就学情况', 'school'],
  stage: ['学段', 'school stage'],
  boarding: ['是否寄宿', 'boarding'],
  rural: ['是否农村学校', 'rural school'],
  inclusive: ['是否公办或普惠性幼儿园', 'public or 普惠性 kindergarten'],
  father: ['父亲情况', "father's situation"],
  mother: ['母亲情况', "mother's situation"],
  orphanCare: ['孤儿养育方式', 'how the orphan is cared for'],
  seriousIllness: ['重病或罕见病', 'serious or rare illness'],
  hivInfected: ['艾滋病病毒感染', 'HIV infection'],
  preEmploymentTraining: ['劳动预备制培训', 'pre-employment training'],
  legalSupporters: ['法定赡养/抚养/扶养人', 'legal supporters'],
  workInjuryCareAllowance: ['工伤保险生活护理费', 'work-injury care allowance'],
  onlyChild: ['独生子女情况', 'only-child situation'],
  fpSurgeryComplication: ['计划生育手术并发症等级', 'family-planning surgery complication grade'],
  insurance: ['医疗保险类型', 'medical insurance scheme'],
  hospitalBill: ['住院费用', 'hospital bill'],
  inPolicyCost: ['政策范围内住院费用', 'in-policy inpatient cost'],
  selfPaid: ['个人自付费用', 'self-paid cost'],
  allowanceReceived: ['已领取的基本生活费', 'living allowance already received'],
  statuses: ['已认定身份', 'recognised statuses'],
  assetsMeetLocalRules: ['家庭财产是否符合当地规定', 'assets meet local rules'],
  suddenHardship: ['突发困难', 'sudden hardship'],
  housing: ['住房情况', 'housing'],
  version: ['格式版本', 'format version'],
  format: ['格式名称', 'format name'],
  id: ['编号', 'id'],
  name: ['姓名', 'name'],
};

function fieldName(path: string): [string, string] {
  const last = path.replace(/\[\d+\]$/, '').split('.').pop() ?? path;
  if (INCOME_KINDS.includes(last as IncomeKind)) return [`收入（${last}）`, `income (${last})`];
  if (DAILY_ACTIVITIES.includes(last as DailyActivity)) return [`自理能力（${last}）`, `self-care (${last})`];
  return FIELD_NAMES[last] ?? [last, last];
}

/** Human path: `members[1].age` → 第2位成员的年龄 / member 2's age. */
function describe(path: string): [string, string] {
  const [zhField, enField] = fieldName(path);
  const m = /^members\[(\d+)\]/.exec(path);
  if (m) {
    const n = Number(m[1]) + 1;
    return [`第${n}位家庭成员的${zhField}`, `member ${n}: ${enField}`];
  }
  return [zhField, enField];
}

class Collector {
  readonly errors: ValidationError[] = [];
  add(path: string, code: string, zh: string, en: string): void {
    const [zf, ef] = describe(path);
    this.errors.push({ path, code, zh: `${zf}：${zh}`, en: `${ef}: ${en}` });
  }
  required(path: string): void {
    this.add(path, 'required', '必须填写', 'is required');
  }
  oneOf(path: string, allowed: readonly (string | number)[]): void {
    this.add(path, 'enum', `取值无效，应为 ${allowed.join(' / ')} 之一`, `must be one of ${allowed.join(', ')}`);
  }
}

function checkEnum(c: Collector, obj: Record<string, unknown>, key: string, path: string, allowed: readonly (string | number)[]): void {
  const v = obj[key];
  if (v === undefined) return;
  if (!allowed.includes(v as string | number)) c.oneOf(path, allowed);
}

function checkBool(c: Collector, obj: Record<string, unknown>, key: string, path: string): void {
  const v = obj[key];
  if (v === undefined) return;
  if (typeof v !== 'boolean') c.add(path, 'type', '应为“是”或“否”（true/false）', 'must be true or false');
}

function checkMoney(c: Collector, obj: Record<string, unknown>, key: string, path: string): void {
  const v = obj[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    c.add(path, 'type', '应为数字（元）', 'must be a number (yuan)');
  } else if (v < 0) {
    c.add(path, 'range', '不能为负数', 'cannot be negative');
  } else if (v > MAX_MONEY) {
    c.add(path, 'range', `不能超过 ${MAX_MONEY} 元`, `cannot exceed ¥${MAX_MONEY}`);
  }
}

function checkUnknownKeys(c: Collector, obj: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const path = prefix ? `${prefix}.${key}` : key;
      c.errors.push({ path, code: 'unknown-field', zh: `未知字段“${path}”`, en: `unknown field "${path}"` });
    }
  }
}

export const MEMBER_KEYS = [
  'id', 'name', 'relation', 'sex', 'age', 'birthDate', 'away', 'work', 'income', 'disability', 'selfCare', 'school',
  'father', 'mother', 'orphanCare', 'seriousIllness', 'hivInfected', 'preEmploymentTraining', 'legalSupporters',
  'workInjuryCareAllowance', 'onlyChild', 'fpSurgeryComplication', 'insurance', 'hospitalBill', 'allowanceReceived',
  'statuses',
] as const;

export const HOUSEHOLD_KEYS = ['format', 'version', 'region', 'hukou', 'date', 'members', 'assetsMeetLocalRules', 'statuses', 'suddenHardship', 'housing'] as const;

function validateMember(c: Collector, m: unknown, i: number): void {
  const p = `members[${i}]`;
  if (!isObj(m)) {
    c.add(p, 'type', '应为一个对象', 'must be an object');
    return;
  }
  checkUnknownKeys(c, m, MEMBER_KEYS, p);
  if (m.relation === undefined) c.required(`${p}.relation`);
  else checkEnum(c, m, 'relation', `${p}.relation`, RELATIONS);
  if (m.id !== undefined && typeof m.id !== 'string') c.add(`${p}.id`, 'type', '应为文字', 'must be text');
  if (m.name !== undefined && (typeof m.name !== 'string' || m.name.length > 100)) c.add(`${p}.name`, 'type', '应为不超过100字的文字', 'must be text of at most 100 characters');
  checkEnum(c, m, 'sex', `${p}.sex`, SEX);
  if (m.age !== undefined) {
    if (typeof m.age !== 'number' || !Number.isInteger(m.age)) c.add(`${p}.age`, 'type', '应为整数（周岁）', 'must be a whole number of years');
    else if (m.age < 0 || m.age > 130) c.add(`${p}.age`, 'range', '应在 0 到 130 之间', 'must be between 0 and 130');
  }
  if (m.birthDate !== undefined && !isValidDate(m.birthDate)) c.add(`${p}.birthDate`, 'date', '应为有效日期，格式 YYYY-MM-DD', 'must be a valid date as YYYY-MM-DD');
  checkEnum(c, m, 'away', `${p}.away`, AWAY);
  checkEnum(c, m, 'work', `${p}.work`, WORK);
  if (m.income !== undefined) {
    if (!isObj(m.income)) c.add(`${p}.income`, 'type', '应为按类别填写的收入', 'must be an object of income by kind');
    else {
      checkUnknownKeys(c, m.income, INCOME_KINDS, `${p}.income`);
      for (const k of INCOME_KINDS) checkMoney(c, m.income, k, `${p}.income.${k}`);
    }
  }
  if (m.disability !== undefined) {
    const d = m.disability;
    if (!isObj(d)) c.add(`${p}.disability`, 'type', '应为残疾情况对象', 'must be an object');
    else {
      checkUnknownKeys(c, d, ['certificate', 'grade', 'kind', 'mainKind', 'needsLongTermCare'], `${p}.disability`);
      if (d.certificate === undefined) c.required(`${p}.disability.certificate`);
      else checkBool(c, d, 'certificate', `${p}.disability.certificate`);
      checkEnum(c, d, 'grade', `${p}.disability.grade`, [1, 2, 3, 4]);
      checkEnum(c, d, 'kind', `${p}.disability.kind`, DISABILITY_KINDS);
      checkEnum(c, d, 'mainKind', `${p}.disability.mainKind`, MAIN_KINDS);
      checkBool(c, d, 'needsLongTermCare', `${p}.disability.needsLongTermCare`);
    }
  }
  if (m.selfCare !== undefined) {
    if (!isObj(m.selfCare)) c.add(`${p}.selfCare`, 'type', '应为六项日常活动的对象', 'must be an object of the six daily activities');
    else {
      checkUnknownKeys(c, m.selfCare, DAILY_ACTIVITIES, `${p}.selfCare`);
      for (const a of DAILY_ACTIVITIES) checkBool(c, m.selfCare, a, `${p}.selfCare.${a}`);
    }
  }
  if (m.school !== undefined) {
    const s = m.school;
    if (!isObj(s)) c.add(`${p}.school`, 'type', '应为就学情况对象', 'must be an object');
    else {
      checkUnknownKeys(c, s, ['stage', 'boarding', 'rural', 'inclusive'], `${p}.school`);
      if (s.stage === undefined) c.required(`${p}.school.stage`);
      else checkEnum(c, s, 'stage', `${p}.school.stage`, SCHOOL_STAGES);
      checkBool(c, s, 'boarding', `${p}.school.boarding`);
      checkBool(c, s, 'rural', `${p}.school.rural`);
      checkBool(c, s, 'inclusive', `${p}.school.inclusive`);
    }
  }
  checkEnum(c, m, 'father', `${p}.father`, PARENT_SITUATIONS);
  checkEnum(c, m, 'mother', `${p}.mother`, PARENT_SITUATIONS);
  checkEnum(c, m, 'orphanCare', `${p}.orphanCare`, ORPHAN_CARE);
  checkBool(c, m, 'seriousIllness', `${p}.seriousIllness`);
  checkBool(c, m, 'hivInfected', `${p}.hivInfected`);
  checkBool(c, m, 'preEmploymentTraining', `${p}.preEmploymentTraining`);
  checkEnum(c, m, 'legalSupporters', `${p}.legalSupporters`, SUPPORTERS);
  checkBool(c, m, 'workInjuryCareAllowance', `${p}.workInjuryCareAllowance`);
  checkEnum(c, m, 'onlyChild', `${p}.onlyChild`, ONLY_CHILD);
  checkEnum(c, m, 'fpSurgeryComplication', `${p}.fpSurgeryComplication`, [0, 1, 2, 3]);
  checkEnum(c, m, 'insurance', `${p}.insurance`, INSURANCE);
  if (m.hospitalBill !== undefined) {
    if (!isObj(m.hospitalBill)) c.add(`${p}.hospitalBill`, 'type', '应为住院费用对象', 'must be an object');
    else {
      checkUnknownKeys(c, m.hospitalBill, ['inPolicyCost', 'selfPaid'], `${p}.hospitalBill`);
      checkMoney(c, m.hospitalBill, 'inPolicyCost', `${p}.hospitalBill.inPolicyCost`);
      checkMoney(c, m.hospitalBill, 'selfPaid', `${p}.hospitalBill.selfPaid`);
      const b = m.hospitalBill;
      if (typeof b.inPolicyCost === 'number' && typeof b.selfPaid === 'number' && b.selfPaid > b.inPolicyCost) {
        c.add(`${p}.hospitalBill.selfPaid`, 'range', '不能大于政策范围内住院总费用', 'cannot be more than the in-policy total cost');
      }
    }
  }
  checkMoney(c, m, 'allowanceReceived', `${p}.allowanceReceived`);
  if (m.statuses !== undefined) {
    if (!Array.isArray(m.statuses)) c.add(`${p}.statuses`, 'type', '应为列表', 'must be a list');
    else m.statuses.forEach((s, j) => { if (!PERSON_STATUSES.includes(s as PersonStatus)) c.oneOf(`${p}.statuses[${j}]`, PERSON_STATUSES); });
  }
}

/**
 * Check an untrusted value against household format v1. Never throws: every problem becomes a message naming the
 * field path, in Chinese and English. `knownRegions`, when given, also checks the region id.
 */
export function validateHousehold(input: unknown, knownRegions?: readonly string[]): Validated {
  const c = new Collector();
  if (!isObj(input)) {
    c.errors.push({ path: '', code: 'type', zh: '家庭资料应为一个 JSON 对象', en: 'the household must be a JSON object' });
    return { ok: false, errors: c.errors };
  }
  checkUnknownKeys(c, input, HOUSEHOLD_KEYS, '');
  if (input.format !== undefined && input.format !== HOUSEHOLD_FORMAT) c.oneOf('format', [HOUSEHOLD_FORMAT]);
  if (input.version === undefined) c.required('version');
  else if (input.version !== HOUSEHOLD_VERSION) c.add('version', 'version', `不支持的版本，当前支持 ${HOUSEHOLD_VERSION}`, `unsupported version; this build reads version ${HOUSEHOLD_VERSION}`);
  if (input.region === undefined) c.required('region');
  else if (typeof input.region !== 'string') c.add('region', 'type', '应为地区编号文字', 'must be a region id');
  // Besides the regions with rule files, any division of the national catalogue by its code: cn-530627 (regions.ts).
  else if (knownRegions && !knownRegions.includes(input.region) && codeOfId(input.region) === null) c.add('region', 'enum', `未知地区“${input.region}”，可选：${knownRegions.join(', ')}，或 cn-六位行政区划代码（如镇雄县 cn-530627）`, `unknown region "${input.region}"; known: ${knownRegions.join(', ')}, or cn-<6-digit division code> (e.g. 镇雄县 cn-530627)`);
  checkEnum(c, input, 'hukou', 'hukou', HUKOU);
  if (input.date !== undefined && !isValidDate(input.date)) c.add('date', 'date', '应为有效日期，格式 YYYY-MM-DD', 'must be a valid date as YYYY-MM-DD');
  if (input.members === undefined) c.required('members');
  else if (!Array.isArray(input.members)) c.add('members', 'type', '应为成员列表', 'must be a list of members');
  else {
    if (input.members.length === 0) c.add('members', 'range', '至少需要一位成员', 'needs at least one member');
    if (input.members.length > MAX_MEMBERS) c.add('members', 'range', `最多 ${MAX_MEMBERS} 位成员`, `at most ${MAX_MEMBERS} members`);
    input.members.slice(0, MAX_MEMBERS).forEach((m, i) => validateMember(c, m, i));
  }
  checkEnum(c, input, 'assetsMeetLocalRules', 'assetsMeetLocalRules', ASSETS);
  if (input.statuses !== undefined) {
    if (!Array.isArray(input.statuses)) c.add('statuses', 'type', '应为列表', 'must be a list');
    else input.statuses.forEach((s, j) => { if (!HOUSEHOLD_STATUSES.includes(s as HouseholdStatus)) c.oneOf(`statuses[${j}]`, HOUSEHOLD_STATUSES); });
  }
  checkBool(c, input, 'suddenHardship', 'suddenHardship');
  checkEnum(c, input, 'housing', 'housing', HOUSING);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, household: input as unknown as Household };
}

