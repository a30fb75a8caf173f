/**
 * Regions beyond the hand-written ones. Any division in the national catalogue is a region id `cn-<GB/T 2260 code>`
 * (镇雄县 is `cn-530627`); its chain of regions follows from the code itself — county PPCCDD, prefecture PPCC00,
 * province PP0000, then 全国 — so the engine needs no catalogue to evaluate it: each level with a hand-written rule
 * file (found by its `code`) applies, the others add nothing. A hand-written region keeps its own id and parent.
 */
import type { RulePack } from './pack';

const CODE_ID = /^cn-(\d{6})$/;

/** The GB/T 2260 code in a catalogue region id (`cn-530627` → `530627`), or null. */
export function codeOfId(id: string): string | null {
  const m = CODE_ID.exec(id);
  return m ? m[1]! : null;
}

/** The region id of a catalogue division that has no rule file of its own. */
export function idOfCode(code: string): string {
  return `cn-${code}`;
}

/** A code and the codes of the divisions above it, nearest first: 530627 → 530627, 530600, 530000. */
export function codeAncestors(code: string): string[] {
  const out = [code];
  for (const up of [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) if (!out.includes(up)) out.push(up);
  return out;
}

/** The code a region stands for: its rule file's `code`, or the code in a catalogue id. */
export function regionCode(pack: Pick<RulePack, 'regions'>, id: string): string | null {
  return pack.regions[id]?.code ?? codeOfId(id);
}

/**
 * Region id → chain from itself up to `cn`. Hand-written regions are computed up front (a cycle is an error); a
 * catalogue id is worked out when first asked for. An id that is neither gets no chain (the engine refuses it).
 */
export class RegionChains extends Map<string, string[]> {
  private readonly byCode = new Map<string, string>();

  constructor(private readonly pack: Pick<RulePack, 'regions'>) {
    super();
    for (const id of Object.keys(pack.regions)) {
      const chain: string[] = [];
      let cur: string | null = id;
      while (cur) {
        if (chain.includes(cur)) throw new RangeError(`region cycle at ${cur}`);
        chain.push(cur);
        cur = pack.regions[cur]?.parent ?? null;
      }
      super.set(id, chain);
      const code = pack.regions[id]!.code;
      if (code) this.byCode.set(code, id);
    }
  }

  /** The hand-written region for a code, if there is one. */
  regionForCode(code: string): string | undefined {
    return this.byCode.get(code);
  }

  override get(id: string): string[] | undefined {
    const known = super.get(id);
    if (known) return known;
    const code = codeOfId(id);
    if (!code || !this.pack.regions.cn) return undefined;
    const nearest = codeAncestors(code)
      .map((c) => this.byCode.get(c))
      .find((r) => r !== undefined);
    const chain = [id, ...(nearest ? super.get(nearest)! : ['cn'])];
    super.set(id, chain);
    return chain;
  }

  override has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}
