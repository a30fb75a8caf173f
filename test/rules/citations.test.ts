/**
 * Each result cites what applies to its region, in the user's language. Every case household (all programmes'
 * cases) is evaluated in every region with a rule file; for each shown programme and condition:
 * - no citation is of a document that speaks for another region (a Jiangmen 特困 result never cites the Shangrao
 *   plan), except a declared reading, which says so in both languages;
 * - no note about another region's reading is shown;
 * - there is at least one citation (the programme's sources; a condition's own or its group's);
 * - the Chinese text (labels, notes, places in documents, readings, figure notes, the CLI's text report) has no
 *   English in it, and the English text has an English version of each of them.
 */
import { describe, expect, it } from 'vitest';
import { isReadingNote } from '../../src/build/citation-check';
import { loadCases } from '../../src/build/rules';
import { RULES_DIR, loadPackFromDisk } from '../../src/build/pack-file';
import { renderTextReport } from '../../src/cli/text-report';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';
import type { Citation } from '../../src/engine/pack';
import type { Figure, ProgrammeResult, Reason, Report } from '../../src/engine/report';
import { citationLine } from '../../src/shared/citation';
import type { Lang } from '../../src/shared/format';
import { createI18n } from '../../src/shared/i18n';
import zh from '../../src/i18n/locales/zh-CN.json';
import en from '../../src/i18n/locales/en.json';
import cliZh from '../../src/cli/locales/zh-CN.json';
import cliEn from '../../src/cli/locales/en.json';

const pack = loadPackFromDisk();
const cp = compilePack(pack);
const REGIONS = [
  'cn', 'cn-gd', 'cn-gd-jiangmen', 'cn-jx', 'cn-jx-ganzhou', 'cn-jx-ganzhou-longnan', 'cn-jx-shangrao', 'cn-yn',
  'cn-yn-zhaotong', 'cn-yn-zhaotong-yongshan', 'cn-yn-zhaotong-zhaoyang', 'cn-yn-zhaotong-zhenxiong',
];
const households: { name: string; date: string; household: Household }[] = loadCases(RULES_DIR).map((c) => ({
  name: c.name,
  date: c.date,
  household: c.household as unknown as Household,
}));

const docRegion = (c: Citation) => pack.sources[c.doc]?.region;
const chainOf = (region: string) => cp.chains.get(region)!;

/** Chinese text with the parts that are meant to stay as they are left out: placeholders and numbers. */
const hasEnglish = (s: string) => /[A-Za-z]{3,}/.test(s.replace(/\{\{\w+\}\}/g, ''));
/** English text with Chinese policy terms kept in brackets or quotes (分类施保) left out. */
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s.replace(/（[^）]*）|\([^)]*\)|"[^"]*"|“[^”]*”/g, ''));

interface Shown {
  where: string;
  citation: Citation;
}

/** Every citation a result shows, with where it is shown; and every shown condition without one. */
function walk(p: ProgrammeResult, at: string): { cites: Shown[]; uncited: string[]; figures: Figure[] } {
  const cites: Shown[] = p.sources.map((c) => ({ where: `${at}.sources`, citation: c }));
  const uncited: string[] = [];
  const reasons = (rs: Reason[] | undefined, path: string, covered: boolean) => {
    for (const r of rs ?? []) {
      const here = `${path} › ${r.id}`;
      if (r.source) cites.push({ where: here, citation: r.source });
      const isShown = r.label !== '' && r.label !== 'member';
      if (isShown && !r.source && !covered) uncited.push(here);
      reasons(r.children, here, covered || r.source !== undefined);
    }
  };
  reasons(p.reasons, at, false);
  for (const m of p.members ?? []) {
    reasons(m.reasons, `${at}[member ${m.index}]`, false);
    for (const l of m.estimate ?? []) if (l.source) cites.push({ where: `${at}.estimate.${l.id}`, citation: l.source });
  }
  for (const x of p.income?.notCounted ?? []) cites.push({ where: `${at}.income.${x.kind}`, citation: x.source });
  return { cites, uncited, figures: p.figures ?? [] };
}

const reports = new Map<string, { report: Report; household: Household }[]>();
for (const region of REGIONS) {
  reports.set(
    region,
    households.map(({ date, household }) => {
      const h = { ...household, region };
      return { report: evaluate(h, cp, { date }), household: h };
    }),
  );
}

describe('citations per region', () => {
  it('every seed says which region it speaks for; national documents speak for 全国', () => {
    expect(Object.fromEntries(Object.values(pack.sources).filter((s) => s.kind === 'seed').map((s) => [s.id, s.region]))).toEqual({
      'seed-000': 'cn-jx',
      'seed-001': 'cn-jx-ganzhou-longnan',
      'seed-002': 'cn-jx-shangrao',
      'seed-003': 'cn-yn-zhaotong',
      'seed-004': 'cn-gd-jiangmen',
    });
    for (const s of Object.values(pack.sources)) if (s.kind === 'national') expect(s.region, s.id).toBe('cn');
  });

  it('a Jiangmen household is shown no Shangrao or Longnan plan (特困, 低保, 护理补贴, 医疗救助)', () => {
    const h: Household = {
      format: 'huimin-household', version: 1, region: 'cn-gd-jiangmen', hukou: 'urban', date: '2025-08-01', assetsMeetLocalRules: 'yes', statuses: [], suddenHardship: false,
      members: [
        { relation: 'self', sex: 'male', age: 70, work: 'unable', income: {}, disability: { certificate: true, grade: 1, kind: 'physical', needsLongTermCare: true }, legalSupporters: 'none', onlyChild: 'none', fpSurgeryComplication: 0, workInjuryCareAllowance: false, statuses: [] },
      ],
    };
    const report = evaluate(h, cp, { date: '2025-08-01' });
    const docs = new Set<string>();
    for (const id of ['tekun', 'dibao', 'disability-care', 'medical-aid', 'insurance-premium-subsidy', 'temporary-aid']) {
      const p = report.programs.find((x) => x.id === id)!;
      expect(p, id).toBeDefined();
      for (const s of walk(p, id).cites) docs.add(s.citation.doc);
    }
    expect([...docs]).not.toContain('seed-002');
    expect([...docs]).not.toContain('seed-001');
    expect([...docs]).toContain('seed-004');
    expect(report.programs.find((x) => x.id === 'tekun')!.sources.map((c) => c.doc)).toEqual(['sc-649', 'mca-2021-43']);
    // Nor Longnan's reading of its 14周岁以下 ratio among the notes.
    const notes = report.programs.find((x) => x.id === 'medical-aid')!.notes.map((n) => pack.strings['zh-CN'][n]);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.join('')).not.toContain('龙南');
  });

  it('a Shangrao household still sees the Shangrao plan, and a Longnan one Longnan\'s (the city\'s own words come first)', () => {
    const [longnan] = reports.get('cn-jx-ganzhou-longnan')!.filter(({ report }) => report.programs.some((p) => p.id === 'edu-nutrition' && p.status !== 'ineligible'));
    expect(longnan).toBeDefined();
    const nutrition = longnan!.report.programs.find((p) => p.id === 'edu-nutrition')!;
    expect(walk(nutrition, 'edu-nutrition').cites.map((c) => c.citation.doc)).not.toContain('seed-002');
    const shangrao = evaluate({ ...longnan!.household, region: 'cn-jx-shangrao' }, cp, { date: '2025-08-01' });
    expect(shangrao.programs.find((p) => p.id === 'tekun')!.sources.map((c) => c.doc)).toContain('seed-002');
  });

  for (const region of REGIONS) {
    it(`${region}: every citation shown applies here (or is a declared reading), every programme and condition has one`, () => {
      const chain = chainOf(region);
      const wrong: string[] = [];
      const uncitedAll: string[] = [];
      let shownProgrammes = 0;
      for (const { report } of reports.get(region)!) {
        for (const p of report.programs) {
          shownProgrammes++;
          if (!p.sources.length) uncitedAll.push(`${p.id}.sources (none)`);
          const only = pack.programmes.find((d) => d.id === p.id)!.notesIn ?? {};
          for (const n of p.notes) if (only[n] && !only[n]!.some((r) => chain.includes(r))) wrong.push(`${p.id} note ${n} (about ${only[n]!.join(', ')})`);
          const { cites, uncited, figures } = walk(p, p.id);
          uncitedAll.push(...uncited);
          for (const { where, citation } of cites) {
            const r = docRegion(citation);
            if (r === undefined || chain.includes(r)) continue;
            if (citation.reading && citation.reading.zh && citation.reading.en) continue;
            wrong.push(`${where}: ${citation.doc} (${r})`);
          }
          for (const f of figures) {
            const r = f.source ? docRegion(f.source) : undefined;
            if (!f.source || r === undefined || chain.includes(r)) continue;
            // A value placed in a region of this chain on another region's document: a reading, said in its note.
            if (f.region && chain.includes(f.region) && isReadingNote(f.note)) continue;
            wrong.push(`${p.id}.figures.${f.id}: ${f.source.doc} (${r}) from ${f.region}`);
          }
        }
      }
      expect(shownProgrammes).toBeGreaterThan(0);
      expect([...new Set(wrong)]).toEqual([]);
      expect([...new Set(uncitedAll)]).toEqual([]);
    });
  }
});

describe('in the user\'s language', () => {
  const texts = async (lang: Lang) => {
    const i18n = await createI18n(lang, { 'zh-CN': { ...zh, ...cliZh }, en: { ...en, ...cliEn } }, pack);
    return i18n.t.bind(i18n);
  };

  it('every label, note, reason, place in a document and reading note has a Chinese and an English text', async () => {
    const problems: string[] = [];
    const z = pack.strings['zh-CN'];
    for (const [key, en] of Object.entries(pack.strings.en)) {
      if (key.startsWith('source.') || key.startsWith('region.')) continue; // names: checked by their own tests
      if (key.startsWith('where.')) {
        // A place in a document: in Chinese as written (the key), in English translated.
        if (hasChinese(en)) problems.push(`${key}: Chinese in the English text: ${en}`);
        continue;
      }
      const zhText = z[key];
      if (zhText === undefined) problems.push(`${key}: no Chinese`);
      else if (hasEnglish(zhText) && !key.startsWith('where.')) problems.push(`${key}: English in the Chinese text: ${zhText}`);
      if (hasChinese(en)) problems.push(`${key}: Chinese in the English text: ${en}`);
    }
    // Figures' notes (shown with each figure) and regions' notes: both languages, and no internal words ("seed 002").
    const notes = [
      ...Object.values(pack.parameters).flatMap((d) => Object.entries(d.values).flatMap(([r, vs]) => vs.map((v, i) => [`${r}.${d.id}[${i}]`, v.note] as const))),
      ...Object.values(pack.regions).map((r) => [`region ${r.id}`, r.note] as const),
    ];
    for (const [where, n] of notes) {
      if (!n) continue;
      if (hasEnglish(n.zh)) problems.push(`${where}: English in the Chinese note: ${n.zh}`);
      if (hasChinese(n.en)) problems.push(`${where}: Chinese in the English note: ${n.en}`);
      if (/种子|\bseeds?\b/i.test(`${n.zh} ${n.en}`)) problems.push(`${where}: internal words in the note: ${n.zh} / ${n.en}`);
    }
    for (const [key, text] of [...Object.entries(pack.strings['zh-CN']), ...Object.entries(pack.strings.en)]) {
      if (/种子|\bseeds?\b/i.test(text)) problems.push(`${key}: internal words: ${text}`);
    }
    expect(problems).toEqual([]);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: what a report shows in every region — conditions, notes, citations, figure notes, the CLI text`, async () => {
      const t = await texts(lang);
      const bad = new Set<string>();
      const seen = new Set<string>();
      const check = (what: string, s: string) => {
        if (seen.has(s)) return;
        seen.add(s);
        if (lang === 'zh-CN' ? hasEnglish(s) : hasChinese(s)) bad.add(`${what}: ${s}`);
      };
      for (const region of REGIONS) {
        // The CLI text of every household where the programmes differ (each seed's region and 全国).
        const text = lang === 'zh-CN' && ['cn', 'cn-gd-jiangmen', 'cn-jx-shangrao', 'cn-jx-ganzhou-longnan', 'cn-yn-zhaotong-zhenxiong'].includes(region);
        for (const { report, household } of reports.get(region)!) {
          for (const p of report.programs) {
            for (const n of p.notes) check(`${p.id} note`, t(n));
            const { cites, figures } = walk(p, p.id);
            for (const { where, citation } of cites) {
              // The quote is the Chinese document's own words, and so is a title the pack does not translate.
              const { quote, ...rest } = citation;
              const line = citationLine(rest, pack, t, lang);
              check(`${where} citation`, lang === 'en' ? line : line.replace(t(`source.${citation.doc}`), ''));
            }
            for (const f of figures) if (f.note) check(`${p.id}.figures.${f.id} note`, lang === 'en' ? f.note.en : f.note.zh);
          }
          if (text) {
            // Without its version line (the rules version is a hash) and the quotes (the documents' own words).
            const lines = renderTextReport(report, household, pack, t, lang).split('\n').slice(3);
            for (const line of lines) check('CLI text', line.replace(/“[^”]*”/g, '').replace(/[¥\d,.]+/g, '#'));
          }
        }
      }
      expect([...bad]).toEqual([]);
    }, 120_000);
  }
});
