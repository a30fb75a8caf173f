/**
 * CSV rosters in and out: Chinese or English headers, UTF-8 with or without BOM, GBK (what Excel and WPS write on
 * Chinese Windows), quoted cells; a bad row is reported with its row number and column in both languages and the
 * batch goes on; a header the format does not know stops the command (exit 2). CSV out: one row per member.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { COLUMNS, columnFor, normalizeHeader } from '../src/cli/csv-columns';
import { looksUtf8 } from '../src/cli/decode';
import { DAILY_ACTIVITIES, INCOME_KINDS, type Household } from '../src/engine/household';
import { HOUSEHOLD_KEYS, MEMBER_KEYS } from '../src/engine/validate';
import { cli, ROOT, sh, tmp } from './cli-helpers';

const ROSTER = join(ROOT, 'test', 'fixtures', 'roster.csv');
const roster = readFileSync(ROSTER, 'utf8');

function lines(out: string) {
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

describe('CSV in', { timeout: 60_000 }, () => {
  it('reads a roster with Chinese headers: households by id, errors by row and column in both languages, the batch goes on', () => {
    const r = cli([ROSTER]);
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out.map((o) => o.household)).toEqual(['H001', 'H002', 'H003', 'H004']);
    expect(out[0]).toMatchObject({ rows: [2, 3], region: 'cn-gd-jiangmen', date: '2025-08-01', explain: 'summary' });
    // The spouse's disability (row 3) reached the right member.
    expect(out[0].programs.find((p: { id: string }) => p.id === 'disability-care').members).toEqual([{ index: 1, status: 'undetermined', amount: { value: 280, period: 'month', exactness: 'exact' } }]);
    // 2025/8/1 is read as a date, "王,五" (quoted) as one name, 85 years old, no legal supporters: 特困.
    expect(out[1]).toMatchObject({ household: 'H002', date: '2025-08-01' });
    expect(out[1].programs.find((p: { id: string }) => p.id === 'tekun')).toMatchObject({ status: 'eligible', amount: { value: 1520 } });
    expect(out[2].error.messages).toEqual([{ zh: '第5行“年龄”列：应为数字，收到“abc”', en: 'row 5, column "年龄": must be a number, got "abc"', row: 5, column: '年龄' }]);
    expect(out[3].error.messages[0]).toMatchObject({ row: 7, column: '户籍' });
    expect(out[3].error.messages[0].en).toContain('differs from row 6 of the same household');
  });

  it('English headers, a BOM, CRLF line ends and GBK give the same households', () => {
    const english = roster
      .replace(/^.*\n/, 'household,region,hukou,date,assets,name,relation,sex,age,work,wages (yuan/month),disability certificate,disability grade,needs long-term care,legal supporters\n')
      .replace(/\n/g, '\r\n');
    const base = lines(cli([ROSTER]).out);
    // Messages quote the header as the file wrote it ("年龄" or "age"): compare where they point instead.
    const strip = (o: { error?: { messages: { row: number }[] } }) => (o.error ? { ...o, error: o.error.messages.map((m) => m.row) } : o);
    expect(lines(cli(['-', '--input', 'csv'], `\uFEFF${english}`).out).map(strip)).toEqual(base.map(strip));
    const gbkFile = tmp('roster-gbk.csv', '');
    const conv = sh(`iconv -f UTF-8 -t GBK "${ROSTER}" > "${gbkFile}"`);
    expect(conv.code).toBe(0);
    const bytes = readFileSync(gbkFile);
    expect(looksUtf8(bytes)).toBe(false);
    expect(lines(cli([gbkFile]).out)).toEqual(base);
    expect(lines(cli(['-', '--input', 'csv'], bytes).out)).toEqual(base);
  });

  it('a header the format does not know, a missing id column or a duplicated column stops the command (exit 2)', () => {
    const unknown = cli(['-', '--input', 'csv'], '户编号,地区,关系,颜色\nH1,江门市,本人,红\n');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('“颜色”');
    expect(unknown.err).toContain('unknown columns: "颜色"');
    expect(unknown.out).toBe('');
    expect(cli(['-', '--input', 'csv'], '地区,关系\n江门市,本人\n').code).toBe(2);
    expect(cli(['-', '--input', 'csv'], '户编号,年龄,age\nH1,3,3\n').err).toContain('same column');
  });

  it('rows of one household must be together; an empty id, an unreadable byte and a bad yes/no are row errors', () => {
    const csv = ['户编号,地区,关系,年龄,重病', 'A,江门市,本人,40,否', 'B,江门市,本人,41,是', 'A,江门市,配偶,39,否', ',江门市,本人,30,否', 'C,江门市,本人,30,也许'].join('\n');
    const out = lines(cli(['-', '--input', 'csv'], csv).out);
    const byId = (id: string) => out.filter((o) => o.household === id);
    expect(byId('A')[0].programs).toBeDefined();
    expect(byId('B')[0].programs).toBeDefined();
    expect(byId('A')[1].error.messages[0]).toMatchObject({ row: 4 });
    expect(byId('A')[1].error.messages[0].en).toContain('already appeared at row 2');
    expect(byId('')[0].error.messages[0]).toMatchObject({ row: 5 });
    expect(byId('C')[0].error.messages[0]).toMatchObject({ row: 6, column: '重病' });
    expect(byId('C')[0].error.messages[0].zh).toContain('应为“是”或“否”');
    const bad = Buffer.concat([Buffer.from('household,region,relation,name\nH1,cn-gd-jiangmen,self,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    const r = lines(cli(['-', '--input', 'csv'], bad).out);
    expect(r[0].error.messages[0]).toMatchObject({ row: 2, column: 'name' });
    // The same in a file that is otherwise GBK (ICU's GBK decoder alone would drop the 0xFF without a trace).
    const gbkBad = Buffer.concat([Buffer.from('household,region,relation,name\nH1,cn-gd-jiangmen,self,'), Buffer.from([0xd5, 0xc5, 0xff, 0xc8, 0xfd]), Buffer.from('\n')]);
    expect(lines(cli(['-', '--input', 'csv'], gbkBad).out)[0].error.messages[0]).toMatchObject({ row: 2, column: 'name' });
  });

  it('validation problems found after assembly point at the member row and column', () => {
    const csv = ['household,region,relation,age,disability grade', 'H1,cn-gd-jiangmen,self,40,', 'H1,cn-gd-jiangmen,child,200,一级'].join('\n');
    const out = lines(cli(['-', '--input', 'csv'], csv).out);
    const rows = out[0].error.messages.map((m: { row: number; column?: string }) => [m.row, m.column]);
    expect(rows).toEqual(expect.arrayContaining([[3, 'age']]));
    // Grade without the certificate column: the certificate is required, on row 3.
    expect(out[0].error.messages.some((m: { row: number; en: string }) => m.row === 3 && m.en.includes('required'))).toBe(true);
  });

  it('every column has Chinese and English headers that lead back to it', () => {
    for (const c of COLUMNS) {
      for (const name of [c.key, ...c.zh, ...c.en]) expect(columnFor(name), name).toBe(c.key === 'statuses' && c.scope === 'household' && name === 'statuses' ? columnFor('person statuses') : c);
      expect(c.zh[0]).toMatch(/[\u4e00-\u9fff]/);
      expect(c.en[0]).toMatch(/^[a-z]/);
    }
    expect(normalizeHeader(' 工资性收入（元/月）')).toBe(normalizeHeader('工资性收入'));
    expect(columnFor('Wages (yuan/month)')?.key).toBe('income.wages');
  });

  it('every answer of the household format has a column (so a roster can carry every question the wizard asks)', () => {
    const leaves = (keys: readonly string[], nested: Record<string, readonly string[]>) =>
      keys.flatMap((k) => (nested[k] ? nested[k]!.map((n) => `${k}.${n}`) : [k]));
    const member = leaves(MEMBER_KEYS.filter((k) => k !== 'id'), {
      income: INCOME_KINDS,
      disability: ['certificate', 'grade', 'kind', 'needsLongTermCare'],
      selfCare: DAILY_ACTIVITIES,
      school: ['stage', 'boarding', 'rural', 'inclusive'],
      hospitalBill: ['inPolicyCost', 'selfPaid'],
    });
    const household = HOUSEHOLD_KEYS.filter((k) => !['format', 'version', 'members'].includes(k));
    const has = (scope: string) => new Set(COLUMNS.filter((c) => c.scope === scope).map((c) => c.key));
    expect(member.filter((k) => !has('member').has(k))).toEqual([]);
    expect(household.filter((k) => !has('household').has(k))).toEqual([]);
  });

  it('housing, HIV infection, pre-employment training and 普惠性 kindergarten through a real pipe: the same results as the JSON household', () => {
    const csv = [
      '户编号,地区,户籍,评估日期,住房情况,关系,年龄,就业情况,学段,普惠性幼儿园,艾滋病病毒感染,劳动预备制培训,工资性收入',
      'H1,cn-jx-ganzhou-longnan,农村,2025-08-01,住房困难,本人,40,无业,,,否,否,300',
      'H1,,,,,子女,4,学龄前,幼儿园,是,是,,0',
      'H1,,,,,子女,17,无业,,,否,是,0',
    ].join('\n');
    const json: Household = {
      version: 1, region: 'cn-jx-ganzhou-longnan', hukou: 'rural', date: '2025-08-01', housing: 'lacking',
      members: [
        { relation: 'self', age: 40, work: 'unemployed', hivInfected: false, preEmploymentTraining: false, income: { wages: 300 } },
        { relation: 'child', age: 4, work: 'preschool', school: { stage: 'preschool', inclusive: true }, hivInfected: true, income: { wages: 0 } },
        { relation: 'child', age: 17, work: 'unemployed', hivInfected: false, preEmploymentTraining: true, income: { wages: 0 } },
      ],
    };
    const fromCsv = sh(`printf '%s\\n' '${csv.replaceAll('\n', "' '")}' | $CLI - --input csv | cat`);
    const fromJson = sh(`printf '%s\\n' '${JSON.stringify(json)}' | $CLI - --batch | cat`);
    expect(fromCsv.code).toBe(0);
    const a = lines(fromCsv.out)[0];
    const b = lines(fromJson.out)[0];
    expect(a.error).toBeUndefined();
    const { household: _h, rows: _r, ...csvReport } = a;
    const { line: _l, ...jsonReport } = b;
    expect(csvReport).toEqual(jsonReport);
    // The answers arrived: no programme still waits for them.
    const missing = (a.programs as { missing?: string[] }[]).flatMap((p) => p.missing ?? []);
    expect(missing.filter((m) => /housing|hivInfected|preEmploymentTraining|inclusive/.test(m))).toEqual([]);
    // …and they matter: the same household without them waits for some of them.
    const bare = { ...json, housing: undefined, members: json.members.map(({ hivInfected: _x, preEmploymentTraining: _y, school: _s, ...m }) => m) };
    const without = lines(cli(['-', '--batch'], JSON.stringify(bare)).out)[0];
    expect((without.programs as { missing?: string[] }[]).flatMap((p) => p.missing ?? []).join(' ')).toMatch(/housing|hivInfected|preEmploymentTraining|inclusive/);
  });
});

describe('CSV out', { timeout: 60_000 }, () => {
  it('one row per member, household programmes on the first row, exact eligible amounts as numbers only', () => {
    const r = cli([ROSTER, '--output', 'csv', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('\uFEFF')).toBe(true);
    const rows = parse(r.out, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.household, x.member, x.rows])).toEqual([['H001', '1', '2'], ['H001', '2', '3'], ['H002', '1', '4'], ['H003', '', '5'], ['H004', '', '6 7']]);
    const [first, second, h2] = rows;
    expect(first!['Minimum living guarantee (dibao): result']).toBe('Needs checking');
    expect(second!['Minimum living guarantee (dibao): result']).toBe('');
    // Undetermined: no number, the amount as words "if eligible".
    expect(second!['Care subsidy for severely disabled people: per month (yuan)']).toBe('');
    expect(second!['Care subsidy for severely disabled people: amount note']).toContain('280');
    expect(h2!.name).toBe('王,五');
    expect(h2!['Support for persons in extreme poverty (tekun): per month (yuan)']).toBe('1520');
    expect(h2!['household total per month (yuan)']).toBe('1520');
    expect(rows[3]!.error).toContain('row 5, column "年龄"');
    const zh = parse(cli([ROSTER, '--output', 'csv']).out, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(zh[0]!)).toContain('户编号');
    expect(zh[2]!['全户每月合计（元）']).toBe('1520');
  });

  it('JSON Lines in, CSV out; a spreadsheet formula in a name is defused', () => {
    const h = { version: 1, region: 'cn-gd-jiangmen', date: '2025-08-01', assetsMeetLocalRules: 'yes', members: [{ name: '=HYPERLINK("x")', relation: 'self', age: 40, income: { wages: 100 }, disability: { certificate: false } }] };
    const r = cli(['-', '--batch', '--output', 'csv', '--lang', 'en'], JSON.stringify(h));
    const rows = parse(r.out, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!.name).toBe(`'=HYPERLINK("x")`);
    expect(rows[0]!['Minimum living guarantee (dibao): per month (yuan)']).toBe('850');
  });
});
