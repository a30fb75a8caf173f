/**
 * The command line as other tools use it: exit codes (0 / 2 invalid input / 1 internal), the JSON report contract,
 * the text summary in both languages, --batch with a bad line, standard input, --explain levels.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURE, jsonl, ROOT, sh } from './cli-helpers';

describe('evaluate CLI', () => {
  it('prints the JSON report contract', () => {
    const r = cli([FIXTURE]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['rulesVersion', 'region', 'date', 'programs']));
    expect(report.region).toBe('cn-gd-jiangmen');
    expect(report.date).toBe('2025-08-01');
    const dibao = report.programs.find((p: { id: string }) => p.id === 'dibao');
    expect(dibao).toMatchObject({ id: 'dibao', status: 'eligible', amount: { value: 900, period: 'month', exactness: 'exact' }, missing: [] });
    expect(Array.isArray(dibao.reasons)).toBe(true);
    for (const p of report.programs) {
      expect(['eligible', 'ineligible', 'undetermined']).toContain(p.status);
      expect(p.amount === null || ['exact', 'approximate', 'floor', 'unknown'].includes(p.amount.exactness)).toBe(true);
    }
    const care = report.programs.find((p: { id: string }) => p.id === 'disability-care');
    expect(care.members.find((m: { index: number }) => m.index === 1)).toMatchObject({ status: 'eligible', amount: { value: 280 } });
  });

  it('--date overrides the household date and picks the standards in force', () => {
    const r = cli([FIXTURE, '--date', '2024-08-01']);
    expect(r.code).toBe(0);
    const dibao = JSON.parse(r.out).programs.find((p: { id: string }) => p.id === 'dibao');
    expect(dibao.status).toBe('undetermined');
    expect(dibao.unknownFigures).toContain('dibao.standard.urban');
  });

  it('prints a readable summary in Chinese and in English', () => {
    const zh = cli([FIXTURE, '--format', 'text']);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('最低生活保障（低保） — 可以申请 — ¥900/月');
    expect(zh.out).toContain('全市低保标准为每人每月950元'.slice(0, 0) || '依据');
    const en = cli([FIXTURE, '--format', 'text', '--lang', 'en']);
    expect(en.out).toContain('Minimum living guarantee (dibao) — Can apply — ¥900/month');
    expect(en.out).toContain('¥450 below the line');
  });

  it('names a region of the national catalogue in the text report (not its key), through a pipe, in both languages', () => {
    const h = JSON.stringify({ version: 1, region: 'cn-530627', date: '2025-08-01', members: [{ relation: 'self', age: 70 }] });
    for (const lang of ['zh-CN', 'en']) {
      const r = sh(`printf '%s\\n' '${h}' | $CLI - --format text --lang ${lang} | cat`);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[1]).toContain('镇雄县（昭通市）');
      expect(r.out).not.toContain('region.cn-');
    }
    // In a text batch too.
    const b = sh(`printf '%s\\n' '${h}' '${h}' | $CLI - --batch --format text | cat`);
    expect(b.out.match(/镇雄县（昭通市）/g)).toHaveLength(2);
  });

  it('reads standard input with -', () => {
    const r = cli(['-'], JSON.stringify({ version: 1, region: 'cn-jx-ganzhou-longnan', hukou: 'rural', date: '2019-05-01', assetsMeetLocalRules: 'yes', members: [{ relation: 'self', age: 50, income: { wages: 300 }, disability: { certificate: false } }] }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).programs.find((p: { id: string }) => p.id === 'dibao').amount).toEqual({ value: 85, period: 'month', exactness: 'exact' });
  });

  it('exits 2 with the field path in both languages for invalid input, without a stack trace', () => {
    const r = cli(['-'], JSON.stringify({ version: 1, region: 'cn-gd-jiangmen', members: [{ relation: 'self', age: 'old' }] }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('第1位家庭成员的年龄');
    expect(r.err).toContain('member 1: age');
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.out).toBe('');
  });

  it('exits 2 for broken JSON, unknown options, bad dates and missing files', () => {
    expect(cli(['-'], '{ not json').code).toBe(2);
    expect(cli([FIXTURE, '--colour']).code).toBe(2);
    expect(cli([FIXTURE, '--date', '2025-02-30']).code).toBe(2);
    const missing = cli(['/nonexistent/household.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
  });

  it('--batch: one report per line, a bad line gets an error object and the batch goes on', () => {
    const good = JSON.stringify({ version: 1, region: 'cn-gd-jiangmen', date: '2025-08-01', assetsMeetLocalRules: 'yes', members: [{ relation: 'self', age: 40, income: { wages: 100 }, disability: { certificate: false } }] });
    const input = [good, '{"version": 1, "region": "cn-gd-jiangmen", "members": []}', '', 'not json', good].join('\n');
    const r = cli(['-', '--batch', '--explain', 'full'], input);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].line).toBe(1);
    expect(lines[0].programs.find((p: { id: string }) => p.id === 'dibao').amount.value).toBe(850);
    expect(lines[1]).toMatchObject({ line: 2, error: { code: 'invalid-input' } });
    expect(lines[1].error.messages[0].en).toContain('members');
    expect(lines[2]).toMatchObject({ line: 4, error: { code: 'invalid-input' } });
    expect(lines[3].programs).toBeDefined();
    expect(lines[3].line).toBe(5);
  });

  it('--explain: summary is the batch default and carries the verdicts of the full report', () => {
    const input = jsonl(40);
    const full = cli(['-', '--batch', '--explain', 'full'], input).out.trim().split('\n').map((l) => JSON.parse(l));
    const summary = cli(['-', '--batch'], input).out.trim().split('\n').map((l) => JSON.parse(l));
    const none = cli(['-', '--batch', '--explain', 'none'], input).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(summary).toHaveLength(40);
    summary.forEach((s, i) => {
      const f = full[i];
      expect(s).toMatchObject({ line: i + 1, explain: 'summary', region: f.region, date: f.date, rulesVersion: f.rulesVersion, totals: f.totals });
      expect(none[i]).toMatchObject({ explain: 'none', totals: f.totals });
      const listed = new Map(s.programs.map((p: { id: string }) => [p.id, p]));
      for (const p of f.programs) {
        const e = listed.get(p.id) as Record<string, unknown> | undefined;
        if (!e) {
          expect(s.ineligible).toContain(p.id);
          expect(p.status).toBe('ineligible');
          continue;
        }
        expect(e).toMatchObject({ status: p.status, kind: p.kind, unit: p.unit });
        expect(e.amount ?? null).toEqual(p.amount);
        expect(e.missing ?? []).toEqual(p.missing);
        expect(e.unknownFigures ?? []).toEqual(p.unknownFigures);
        expect(e.reasons).toBeUndefined();
        const n = none[i].programs.find((x: { id: string }) => x.id === p.id);
        expect(n).toMatchObject({ status: p.status });
        expect(n.members).toBeUndefined();
        expect(n.missing).toBeUndefined();
      }
    });
    // Much smaller than the full report.
    expect(JSON.stringify(summary).length * 10).toBeLessThan(JSON.stringify(full).length);
  });

  it('--explain summary for one household, and --help', () => {
    const r = cli([FIXTURE, '--explain', 'summary']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.explain).toBe('summary');
    expect(s.programs.find((p: { id: string }) => p.id === 'dibao')).toEqual({ id: 'dibao', unit: 'household', kind: 'cash', status: 'eligible', amount: { value: 900, period: 'month', exactness: 'exact' } });
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--explain full|summary|none');
  });

  it('exits 2 for bad option values, in both languages', () => {
    for (const args of [['--explain', 'some'], ['--jobs', '0'], ['--jobs', 'two'], ['--input', 'xls'], ['--summary=yaml']]) {
      const r = cli([FIXTURE, '--batch', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/[\u4e00-\u9fff]/);
      expect(r.err).toMatch(/must be|unknown/);
    }
    expect(cli([FIXTURE, '--summary']).code).toBe(2);
  });

  it('exits 1 on an internal error (here: a broken rule pack) with a message, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huimin-broken-'));
    cpSync(join(ROOT, 'rules'), dir, { recursive: true });
    writeFileSync(join(dir, 'parameters.yaml'), 'dibao.standard.urban: [not, a, declaration]\n');
    const r = cli([FIXTURE], undefined, { HUIMIN_RULES_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('parameters.yaml');
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
