/**
 * Runs every YAML case next to the rules (rules/programmes/*.cases.yaml, rules/regions/*.cases.yaml) against the
 * compiled pack. A case names the seed passage or document it checks and lists only what it asserts.
 */
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/build/rules';
import { RULES_DIR, loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import { validateHousehold } from '../../src/engine/validate';
import type { MemberResult, ProgrammeResult, Reason } from '../../src/engine/report';

const cp = compilePack(loadPackFromDisk());
const cases = loadCases(RULES_DIR);

function findReason(reasons: Reason[] | undefined, id: string): Reason | undefined {
  for (const r of reasons ?? []) {
    if (r.id === id) return r;
    const inner = findReason(r.children, id);
    if (inner) return inner;
  }
  return undefined;
}

type Expect = Record<string, unknown>;

function checkResult(where: string, actual: ProgrammeResult | MemberResult, exp: Expect, reasons: Reason[] | undefined): void {
  for (const [key, want] of Object.entries(exp)) {
    switch (key) {
      case 'choice':
        // `choice: none` asserts there is no choice mark; otherwise the mark itself ({ id, taken }).
        if (want === 'none') expect((actual as MemberResult).choice, `${where}.choice`).toBeUndefined();
        else expect((actual as MemberResult).choice, `${where}.choice`).toEqual(want);
        break;
      case 'status':
      case 'alreadyReceives':
        expect((actual as unknown as Record<string, unknown>)[key], `${where}.${key}`).toEqual(want);
        break;
      case 'amount':
        expect(actual.amount, `${where}.amount`).toEqual(want);
        break;
      case 'missing':
        expect([...actual.missing].sort(), `${where}.missing`).toEqual([...(want as string[])].sort());
        break;
      case 'missingIncludes':
        for (const m of want as string[]) expect(actual.missing, `${where}.missing`).toContain(m);
        break;
      case 'unknownFigures':
        expect([...(actual as ProgrammeResult).unknownFigures].sort(), `${where}.unknownFigures`).toEqual([...(want as string[])].sort());
        break;
      case 'conditions':
        for (const [id, outcome] of Object.entries(want as Record<string, string>)) {
          const r = findReason(reasons, id);
          expect(r, `${where}: condition "${id}" in the trace`).toBeDefined();
          expect(r!.outcome, `${where}: condition "${id}"`).toBe(outcome);
        }
        break;
      case 'notShown':
        // Conditions the explanation leaves out (after a gate that is not met).
        for (const id of want as string[]) expect(findReason(reasons, id), `${where}: condition "${id}" should not be shown`).toBeUndefined();
        break;
      case 'nearMiss':
        for (const [id, diff] of Object.entries(want as Record<string, number>)) {
          expect(findReason(reasons, id)?.nearMiss?.difference, `${where}: near miss of "${id}"`).toBe(diff);
        }
        break;
      case 'headline':
        expect((actual as MemberResult).headline?.value, `${where}.headline`).toEqual(want);
        break;
      case 'estimate': {
        const lines = (actual as MemberResult).estimate ?? [];
        for (const [id, v] of Object.entries(want as Record<string, unknown>)) {
          expect(lines.find((l) => l.id === id)?.value, `${where}.estimate.${id}`).toEqual(v);
        }
        break;
      }
      case 'pastHorizon':
        // `pastHorizon: none`: no figure the amount reads is past its horizon; otherwise `{ horizon, figures }`.
        if (want === 'none') expect((actual as ProgrammeResult).pastHorizon, `${where}.pastHorizon`).toBeUndefined();
        else {
          const ph = (actual as ProgrammeResult).pastHorizon;
          expect(ph, `${where}.pastHorizon`).toBeDefined();
          const w = want as { horizon: string; figures?: string[] };
          expect(ph!.horizon, `${where}.pastHorizon.horizon`).toBe(w.horizon);
          if (w.figures) expect([...ph!.figures].sort(), `${where}.pastHorizon.figures`).toEqual([...w.figures].sort());
        }
        break;
      case 'members':
        break;
      default:
        throw new Error(`${where}: unknown expectation "${key}"`);
    }
  }
}

describe.each([...new Set(cases.map((c) => c.file))])('%s', (file) => {
  it.each(cases.filter((c) => c.file === file).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = validateHousehold(c.household, Object.keys(cp.pack.regions));
    if (!v.ok) throw new Error(`the case's household is invalid: ${v.errors.map((e) => e.en).join('; ')}`);
    const report = evaluate(v.household, cp, { date: c.date });
    for (const [id, exp] of Object.entries(c.expect)) {
      // `totals: { month: <Amount> }`: the household totals (what a choice not taken leaves out).
      if (id === 'totals') {
        for (const [period, want] of Object.entries(exp as Record<string, unknown>)) {
          expect(report.totals[period as 'month' | 'year'], `totals.${period}`).toEqual(want);
        }
        continue;
      }
      const p = report.programs.find((x) => x.id === id);
      if (exp === 'absent') {
        expect(p, `${id} should not be evaluated in ${v.household.region}`).toBeUndefined();
        continue;
      }
      expect(p, `programme ${id} in the report`).toBeDefined();
      const e = exp as Expect;
      checkResult(id, p!, e, p!.reasons);
      for (const [idx, me] of Object.entries((e.members as Record<string, Expect> | undefined) ?? {})) {
        const m = p!.members?.find((x) => x.index === Number(idx));
        expect(m, `${id}: member ${idx}`).toBeDefined();
        checkResult(`${id}.members[${idx}]`, m!, me, m!.reasons);
      }
    }
  });
});

it('has cases for every programme', () => {
  const covered = new Set(cases.flatMap((c) => Object.keys(c.expect).filter((k) => k !== 'totals')));
  for (const p of cp.pack.programmes) expect(covered, `cases for ${p.id}`).toContain(p.id);
});
