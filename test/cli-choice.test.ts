/**
 * The choice between exclusive programmes in the CLI: the batch summary line carries each option's `choice`, the
 * tally counts the option not taken apart (not in the monthly sum), and the text report says which one counts.
 */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../src/build/pack-file';
import { renderTextReport } from '../src/cli/text-report';
import { emptyTally, tallyReport } from '../src/cli/tally';
import { compilePack } from '../src/engine/compile';
import { evaluate } from '../src/engine/evaluate';
import type { Household } from '../src/engine/household';
import { summaryJson } from '../src/engine/summary';
import { i18nFor } from './app/helpers';

const cp = compilePack(loadPackFromDisk());
/** Jiangmen 9-year-old, father dead, mother seriously ill, no able supporter: 特困 ¥1,520 or de-facto ¥2,375. */
const child = {
  format: 'huimin-household', version: 1, region: 'cn-gd-jiangmen', hukou: 'urban', assetsMeetLocalRules: 'yes', statuses: [],
  members: [{ relation: 'self', age: 9, work: 'student', school: { stage: 'primary', boarding: false, rural: false }, income: {}, disability: { certificate: false }, father: 'dead', mother: 'seriously-ill', legalSupporters: 'unable', hivInfected: false, statuses: [] }],
} as unknown as Household;

describe('a choice between exclusive programmes in the CLI', () => {
  it('the summary line marks both options; the totals count the taken one', () => {
    const s = JSON.parse(summaryJson(evaluate(child, cp, { date: '2025-08-01', explain: false })));
    const member = (id: string) => s.programs.find((p: { id: string }) => p.id === id).members[0];
    expect(member('tekun').choice).toEqual({ id: 'child-living-allowance', taken: false });
    expect(member('de-facto-orphan').choice).toEqual({ id: 'child-living-allowance', taken: true });
    expect(s.totals.month).toEqual({ value: 2375, period: 'month', exactness: 'exact' });
  });

  it('the batch tally sums the alternative apart from the money that counts', () => {
    const t = emptyTally();
    tallyReport(t, evaluate(child, cp, { date: '2025-08-01', explain: false }));
    expect(t.programs.tekun!.month).toBeUndefined();
    expect(t.programs.tekun!.alternatives).toMatchObject({ count: 1, month: { exact: 1520, exactCount: 1 } });
    expect(t.programs['de-facto-orphan']!.month).toMatchObject({ exact: 2375 });
    expect(t.totalMonth.exact).toBe(2375);
  });

  it('the text report says which option counts and what the other brings, in both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const i18n = await i18nFor(lang);
      const t = i18n.t.bind(i18n);
      const text = renderTextReport(evaluate(child, cp, { date: '2025-08-01' }), child, cp.pack, t, lang);
      expect(text).toContain(t('choice.notTaken', { others: t('choice.option', { name: t('prog.de-facto-orphan.name'), amount: t('per.month', { amount: '¥2,375' }) }) }));
      expect(text).toContain(t('choice.taken', { others: t('choice.option', { name: t('prog.tekun.name'), amount: t('per.month', { amount: '¥1,520' }) }) }));
    }
  });
});
