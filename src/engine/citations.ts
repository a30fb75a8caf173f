/**
 * Which citations a household's region is shown. Every document in the rule pack speaks for a region (a city plan
 * for its city, a county report for its county, a national regulation for 全国): a result cites a document only
 * where it applies — in that region or below it. A Jiangmen household is never shown the Shangrao plan.
 *
 * Worked out once per region (the evaluator keeps one per region plan), never per evaluation.
 */
import type { Citation, CondNode, RulePack } from './pack';

/** Whether the citation's document speaks for the region (whose chain, itself up to `cn`, is given). */
export function documentApplies(pack: Pick<RulePack, 'sources'>, c: Citation, chain: readonly string[]): boolean {
  const doc = pack.sources[c.doc];
  // A citation of no document in the pack (a figure from an office's signed region file names the office) is that
  // region's own, and only ever reaches the region it was published for.
  if (!doc) return true;
  return chain.includes(doc.region ?? 'cn');
}

/**
 * Whether a citation is shown in the region: its document speaks for it, or the citation is a declared reading (a
 * rule applied beyond the one document that states it, which says so in the reading's note, in both languages).
 */
export function citationApplies(pack: Pick<RulePack, 'sources'>, c: Citation, chain: readonly string[]): boolean {
  return c.reading !== undefined || documentApplies(pack, c, chain);
}

/** The first of a condition's citations whose document applies in the region, else its first reading, or undefined. */
export function conditionCitation(pack: Pick<RulePack, 'sources'>, node: CondNode, chain: readonly string[]): Citation | undefined {
  const all = node.source ? [node.source, ...(node.also ?? [])] : (node.also ?? []);
  return all.find((c) => documentApplies(pack, c, chain)) ?? all.find((c) => c.reading !== undefined);
}

/** The citations of one region: programme lists filtered once, conditions looked up (and kept) when explained. */
export class RegionCitations {
  /** By programme index in the pack (CompiledProgramme.index). */
  readonly programmes: Citation[][];
  /** The programme's notes shown here (a note about another region's reading is left out), by programme index. */
  readonly notes: string[][];
  private readonly conds = new Map<CondNode, Citation | null>();

  constructor(
    private readonly pack: Pick<RulePack, 'sources' | 'programmes'>,
    readonly chain: readonly string[],
  ) {
    this.programmes = pack.programmes.map((p) => this.list(p.sources));
    this.notes = pack.programmes.map((p) => {
      const only = p.notesIn;
      return only ? p.notes.filter((n) => !only[n] || only[n]!.some((r) => chain.includes(r))) : p.notes;
    });
  }

  /**
   * The citations shown here (the list itself when nothing is left out): those whose document applies, and the
   * readings of documents that do not (in the document's own region its plain citation is shown instead).
   */
  list(cs: Citation[]): Citation[] {
    const keep = (c: Citation) => (documentApplies(this.pack, c, this.chain) ? c.reading === undefined : c.reading !== undefined);
    return cs.every(keep) ? cs : cs.filter(keep);
  }

  /** The citation shown for a condition here. */
  cond(node: CondNode): Citation | undefined {
    let c = this.conds.get(node);
    if (c === undefined) {
      c = conditionCitation(this.pack, node, this.chain) ?? null;
      this.conds.set(node, c);
    }
    return c ?? undefined;
  }

  /** A single citation (an estimate step, an income rule): itself when it applies here, else none. */
  one(c: Citation | undefined): Citation | undefined {
    return c && citationApplies(this.pack, c, this.chain) ? c : undefined;
  }
}
