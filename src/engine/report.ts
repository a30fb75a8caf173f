/**
 * The report: the JSON contract the CLI prints and the app renders. Other tools read it, so fields are only ever
 * added, never renamed. Labels are translation keys; their text (both languages) is in the rule pack's `strings`.
 */
import type { Citation, Entered, Localized, Period, Strength, Unit } from './pack';

export type Status = 'eligible' | 'ineligible' | 'undetermined';
export type Exactness = 'exact' | 'approximate' | 'floor' | 'unknown';

export interface Amount {
  value?: number;
  min?: number;
  max?: number;
  period: Period;
  exactness: Exactness;
  /** A floor or range built from 约 figures. */
  approximate?: boolean;
}

/** A value as shown in an explanation. Ranges and floors keep their bounds; unknown is null. */
export type Shown = number | string | boolean | null | { min: number; max: number | null; approximate?: boolean };

export interface Reason {
  id: string;
  label: string;
  outcome: 'met' | 'not-met' | 'unknown';
  /** Values compared (left and right of the comparison), with their unit. */
  values?: { left: Shown; right: Shown; op: string; unit?: Unit | 'enum' | 'bool'; var?: string; leftSetLocally?: boolean; rightSetLocally?: boolean };
  /** For numeric thresholds: left − right (e.g. +50 = ¥50 above a "below ¥950" line). */
  nearMiss?: { difference: number; unit?: Unit | 'enum' | 'bool' };
  /** The condition's citation that applies in the household's region (engine/citations.ts). */
  source?: Citation;
  missing?: string[];
  /** The rules leave this to the office or the school (可以…). */
  discretionary?: boolean;
  /** Figures that are not known for this region. */
  unknownFigures?: string[];
  children?: Reason[];
  member?: number;
}

export interface Figure {
  id: string;
  value: Shown;
  unit: Unit;
  strength: Strength;
  from: string | null;
  region: string | null;
  source: Citation | null;
  /** Set for a figure entered on this device (`local`) or from a signed region file (`published`). */
  entered?: Entered;
  /** The value's note in both languages (a reading, how a year-only figure is dated …), shown with the figure. */
  note?: Localized;
  /** The last day its source states it for (DatedValue.horizon); absent for a standing rule. */
  horizon?: string;
  /** Set when the evaluation date is past `horizon`: the newest known figure, the current one may differ. */
  pastHorizon?: true;
}

/**
 * A result whose amount (or headline figure, or estimate) uses a figure past its horizon on the evaluation date: the
 * figure is still used, shown as "newest known figure (2025) — the current one may differ".
 */
export interface PastHorizon {
  /** The earliest horizon among `figures` (YYYY-MM-DD). */
  horizon: string;
  /** Parameter ids past their horizon that the amount reads. */
  figures: string[];
}

export interface IncomeExplanation {
  countedMembers: number[];
  leftOutMembers: { index: number; reason: string }[];
  counted: { kind: string; amount: number }[];
  notCounted: { kind: string; amount: number; reason: string; source: Citation }[];
}

export interface EstimateLine {
  id: string;
  label: string;
  value: Shown;
  unit: Unit;
  /** The value is unknown because a figure is not in the sources for this region. */
  setLocally?: boolean;
  source?: Citation;
}

export interface MemberResult {
  index: number;
  status: Status;
  amount: Amount | null;
  alreadyReceives?: boolean;
  missing: string[];
  reasons?: Reason[];
  estimate?: EstimateLine[];
  /** A figure that sums the result up when there is no amount (e.g. the medical-aid ratio). */
  headline?: EstimateLine;
  /**
   * Set when the member is eligible for two or more programmes of which only one can be had (a choice between
   * exclusive programmes, `id`): `taken` marks the one the totals count — the higher monthly amount, or, when the
   * amounts do not decide (equal or not known), the option the rules list first. The others are alternatives.
   */
  choice?: { id: string; taken: boolean };
}

export interface ProgrammeResult {
  id: string;
  /** Translation key of the programme name. */
  name: string;
  unit: 'household' | 'person';
  kind: 'cash' | 'in-kind' | 'service' | 'status';
  status: Status;
  amount: Amount | null;
  alreadyReceives: boolean;
  members?: MemberResult[];
  reasons: Reason[];
  /** Household inputs whose answer would decide the verdict (or narrow the amount). */
  missing: string[];
  /** Figures the rules do not know for this region (amount or threshold "set locally"). */
  unknownFigures: string[];
  /** Set when the amount or headline uses a figure past its horizon (eligible or undetermined results only). */
  pastHorizon?: PastHorizon;
  figures?: Figure[];
  income?: IncomeExplanation;
  /** The programme's documents that apply in the household's region (a declared reading carries its note). */
  sources: Citation[];
  /** Translation keys of the notes shown in the household's region. */
  notes: string[];
  documents: string[];
  omits?: string[];
  /**
   * Set (true) for a programme that turns on something private (ProgrammeDef.sensitive: HIV status). Readers show
   * an undetermined result of it quietly, apart, at the end — never as a card or a line per child — and an
   * eligible one as usual (src/shared/sensitive.ts).
   */
  sensitive?: true;
}

export interface Report {
  rulesVersion: string;
  region: string;
  date: string;
  /** Per-region "figures last verified" date from the rule pack. */
  lastVerified: string;
  programs: ProgrammeResult[];
  /**
   * Household-level totals of eligible cash programmes (per month and per year). An option of a choice that is
   * not taken (MemberResult.choice) is not counted.
   */
  totals: { month: Amount; year: Amount };
}
