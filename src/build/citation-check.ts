/**
 * Build-time check that every region is shown citations that apply to it (engine/citations.ts decides what a result
 * shows). Each document speaks for a region (`region` in sources.yaml: a seed its city or county, a national
 * document 全国); then, for every rule-file region:
 * - every programme evaluated there keeps at least one applicable source, and so does every condition it shows
 *   (its own citations or its groups'), and every income rule;
 * - a figure placed in a region file that cites a document of another region (the 上饶 plan read as Jiangxi's rule)
 *   is a reading: its note must say so (zh 解读…, en "A reading…"), and it is shown with the figure.
 */
import type { Citation, CondNode, ParameterDef, ProgrammeDef, RegionDef, SourceDoc } from '../engine/pack';
import { citationApplies, conditionCitation } from '../engine/citations';

export type Report = (file: string, path: string, problem: string) => void;

/** A value's note that says the value is a reading of another region's document, in both languages. */
export const isReadingNote = (n: { zh: string; en: string } | undefined): boolean => !!n && n.zh.startsWith('解读') && n.en.startsWith('A reading');

function chainOf(regions: Record<string, RegionDef>, id: string): string[] {
  const out: string[] = [];
  for (let cur: string | null = id; cur && !out.includes(cur); cur = regions[cur]?.parent ?? null) out.push(cur);
  return out;
}

/** Sets each document's region (national documents: `cn`) and reports documents without a valid one. */
export function checkSourceRegions(sources: Record<string, SourceDoc>, regions: Record<string, RegionDef>, report: Report): void {
  for (const [id, doc] of Object.entries(sources)) {
    if (doc.kind === 'national') {
      if (doc.region !== undefined && doc.region !== 'cn') report('rules/sources.yaml', `${id}.region`, 'a national document applies everywhere: region is cn (or leave it out)');
      doc.region = 'cn';
      continue;
    }
    if (!doc.region) report('rules/sources.yaml', id, 'a seed needs "region": the region it speaks for (e.g. cn-jx-shangrao for the Shangrao plan)');
    else if (!regions[doc.region]) report('rules/sources.yaml', `${id}.region`, `unknown region "${doc.region}" (a region id from rules/regions)`);
  }
}

const docsOf = (sources: Record<string, SourceDoc>, cs: Citation[]): string =>
  [...new Set(cs.map((c) => `${c.doc}${sources[c.doc]?.region ? ` (${sources[c.doc]!.region})` : ''}`))].join(', ');

function citationsOf(node: CondNode): Citation[] {
  return [...(node.source ? [node.source] : []), ...(node.also ?? [])];
}

/** Every shown condition (one with a label) of a tree, with its path of ids. */
function shownConditions(node: CondNode, path: string, out: { node: CondNode; path: string }[]): void {
  const here = node.id.startsWith('group-') ? path : `${path}${path ? ' › ' : ''}${node.id}`;
  if (node.label) out.push({ node, path: here });
  if (node.kind === 'all' || node.kind === 'any') for (const c of node.children) shownConditions(c, here, out);
  // A negation's inner condition is not shown (its label already says what it checks).
}

export function checkCitationRegions(
  pack: { sources: Record<string, SourceDoc>; regions: Record<string, RegionDef>; parameters: Record<string, ParameterDef>; programmes: ProgrammeDef[] },
  report: Report,
): void {
  const { sources, regions } = pack;
  const chains = new Map(Object.keys(regions).map((id) => [id, chainOf(regions, id)]));

  // Figures: a value cites its own region's documents (or an ancestor's), or says it is a reading.
  for (const def of Object.values(pack.parameters)) {
    for (const [region, list] of Object.entries(def.values)) {
      const chain = chains.get(region) ?? [region];
      list.forEach((dv, i) => {
        if (citationApplies(pack, dv.source, chain) || isReadingNote(dv.note)) return;
        const doc = sources[dv.source.doc];
        report(
          `rules/regions/${region}.yaml`,
          `parameters.${def.id}[${i}].source`,
          `cites ${dv.source.doc}, which speaks for ${doc?.region ?? '?'}, not for ${region}: move the value to that region, cite a document of ${region} or above, or say in its note that it is a reading (zh starting 解读, en starting "A reading")`,
        );
      });
    }
  }

  // Programmes: what each region where one is evaluated would be shown.
  for (const p of pack.programmes) {
    const file = `rules/programmes/${p.id}.yaml`;
    const conds: { node: CondNode; path: string }[] = [];
    shownConditions(p.eligibility, '', conds);
    const missing = new Map<string, string[]>();
    const note = (key: string, region: string) => missing.set(key, [...(missing.get(key) ?? []), region]);
    for (const [region, chain] of chains) {
      if (!p.regions.some((r) => chain.includes(r))) continue;
      if (!p.sources.some((c) => citationApplies(pack, c, chain))) note('sources', region);
      for (const { node, path } of conds) if (!conditionCitation(pack, node, chain)) note(`condition ${path}`, region);
      (p.income?.notCounted ?? []).forEach((r, i) => {
        if (!citationApplies(pack, r.source, chain)) note(`income.notCounted[${i}].source`, region);
      });
    }
    for (const [key, where] of missing) {
      const cs = key === 'sources' ? p.sources : key.startsWith('condition ') ? citationsOf(conds.find((c) => `condition ${c.path}` === key)!.node) : [];
      report(
        file,
        key,
        `no citation applies in ${where.join(', ')}${cs.length ? ` (it cites ${docsOf(sources, cs)})` : ''}: add the national document that states it (sources.yaml, kind national), or a source of that region`,
      );
    }
  }
}
