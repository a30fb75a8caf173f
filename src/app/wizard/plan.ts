/**
 * Every question the wizard asks this household, grouped as the check-your-answers page shows them: the region,
 * then each person (who they are, their details, their income, their hospital bill), then the household's situation.
 * The steps ask exactly these (they share the visibility rules in household-edit.ts), so the check page lists what
 * was asked, and an unreadable answer to a question no longer asked cannot block the results.
 */
import type { CompiledPack } from '../../engine/compile';
import type { Household } from '../../engine/household';
import { asksFamilyPlanning, personFields } from '../household-edit';
import { hospitalised, type StepId, type WizardMemory } from './flow';

export interface PlanRow {
  /** Household path of the answer ("members[1].age"); `hospital` and `familyPlanning` are wizard answers. */
  path: string;
  step: StepId;
}

export interface PlanSection {
  /** Household-level section key, or the member index. */
  kind: 'region' | 'member' | 'household' | 'hospital';
  member?: number;
  rows: PlanRow[];
}

/** The programme ids evaluated for `region` (its chain up to 全国): which regional questions the wizard asks. */
export function regionProgrammes(cp: CompiledPack | null, region: string): ReadonlySet<string> {
  const chain = cp && region ? cp.chains.get(region) : undefined;
  if (!cp || !chain) return new Set();
  return new Set(cp.pack.programmes.filter((p) => p.regions.some((r) => chain.includes(r))).map((p) => p.id));
}

export function questionPlan(h: Household, mem: WizardMemory, programmes?: ReadonlySet<string>): PlanSection[] {
  const sections: PlanSection[] = [
    { kind: 'region', rows: ['region', 'hukou', 'date'].map((path) => ({ path, step: 'region' })) },
  ];
  const bills = new Set(mem.hospital === false ? [] : hospitalised(h));
  h.members.forEach((_, i) => {
    const p = (f: string) => `members[${i}].${f}`;
    const { main, more } = personFields(h, i, programmes);
    const rows: PlanRow[] = [
      ...(i > 0 ? ['relation'] : []).concat(['name', 'age', 'sex']).map((f) => ({ path: p(f), step: 'members' })),
      ...[...main, ...more].map((f) => ({ path: p(f), step: `person-${i}` })),
      { path: p('income'), step: `income-${i}` },
    ];
    if (bills.has(i)) rows.push(...['insurance', 'hospitalBill.inPolicyCost', 'hospitalBill.selfPaid'].map((f) => ({ path: p(f), step: `bill-${i}` })));
    sections.push({ kind: 'member', member: i, rows });
  });
  const household: PlanRow[] = ['assetsMeetLocalRules', 'statuses', 'suddenHardship'].map((path) => ({ path, step: 'household' }));
  const adults = h.members.map((m, i) => [m, i] as const).filter(([m]) => asksFamilyPlanning(h, m));
  if (adults.length) {
    household.push({ path: 'familyPlanning', step: 'household' });
    if (mem.familyPlanning) for (const [, i] of adults) household.push(...['onlyChild', 'fpSurgeryComplication'].map((f) => ({ path: `members[${i}].${f}`, step: 'household' })));
  }
  sections.push({ kind: 'household', rows: household });
  sections.push({ kind: 'hospital', rows: [{ path: 'hospital', step: 'hospital' }] });
  return sections;
}

/** Is an unreadable answer at `path` one the wizard still asks? (Income kinds sit under the member's income row.) */
export function isAsked(path: string, plan: PlanSection[]): boolean {
  return plan.some((s) => s.rows.some((r) => r.path === path || path.startsWith(`${r.path}.`)));
}

/** The unreadable answers that still matter, in the order the wizard asks them. */
export function openProblems(invalid: Record<string, string>, plan: PlanSection[]): string[] {
  const order = plan.flatMap((s) => s.rows.map((r) => r.path));
  const rank = (p: string) => {
    const i = order.findIndex((r) => p === r || p.startsWith(`${r}.`));
    return i < 0 ? order.length : i;
  };
  return Object.keys(invalid)
    .filter((p) => isAsked(p, plan))
    .sort((a, b) => rank(a) - rank(b));
}
