/**
 * Figures past their horizon on the command line, through a real pipe: the text report says "newest known figure
 * (2025) — the current one may differ" under a programme whose amount uses Jiangmen's 2025 standards on a 2026 date,
 * in both languages; the JSON report and the summary carry `pastHorizon`; a 2025 date has none of it. The rules line
 * says when the rules were checked against the documents.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE, sh } from './cli-helpers';

describe('evaluate CLI: figures past their horizon', () => {
  it('notes them in the text report in Chinese and in English', () => {
    const zh = sh(`cat "${FIXTURE}" | $CLI - --format text --date 2026-06-01 | cat`);
    expect(zh.code).toBe(0);
    const lines = zh.out.split('\n');
    const i = lines.findIndex((l) => l.startsWith('✓ 最低生活保障（低保） — 可以申请 — ¥900/月'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 1]).toBe('    最新已知数字（2025年），现行标准可能不同');
    expect(zh.out).toContain('规则对照来源文件核对于 2026-11-25');
    expect(zh.out).not.toContain('数字核对至');
    const en = sh(`cat "${FIXTURE}" | $CLI - --format text --lang en --date 2026-06-01 | cat`);
    expect(en.out).toContain('Can apply — ¥900/month');
    expect(en.out).toContain('    newest known figure (2025) — the current one may differ');
    expect(en.out).toContain('rules checked against the source documents on 2026-11-25');
    const before = sh(`cat "${FIXTURE}" | $CLI - --format text --date 2025-08-01 | cat`);
    expect(before.out).toContain('¥900/月');
    expect(before.out).not.toContain('最新已知数字');
  });

  it('carries pastHorizon in the JSON report and the summary', () => {
    const full = JSON.parse(sh(`cat "${FIXTURE}" | $CLI - --date 2026-06-01 | cat`).out);
    expect(full.programs.find((p: { id: string }) => p.id === 'dibao').pastHorizon).toEqual({ horizon: '2025-12-31', figures: ['dibao.standard.urban', 'dibao.standard.rural'] });
    const line = JSON.stringify({ ...JSON.parse(sh(`cat "${FIXTURE}"`).out), date: '2026-06-01' });
    const summary = JSON.parse(sh(`printf '%s\\n' '${line}' | $CLI - --batch --explain summary | cat`).out.trim());
    const dibao = summary.programs.find((p: { id: string }) => p.id === 'dibao');
    expect(dibao.pastHorizon.horizon).toBe('2025-12-31');
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(2048);
    const earlier = JSON.parse(sh(`cat "${FIXTURE}" | $CLI - --date 2025-08-01 | cat`).out);
    expect(earlier.programs.some((p: { pastHorizon?: unknown }) => p.pastHorizon)).toBe(false);
  });
});
