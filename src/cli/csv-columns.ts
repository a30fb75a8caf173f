/**
 * The CSV roster format (`--input csv`): one row per household member, with a household id column; the household's
 * own answers (region, hukou…) on its rows too — on every row or only the first, but never two different values.
 *
 * This table is the documented column set (README, "CSV columns"). It is a file format people keep in spreadsheets,
 * so it lives here with the code rather than among the interface texts: rewording a screen must never break a roster.
 * Each column is accepted under its Chinese or English header or its household-format path (`income.wages`);
 * headers are matched ignoring case, spaces, punctuation and a trailing unit in brackets (`工资性收入（元/月）`).
 * Cells take the format's ids (`urban`) or the Chinese words listed; an empty cell is an unanswered question
 * (unknown, never "no" or 0), and so are 不清楚 / 不确定 / unsure in a yes-or-no column.
 */
import {
  ASSETS, AWAY, DISABILITY_KINDS, HOUSEHOLD_STATUSES, HOUSING, HUKOU, INSURANCE, ONLY_CHILD, ORPHAN_CARE, PARENT_SITUATIONS,
  PERSON_STATUSES, RELATIONS, SCHOOL_STAGES, SEX, SUPPORTERS, WORK,
} from '../engine/household';
import type { Message } from './args';

export type Scope = 'household' | 'member';
export type Cell = { ok: true; value: unknown } | { ok: false; error: Message };

export interface Column {
  /** Household-format path (inside a member for member columns); also accepted as a header. */
  key: string;
  scope: Scope;
  /** Headers accepted; the first of each is the one the CLI writes. */
  zh: string[];
  en: string[];
  /** Cell text (trimmed, never empty) → value. */
  parse: (cell: string) => Cell;
}

const ok = (value: unknown): Cell => ({ ok: true, value });
const fail = (zh: string, en: string): Cell => ({ ok: false, error: { zh, en } });

/** Answers that mean "not known": the question stays unanswered. */
const UNSURE = new Set(['不清楚', '不确定', '不知道', 'unsure', 'unknown', 'not sure', '?', '？']);
export const UNANSWERED = Symbol('unanswered');

const YES = new Set(['是', '有', 'yes', 'y', 'true', '1', '√', '✓']);
const NO = new Set(['否', '无', '没有', 'no', 'n', 'false', '0', '×', '✗']);

function bool(cell: string): Cell {
  const c = cell.toLowerCase();
  if (YES.has(c)) return ok(true);
  if (NO.has(c)) return ok(false);
  if (UNSURE.has(c)) return ok(UNANSWERED);
  return fail(`应为“是”或“否”，收到“${cell}”`, `must be yes or no, got "${cell}"`);
}

function number(cell: string): Cell {
  let c = cell.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  // Thousands separators only in their usual places ("1,200"), so "1,2" is not read as 12.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(c)) c = c.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(c)) return fail(`应为数字，收到“${cell}”`, `must be a number, got "${cell}"`);
  return ok(Number(c));
}

/** YYYY-MM-DD, or the YYYY/M/D and 2025年8月1日 forms spreadsheets write. */
function date(cell: string): Cell {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell);
  if (!m) return fail(`应为日期 YYYY-MM-DD，收到“${cell}”`, `must be a date YYYY-MM-DD, got "${cell}"`);
  return ok(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
}

function text(cell: string): Cell {
  return ok(cell);
}

/** An enum column: the format's ids (any case) or the Chinese words given for each. */
function choice<T extends string | number>(ids: readonly T[], words: Partial<Record<string, string[]>>, unsureMeansUnknown = false): (cell: string) => Cell {
  const lookup = new Map<string, T>();
  for (const id of ids) {
    lookup.set(String(id).toLowerCase(), id);
    for (const w of words[String(id)] ?? []) lookup.set(w, id);
  }
  return (cell) => {
    const v = lookup.get(cell.toLowerCase());
    if (v !== undefined) return ok(v);
    if (unsureMeansUnknown && UNSURE.has(cell.toLowerCase())) return ok(UNANSWERED);
    return fail(`取值无效“${cell}”，应为 ${ids.map((id) => [String(id), ...(words[String(id)] ?? []).slice(0, 1)].join('/')).join('、')} 之一`, `invalid value "${cell}"; must be one of ${ids.join(', ')}`);
  };
}

/** A list column: several values separated by 、，, ; or |. */
function list(one: (cell: string) => Cell): (cell: string) => Cell {
  return (cell) => {
    const values: unknown[] = [];
    for (const part of cell.split(/[、,，;；|]/).map((s) => s.trim()).filter(Boolean)) {
      const r = one(part);
      if (!r.ok) return r;
      values.push(r.value);
    }
    return ok(values);
  };
}

const GRADES = { 1: ['一级', '1级'], 2: ['二级', '2级'], 3: ['三级', '3级'], 4: ['四级', '4级'] };

const col = (key: string, scope: Scope, zh: string[], en: string[], parse: (cell: string) => Cell): Column => ({ key, scope, zh, en, parse });
const m = (key: string, zh: string[], en: string[], parse: (cell: string) => Cell): Column => col(key, 'member', zh, en, parse);
const h = (key: string, zh: string[], en: string[], parse: (cell: string) => Cell): Column => col(key, 'household', zh, en, parse);

/** The household id column: which rows belong together. Required. */
export const HOUSEHOLD_ID = h('household', ['户编号', '户号', '家庭编号'], ['household', 'household id'], text);

/** Region: an id (`cn-gd-jiangmen`) or a region's name as the rule pack gives it (江门市 / Jiangmen) — see csv-input. */
export const REGION = h('region', ['地区', '所在地区'], ['region'], text);

export const COLUMNS: readonly Column[] = [
  HOUSEHOLD_ID,
  REGION,
  h('hukou', ['户籍', '户籍类型', '户口类型'], ['hukou'], choice(HUKOU, { urban: ['城镇', '城镇户籍', '非农业'], rural: ['农村', '农村户籍', '农业'] })),
  h('date', ['评估日期'], ['date', 'evaluation date'], date),
  h('assetsMeetLocalRules', ['财产符合当地规定', '家庭财产'], ['assets meet local rules', 'assets'], choice(ASSETS, { yes: ['符合', '是'], no: ['不符合', '否'], unsure: ['不确定', '不清楚'] })),
  h('statuses', ['家庭已认定身份', '家庭身份'], ['household statuses'], list(choice(HOUSEHOLD_STATUSES, { dibao: ['低保', '低保家庭'], 'dibao-edge': ['低保边缘', '低保边缘家庭'], 'expenditure-type': ['支出型困难', '支出型困难家庭'], 'temporary-aid': ['临时救助'] }))),
  h('suddenHardship', ['突发困难'], ['sudden hardship'], bool),
  h('housing', ['住房情况', '住房'], ['housing'], choice(HOUSING, {
    adequate: ['住房无困难', '有住房', '无困难'], lacking: ['住房困难'], unsafe: ['危房', '住危房'], unsure: ['不清楚', '不确定'],
  })),

  m('name', ['姓名'], ['name'], text),
  m('relation', ['关系', '与申请人关系'], ['relation'], choice(RELATIONS, {
    self: ['本人', '申请人', '申请人本人', '户主'], spouse: ['配偶', '妻子', '丈夫'], child: ['子女', '儿子', '女儿'], parent: ['父母', '父亲', '母亲'],
    grandparent: ['祖父母', '外祖父母', '祖父', '祖母', '外祖父', '外祖母'], grandchild: ['孙子女', '外孙子女', '孙子', '孙女', '外孙', '外孙女'],
    sibling: ['兄弟姐妹', '兄弟', '姐妹', '哥哥', '弟弟', '姐姐', '妹妹'], other: ['其他', '其他共同生活的人'],
  })),
  m('sex', ['性别'], ['sex', 'gender'], choice(SEX, { female: ['女'], male: ['男'] })),
  m('age', ['年龄'], ['age'], number),
  m('birthDate', ['出生日期'], ['birth date'], date),
  m('away', ['居住情况'], ['away'], choice(AWAY, { none: ['在家', '在家共同生活'], 'working-away': ['外出务工'], 'studying-away': ['外出上学'], prison: ['服刑', '服刑中'], 'drug-rehab': ['强制隔离戒毒'], 'declared-missing': ['宣告失踪', '已宣告失踪'] })),
  m('work', ['就业情况', '劳动就业情况'], ['work'], choice(WORK, {
    employed: ['有工作', '务工', '务农', '就业'], unemployed: ['无业', '失业'], unable: ['丧失劳动能力', '无劳动能力'], student: ['在校学生', '学生'],
    preschool: ['学龄前', '学龄前儿童'], retired: ['退休', '已退休', '年老在家'],
  })),
  m('income.wages', ['工资性收入', '工资'], ['wages'], number),
  m('income.business', ['经营净收入'], ['business income'], number),
  m('income.property', ['财产净收入'], ['property income'], number),
  m('income.pension', ['离退休金', '养老金'], ['pension'], number),
  m('income.maintenance', ['赡养费', '赡养抚养扶养费'], ['maintenance'], number),
  m('income.unemploymentInsurance', ['失业保险金'], ['unemployment insurance'], number),
  m('income.residentsBasicPension', ['城乡居民基础养老金', '基础养老金'], ['residents basic pension'], number),
  m('income.familyPlanning', ['计划生育奖励扶助金'], ['family-planning payments'], number),
  m('income.disabilitySubsidy', ['残疾人两项补贴'], ['disability subsidies'], number),
  m('income.scholarship', ['奖学金助学金', '奖助学金'], ['scholarships'], number),
  m('income.socialAssistance', ['其他社会救助金'], ['social assistance'], number),
  m('income.veteransBenefits', ['优待抚恤金'], ['veterans benefits'], number),
  m('income.childcareSubsidy', ['育儿补贴收入'], ['childcare subsidy income'], number),
  m('income.other', ['其他收入'], ['other income'], number),
  m('disability.certificate', ['残疾证', '持残疾证'], ['disability certificate'], bool),
  m('disability.grade', ['残疾等级'], ['disability grade'], choice([1, 2, 3, 4] as const, GRADES)),
  m('disability.kind', ['残疾类别'], ['disability kind'], choice(DISABILITY_KINDS, {
    physical: ['肢体', '肢体残疾'], visual: ['视力', '视力残疾'], hearing: ['听力', '听力残疾'], speech: ['言语', '言语残疾'], intellectual: ['智力', '智力残疾'],
    mental: ['精神', '精神残疾'], multiple: ['多重', '多重残疾'],
  })),
  m('disability.needsLongTermCare', ['需要长期照护'], ['needs long-term care'], bool),
  m('selfCare.eating', ['自理·进食'], ['self-care: eating'], bool),
  m('selfCare.dressing', ['自理·穿衣'], ['self-care: dressing'], bool),
  m('selfCare.transfer', ['自理·上下床'], ['self-care: transfer'], bool),
  m('selfCare.toileting', ['自理·如厕'], ['self-care: toileting'], bool),
  m('selfCare.walkingIndoors', ['自理·室内行走'], ['self-care: walking indoors'], bool),
  m('selfCare.bathing', ['自理·洗澡'], ['self-care: bathing'], bool),
  m('school.stage', ['学段'], ['school stage'], choice(SCHOOL_STAGES, {
    none: ['不在上学', '未上学'], preschool: ['幼儿园', '学前'], primary: ['小学'], junior: ['初中'], senior: ['高中', '普通高中'],
    vocational: ['中职', '中专', '技校'], higher: ['大学', '大专', '本科'],
  })),
  m('school.boarding', ['寄宿'], ['boarding'], bool),
  m('school.rural', ['农村学校'], ['rural school'], bool),
  m('school.inclusive', ['普惠性幼儿园', '公办或普惠性幼儿园'], ['inclusive kindergarten', 'public or inclusive kindergarten'], bool),
  ...(['father', 'mother'] as const).map((who) =>
    m(who, [who === 'father' ? '父亲情况' : '母亲情况'], [who], choice(PARENT_SITUATIONS, {
      present: ['健在'], dead: ['去世', '已去世', '死亡'], missing: ['失踪', '下落不明'], 'severely-disabled': ['重度残疾'], 'seriously-ill': ['重病'],
      prison: ['服刑', '羁押'], 'drug-rehab': ['强制隔离戒毒'], 'deprived-liberty': ['被限制人身自由'], 'out-of-contact': ['失联'],
      'guardianship-revoked': ['被撤销监护资格'], deported: ['被遣送出境'], unsure: ['不清楚', '不确定'],
    })),
  ),
  m('orphanCare', ['孤儿养育方式'], ['orphan care'], choice(ORPHAN_CARE, { institution: ['福利机构', '集中供养'], relatives: ['亲属抚养', '散居'] })),
  m('seriousIllness', ['重病', '重病或罕见病'], ['serious illness'], bool),
  m('hivInfected', ['艾滋病病毒感染', '感染艾滋病病毒'], ['hiv infected', 'hiv infection'], bool),
  m('preEmploymentTraining', ['劳动预备制培训', '参加劳动预备制培训'], ['pre-employment training'], bool),
  m('legalSupporters', ['法定赡养人', '法定赡养抚养扶养人'], ['legal supporters'], choice(SUPPORTERS, { none: ['没有', '无'], unable: ['有但无能力', '无能力'], able: ['有且有能力', '有能力'] }, true)),
  m('workInjuryCareAllowance', ['工伤护理费', '工伤保险生活护理费'], ['work-injury care allowance'], bool),
  m('onlyChild', ['独生子女情况'], ['only child'], choice(ONLY_CHILD, { none: ['不属于', '无'], died: ['独生子女死亡', '死亡'], disabled: ['独生子女伤残', '伤残'] })),
  m('fpSurgeryComplication', ['计生手术并发症'], ['family-planning surgery complication'], choice([0, 1, 2, 3] as const, { 0: ['无', '没有'], ...GRADES })),
  m('insurance', ['医保', '医疗保险'], ['insurance', 'medical insurance'], choice(INSURANCE, { residents: ['城乡居民医保', '居民医保'], employees: ['职工医保'], none: ['没有参保', '未参保', '无'] })),
  m('hospitalBill.inPolicyCost', ['政策范围内住院费用', '住院费用'], ['in-policy inpatient cost'], number),
  m('hospitalBill.selfPaid', ['个人自付费用', '住院自付'], ['self-paid cost'], number),
  m('allowanceReceived', ['已领基本生活费'], ['allowance received'], number),
  m('statuses', ['个人已认定身份', '已认定身份'], ['person statuses', 'statuses'], list(choice(PERSON_STATUSES, {
    tekun: ['特困', '特困人员'], orphan: ['孤儿'], 'de-facto-orphan': ['事实无人抚养儿童'], 'distressed-child': ['困境儿童'],
    'disability-living': ['残疾人生活补贴'], 'disability-care': ['护理补贴'], 'family-planning': ['计划生育特别扶助'], 'elderly-allowance': ['高龄津贴'],
    'childcare-subsidy': ['育儿补贴'], 'six-categories': ['六类对象'], 'two-categories': ['两类人员'], 'streamlined-retiree': ['精简退职'],
  }))),
];

/** A header as matched: no case, spaces, punctuation, or a trailing unit in brackets. */
export function normalizeHeader(s: string): string {
  return s
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s*[（(][^）)]*[）)]$/, '')
    .toLowerCase()
    .replace(/[\s·・:：\-_.、/]/g, '');
}

const BY_HEADER = new Map<string, Column>();
for (const c of COLUMNS) {
  for (const name of [c.key, ...c.zh, ...c.en]) {
    const k = normalizeHeader(name);
    // Household and member `statuses` share a path: the plain path means the member's (the household's has its own headers).
    if (!BY_HEADER.has(k) || c.scope === 'member') BY_HEADER.set(k, c);
  }
}

export function columnFor(header: string): Column | undefined {
  return BY_HEADER.get(normalizeHeader(header));
}

/** The header a column is written under, in a language. */
export function headerOf(c: Column, lang: 'zh-CN' | 'en'): string {
  return lang === 'en' ? c.en[0]! : c.zh[0]!;
}
