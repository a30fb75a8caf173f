/**
 * The compiled rule pack: what `npm run build` produces from `rules/*.yaml` and what both the app and the CLI load.
 * It is plain JSON (no functions) so it can be fetched, cached by the service worker and checked before use.
 */

export const PACK_FORMAT = 'huimin-rule-pack';
export const PACK_FORMAT_VERSION = 1;

/** `local`: entered on this device (本地录入); `published`: from a signed region file an office published. */
export type Strength = 'seed' | 'national' | 'planned' | 'unknown' | 'local' | 'published';

export interface Localized {
  zh: string;
  en: string;
}

export interface SourceDoc {
  id: string;
  kind: 'seed' | 'national';
  title: Localized;
  /** Seed file name in shared/seeds, for kind `seed`. */
  file?: string;
  /**
   * The region the document speaks for (a seed: its city or county; a national document: `cn`). A result shows a
   * citation only where it applies: in this region and below it (engine/citations.ts). Absent in older packs: `cn`.
   */
  region?: string;
}

/** A citation: which document, where in it, and a short quote (≤ 40 characters for seeds). */
export interface Citation {
  doc: string;
  where?: string;
  quote?: string;
  /**
   * Set on a citation of a document of another region that a rule cites where it applies beyond that region because
   * no document of the region (or national one) states it: says so, in both languages, wherever it is shown.
   */
  reading?: Localized;
}

export type ParamValue =
  | number
  | boolean
  | string
  | { min: number; max: number; typical?: number }
  | { atLeast: number }
  | null;

export interface DatedValue {
  from: string;
  value: ParamValue;
  strength: Strength;
  source: Citation;
  note?: Localized;
  /**
   * The last day the source states the figure for (YYYY-MM-DD): the end of the year a standard is given for, of
   * the year a plan target is set for, or of the year an actual was reported. Past it the figure is still used, as
   * the newest known one, and the report says so (ProgrammeResult.pastHorizon). Absent: a rule that stands until a
   * later value replaces it (national law, an age limit). Never on a figure entered on the device.
   */
  horizon?: string;
  /** Figures of strength `local` or `published` only (never in a rule pack): who entered it, when, from what. */
  entered?: Entered;
}

/** A figure that is not in the shipped rules: entered on this device, or imported from an office's signed file. */
export interface Entered {
  /** When it was entered or imported (YYYY-MM-DD). */
  at: string;
  /** Where it came from, as the user wrote it ("XX县民政局 2025年7月 公告"), or the region file's citation. */
  source: string;
  /** For `published`: the office that signed the region file, and the date it issued it. */
  publisher?: { name: string; issued: string; keyId: string };
}

export interface ParameterDef {
  id: string;
  label: Localized;
  unit: Unit;
  /** Dated values per region id. A region without an entry inherits from its parent. */
  values: Record<string, DatedValue[]>;
}

export type Unit =
  | 'yuan-month'
  | 'yuan-year'
  | 'yuan'
  | 'ratio'
  | 'years'
  | 'count'
  | 'multiplier'
  | 'flag'
  | 'grade'
  | 'text';

export interface RegionDef {
  id: string;
  name: Localized;
  parent: string | null;
  /** GB/T 2260 code of the division (absent for 全国): links the rule file to the national catalogue. */
  code?: string;
  lastVerified: string;
  note?: Localized;
}

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'list'; items: Expr[] }
  | { k: 'var'; name: string }
  | { k: 'param'; name: string }
  | { k: 'let'; name: string }
  | { k: 'bin'; op: BinOp; l: Expr; r: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'call'; fn: string; args: Expr[] };

export type BinOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or' | 'in';

/**
 * A condition. `source` is its citation (its own, else its group's); `also` lists further citations for it, in order
 * (its own others, then its groups'): a region shows the first that applies there (engine/citations.ts).
 */
export type CondNode =
  | { kind: 'all' | 'any'; id: string; label?: string; children: CondNode[]; source?: Citation; also?: Citation[] }
  | { kind: 'not'; id: string; label: string; child: CondNode; source?: Citation; also?: Citation[] }
  | {
      kind: 'test';
      id: string;
      label: string;
      expr: Expr;
      source?: Citation;
      also?: Citation[];
      unit?: Unit;
      /**
       * Says who the programme is for (family planning: adults). When it is not met, the conditions after it in its
       * group are not explained — they say nothing about that person ("wife aged 49" for a 12-year-old).
       */
      gate?: true;
    }
  | { kind: 'discretionary'; id: string; label: string; source?: Citation; also?: Citation[] };

export type Period = 'month' | 'year' | 'once';

export interface IncomeRule {
  kind: string;
  reason: string;
  source: Citation;
}

/** One line of a worked estimate (e.g. the hospital bill): a programme-local name shown with its label. */
export interface EstimateStep {
  name: string;
  label: string;
  unit: Unit;
  source?: Citation;
}

export interface ProgrammeDef {
  id: string;
  name: string;
  unit: 'household' | 'person';
  kind: 'cash' | 'in-kind' | 'service' | 'status';
  /** Region ids (with their descendants) where the programme is evaluated. */
  regions: string[];
  sources: Citation[];
  notes: string[];
  /** Notes about some regions only (note key → region ids): shown there and below, nowhere else. */
  notesIn?: Record<string, string[]>;
  /** Household or person status that means "already receives this". */
  receivedAs?: string;
  /** Programme-local named expressions, in dependency order. */
  lets: { name: string; expr: Expr }[];
  /** Household composition for this programme: who is left out of the counted members. */
  members?: { exclude: CondNode[] };
  /** Income kinds that are not counted for this programme, each with why. */
  income?: { notCounted: IncomeRule[] };
  eligibility: CondNode;
  /** The amount; `when` (if given) says when there is a money figure at all (e.g. only with a hospital bill). */
  amount: { expr: Expr; period: Period; when?: Expr; source?: Citation } | null;
  estimate?: { when: Expr; steps: EstimateStep[]; omits: string[] };
  /** A programme-local name shown as the result's headline figure (e.g. the aid ratio). */
  headline?: EstimateStep;
  /** Documents to bring when applying (translation keys). */
  documents: string[];
  /** Programmes this one reads (for ordering). */
  dependsOn: string[];
  /**
   * A choice between exclusive programmes: a person eligible for two programmes with the same choice id takes one
   * of them (特困 or 事实无人抚养儿童). `order` decides when the amounts do not (equal, or one not known): lower first.
   */
  choice?: { id: string; order: number; source: Citation };
  /**
   * The programme turns on something private (HIV status): a result that is only undetermined is not put in front
   * of every household that could be asked — the app, the print and the text report list it quietly, apart, at the
   * end ("其他情况 / Less common situations"). An eligible result shows as any other.
   */
  sensitive?: true;
}

export interface RulePack {
  format: typeof PACK_FORMAT;
  formatVersion: typeof PACK_FORMAT_VERSION;
  version: string;
  regions: Record<string, RegionDef>;
  sources: Record<string, SourceDoc>;
  parameters: Record<string, ParameterDef>;
  /** In evaluation order: a programme comes after every programme it reads. */
  programmes: ProgrammeDef[];
  /** Display order of programme ids (the catalogue's). */
  order: string[];
  /** Every label, note and reason text in both languages, keyed by translation key. */
  strings: { 'zh-CN': Record<string, string>; en: Record<string, string> };
}
