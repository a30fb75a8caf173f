/**
 * CSV out (`--output csv`), for spreadsheets: one row per member, with the household id, in the chosen language.
 *
 * Columns: household id, source rows (CSV rows, or the JSON Lines line), member number, name, relation, region,
 * date, the household's monthly total, then three per programme (in the catalogue's order): status, monthly amount
 * in yuan, and an amount note; then missing answers and error.
 * - A person programme's cells on a member's row are that member's result; a household programme's (and the
 *   household total) are on the household's first row only, so that counting or adding a column in a spreadsheet
 *   counts each household once.
 * - The monthly amount is a number only when the result is eligible and the amount exact (a yearly one as 1/12,
 *   its yearly figure in the note); 约, 不低于, ranges, one-off payments, "set locally" and the amounts of
 *   undetermined results ("if eligible: …") are words in the note and leave the number empty, so a spreadsheet sum
 *   never adds an approximate, partial or conditional figure as an exact one. Non-cash programmes have no amount.
 * - The file starts with a UTF-8 BOM (Excel and WPS need it to read UTF-8); text cells that a spreadsheet would run
 *   as a formula (= + - @) get a leading apostrophe.
 */
import type { CompiledPack } from '../engine/compile';
import type { Household } from '../engine/household';
import type { Amount, ProgrammeResult, Report } from '../engine/report';
import { formatAmount, missingText, toPeriod, type Lang, type T } from '../shared/format';
import type { Message } from './args';
import { memberNamer } from './text-report';

export function csvCell(v: string | number | null | undefined, textCell = false): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (textCell && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: string[]): string => `${cells.join(',')}\r\n`;

export interface CsvSource {
  id: string;
  rows: (number | string)[];
}

export class CsvWriter {
  private readonly programmes: string[];

  constructor(
    private readonly cp: CompiledPack,
    private readonly t: T,
    private readonly lang: Lang,
  ) {
    const ids = new Set(cp.programmes.map((p) => p.id));
    this.programmes = [...cp.pack.order.filter((id) => ids.has(id)), ...cp.programmes.map((p) => p.id).filter((id) => !cp.pack.order.includes(id))];
  }

  header(): string {
    const t = this.t;
    const cells = ['household', 'rows', 'member', 'name', 'relation', 'region', 'date', 'totalMonth', 'totalNote'].map((k) => t(`cli.csv.${k}`));
    for (const id of this.programmes) {
      const name = t(`prog.${id}.name`);
      cells.push(t('cli.csv.progStatus', { name }), t('cli.csv.progMonth', { name }), t('cli.csv.progNote', { name }));
    }
    cells.push(t('cli.csv.missing'), t('cli.csv.error'));
    return `\uFEFF${line(cells.map((c) => csvCell(c)))}`;
  }

  /**
   * Monthly number (exact amounts of the eligible only) and the note for everything else; an undetermined result's
   * amount is a note "if eligible: …", so that a column sum counts only money the household can apply for.
   */
  private amountCells(a: Amount | null, kind: string, status = 'eligible'): [string, string] {
    if (!a || kind !== 'cash' || status === 'ineligible') return ['', ''];
    const words = formatAmount(a, this.t, this.lang);
    if (status !== 'eligible') return ['', this.t('amount.ifEligible', { amount: words })];
    if (a.period === 'once' || a.exactness !== 'exact' || a.value === undefined) return ['', words];
    const month = toPeriod(a, 'month');
    return [String(month.value), a.period === 'month' ? '' : words];
  }

  private status(p: { status: string; alreadyReceives?: boolean }): string {
    return p.alreadyReceives ? this.t('status.already') : this.t(`status.${p.status}`);
  }

  rows(report: Report, household: Household, src: CsvSource): string {
    const t = this.t;
    const byId = new Map<string, ProgrammeResult>(report.programs.map((p) => [p.id, p]));
    const name = memberNamer(household, t);
    let out = '';
    household.members.forEach((m, i) => {
      const first = i === 0;
      const total = first ? this.amountCells(report.totals.month, 'cash') : ['', ''];
      const cells = [
        csvCell(src.id, true),
        csvCell(String(src.rows[i] ?? src.rows[0] ?? '')),
        String(i + 1),
        csvCell(m.name, true),
        csvCell(t(`enum.relation.${m.relation}`)),
        csvCell(report.region),
        csvCell(report.date),
        csvCell(total[0]),
        csvCell(total[1]),
      ];
      const missing = new Set<string>();
      for (const id of this.programmes) {
        const p = byId.get(id);
        if (!p) {
          cells.push('', '', '');
          continue;
        }
        if (p.unit === 'household') {
          if (!first) {
            cells.push('', '', '');
            continue;
          }
          const [num, note] = this.amountCells(p.amount, p.kind, p.status);
          cells.push(csvCell(this.status(p)), num, csvCell(note));
          for (const path of p.missing) if (!path.startsWith('members[')) missing.add(path);
          continue;
        }
        const mr = p.members?.find((x) => x.index === i);
        const [num, note] = mr ? this.amountCells(mr.amount, p.kind, mr.status) : ['', ''];
        cells.push(csvCell(mr ? this.status(mr) : t('status.ineligible')), num, csvCell(note));
        for (const path of p.missing) if (path.startsWith(`members[${i}].`) || (first && !path.startsWith('members['))) missing.add(path);
      }
      cells.push(csvCell([...missing].map((path) => missingText(path, t, name)).join('；')), '');
      out += line(cells);
    });
    return out;
  }

  error(src: CsvSource, messages: Message[]): string {
    const cells = [csvCell(src.id, true), csvCell(src.rows.join(' ')), '', '', '', '', '', '', ''];
    for (let i = 0; i < this.programmes.length; i++) cells.push('', '', '');
    cells.push('', csvCell(messages.map((m) => `${m.zh} / ${m.en}`).join('\n')));
    return line(cells);
  }
}
