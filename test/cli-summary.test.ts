/**
 * The summary report (src/engine/summary.ts) and the --summary tally (src/cli/tally.ts): the fast JSON writer says
 * exactly what the plain object version says, fields the engine adds pass through, the size stays within 2 KB a
 * household, and money is summed by how well it is known (never an approximate or partial figure as exact).
 */
import { describe, expect, it } from 'vitest';
import { generateHouseholds } from '../src/build/bench-households';
import { loadPackFromDisk } from '../src/build/pack-file';
import { compilePack } from '../src/engine/compile';
import { evaluate } from '../src/engine/evaluate';
import type { Amount, Report } from '../src/engine/report';
import { AMOUNT_KEYS, summarizeReport, summaryJson } from '../src/engine/summary';
import { addAmount, emptyMoney, emptyTally, mergeTally, moneyText, tallyJson, tallyReport } from '../src/cli/tally';
import type { T } from '../src/shared/format';

const cp = compilePack(loadPackFromDisk());
const households = generateHouseholds(500, 5);
const reports = households.map((h) => evaluate(h, cp, { date: '2025-08-01', explain: false }));

describe('summary report', () => {
  it('summaryJson writes what summarizeReport builds, at both levels, with a prefix', () => {
    for (const r of reports) {
      expect(JSON.parse(summaryJson(r))).toEqual(summarizeReport(r));
      expect(JSON.parse(summaryJson(r, 'none'))).toEqual(summarizeReport(r, 'none'));
    }
    expect(JSON.parse(summaryJson(reports[0]!, 'summary', '"line":7,')).line).toBe(7);
  });

  it('writes the same text as JSON.stringify of the plain object form, byte for byte, on the fast path and off it', () => {
    for (const r of reports) {
      expect(summaryJson(r)).toBe(JSON.stringify(summarizeReport(r)));
      expect(summaryJson(r, 'none')).toBe(JSON.stringify(summarizeReport(r, 'none')));
    }
    // Fields the field-by-field writer does not know (an added one, in any place) send an entry down the generic path.
    const r = structuredClone(reports.find((x) => x.programs.some((p) => p.status !== 'ineligible' && p.members?.length))!);
    r.programs.forEach((p, i) => {
      const o = p as unknown as Record<string, unknown>;
      if (i % 3 === 0) o.discretionary = true;
      if (i % 3 === 1) o.extra = { a: [1, 'x'], b: null };
      for (const m of p.members ?? []) (m as unknown as Record<string, unknown>).choice = 'dibao';
    });
    expect(summaryJson(r)).toBe(JSON.stringify(summarizeReport(r)));
    expect(summaryJson(r)).toContain('"choice":"dibao"');
  });

  it('finds every amount the engine builds with exactly the keys its amount writer knows (AMOUNT_KEYS)', () => {
    const seen = new Set<string>();
    const check = (a: Amount | null | undefined): void => {
      if (!a) return;
      expect(Object.keys(a)).toEqual([...AMOUNT_KEYS]);
      seen.add(a.exactness);
    };
    const full = households.slice(0, 100).map((h) => evaluate(h, cp, { date: '2025-08-01', explain: true }));
    for (const r of [...reports, ...full]) {
      check(r.totals.month);
      check(r.totals.year);
      for (const p of r.programs) {
        check(p.amount);
        for (const m of p.members ?? []) check(m.amount);
      }
    }
    // The sample reaches every kind of amount, so each constructor was checked.
    expect([...seen].sort()).toEqual(['approximate', 'exact', 'floor', 'unknown']);
  });

  it('is the same from a full report as from one without explanations', () => {
    households.slice(0, 50).forEach((h, i) => {
      expect(summarizeReport(evaluate(h, cp, { date: '2025-08-01', explain: true }))).toEqual(summarizeReport(reports[i]!));
    });
  });

  it('passes fields the engine adds through (programme, member and report level), never the explanation', () => {
    const r = structuredClone(reports.find((x) => x.programs.some((p) => p.status === 'eligible' && p.members?.length))!) as Report & Record<string, unknown>;
    const p = r.programs.find((x) => x.status === 'eligible' && x.members?.length)! as unknown as Record<string, unknown>;
    p.kind = 'in-kind';
    p.pastHorizon = true;
    p.reasons = [{ id: 'x', label: 'x', outcome: 'met' }];
    (p.members as Record<string, unknown>[])[0]!.choice = 'dibao';
    r.localFigures = ['dibao.standard.urban'];
    const s = JSON.parse(summaryJson(r));
    const e = s.programs.find((x: { id: string }) => x.id === p.id);
    expect(e).toMatchObject({ kind: 'in-kind', pastHorizon: true });
    expect(e.reasons).toBeUndefined();
    expect(e.members[0].choice).toBe('dibao');
    expect(s.localFigures).toEqual(['dibao.standard.urban']);
  });

  it('stays under 2 KB a household on average (the budget), 1 KB at --explain none', () => {
    const size = (level: 'summary' | 'none') => reports.reduce((n, r) => n + Buffer.byteLength(summaryJson(r, level)), 0) / reports.length;
    expect(size('summary')).toBeLessThan(2048);
    // At `none` the size grows with the catalogue (every ineligible programme's id is listed): 46 programmes ≈ 1.22 KB.
    expect(size('none')).toBeLessThan(1300);
  });
});

const t: T = (key, o) => `${key}${o ? JSON.stringify(o) : ''}`;
const amount = (a: Partial<Amount>): Amount => ({ period: 'month', exactness: 'exact', ...a });

describe('--summary tally', () => {
  it('sums exact, 约, ranges and floors apart, and counts amounts set locally without adding them', () => {
    const m = emptyMoney();
    addAmount(m, amount({ value: 900 }));
    addAmount(m, amount({ value: 100 }));
    addAmount(m, amount({ value: 300, exactness: 'approximate' }));
    addAmount(m, amount({ min: 100, max: 200, exactness: 'approximate' }));
    addAmount(m, amount({ min: 50, max: 150 }));
    addAmount(m, amount({ min: 500, exactness: 'floor' }));
    addAmount(m, amount({ exactness: 'unknown' }));
    expect(m).toEqual({ exact: 1000, exactCount: 2, approximate: { min: 400, max: 500, count: 2 }, ranges: { min: 50, max: 150, count: 1 }, floors: { min: 500, count: 1 }, unknown: 1 });
    const text = moneyText(m, t, 'en');
    expect(text).toContain('amount.approx');
    expect(text).toContain('amount.floor');
    expect(text).toContain('cli.summary.unknownNotAdded{"count":1}');
    expect(moneyText({ ...emptyMoney(), unknown: 3 }, t, 'en')).toBe('cli.summary.unknownOnly{"count":3}');
  });

  it('counts statuses per programme, sums cash only, one-off apart, yearly as 1/12; merging equals one pass', () => {
    const whole = emptyTally();
    const a = emptyTally();
    const b = emptyTally();
    reports.forEach((r, i) => {
      tallyReport(whole, r);
      tallyReport(i % 2 ? a : b, r);
    });
    mergeTally(a, b);
    // (Compared to the fen: adding in another order moves the last bits of a float.)
    expect(JSON.parse(tallyJson(a, cp.pack.order))).toEqual(JSON.parse(tallyJson(whole, cp.pack.order)));
    expect(whole.households).toBe(500);
    for (const p of Object.values(whole.programs)) {
      expect(p.eligible + p.undetermined + p.ineligible).toBe(reports.filter((r) => r.programs.some((x) => x.id === p.id)).length);
      if (p.kind !== 'cash') expect(p.month ?? p.once).toBeUndefined();
    }
    const grant = whole.programs['edu-senior-grant'];
    if (grant?.month) expect(grant.month.ranges.min).toBeCloseTo((1000 / 12) * grant.month.ranges.count, 6);
    const temp = whole.programs['temporary-aid'];
    if (temp?.eligible) expect(temp.month).toBeUndefined();
  });
});
