/**
 * The batch's unit of work: a run of JSON Lines or a group of CSV households in, their output text (and, with
 * --summary, their tally) out. The same code runs on the main thread (--jobs 1) and in each worker thread, so the
 * output does not depend on the number of jobs.
 */
import type { CompiledPack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import type { Household } from '../engine/household';
import type { Report } from '../engine/report';
import { summaryJson, type ExplainLevel } from '../engine/summary';
import type { ValidationError } from '../engine/validate';
import { quickValidateHousehold as validateHousehold } from '../engine/validate-quick';
import type { Lang, T } from '../shared/format';
import type { Message, OutputFormat } from './args';
import type { CsvHousehold, HouseholdsItem } from './csv-input';
import { rowMessage, type RowMessage } from './csv-input';
import type { CsvWriter } from './csv-output';
import type { LinesItem } from './lines';
import { emptyTally, tallyReport, type Tally } from './tally';

export type WorkItem = LinesItem | HouseholdsItem;

export interface WorkResult {
  text: string;
  /** The text as UTF-8, instead of `text` (a worker thread's result: encoded there, handed over without a copy). */
  bytes?: Uint8Array;
  households: number;
  errors: number;
  tally?: Tally;
}

export interface BatchSettings {
  date: string | undefined;
  region: string | undefined;
  today: string;
  lang: Lang;
  output: OutputFormat;
  explain: ExplainLevel;
  tally: boolean;
}

/** Words for the text and CSV outputs (i18next, loaded only when they are asked for). */
export interface Words {
  t: T;
  text?: (r: Report, h: Household) => string;
  csv?: CsvWriter;
}

class BadInput {
  constructor(readonly messages: Message[]) {}
}

const NOT_UTF8: Message = { zh: '这一行不是有效的 UTF-8 文字', en: 'this line is not valid UTF-8 text' };
const TOO_LONG: Message = { zh: '这一行超过 1 MiB，不是一户家庭的资料', en: 'this line is longer than 1 MiB; it is not a household' };

export class BatchProcessor {
  private readonly regions: string[];
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly cp: CompiledPack,
    private readonly s: BatchSettings,
    private readonly words: Words | null,
  ) {
    this.regions = Object.keys(cp.pack.regions);
  }

  run(item: WorkItem): WorkResult {
    const res: WorkResult = { text: '', households: 0, errors: 0 };
    if (this.s.tally) res.tally = emptyTally();
    if (item.kind === 'lines') this.lines(item, res);
    else for (const e of item.entries) this.csvHousehold(e, res);
    if (res.tally) {
      res.tally.errors = res.errors;
    }
    return res;
  }

  private evaluate(h: Household): Report {
    const region = this.s.region ?? h.region;
    if (!this.cp.chains.has(region)) {
      const known = [...this.cp.chains.keys()].join(', ');
      throw new BadInput([{ zh: `未知地区“${region}”，可选：${known}`, en: `unknown region "${region}"; known: ${known}` }]);
    }
    return evaluate(h, this.cp, { region, date: this.s.date ?? h.date ?? this.s.today, explain: this.s.explain === 'full' });
  }

  private render(report: Report, h: Household, prefix: string, csvId: string, rows: (number | string)[]): string {
    switch (this.s.output) {
      case 'csv':
        return this.words!.csv!.rows(report, h, { id: csvId, rows });
      case 'text':
        return `${this.words!.text!(report, h)}\n\n`;
      default:
        return this.s.explain === 'full' ? `{${prefix}${JSON.stringify(report).slice(1)}\n` : `${summaryJson(report, this.s.explain, prefix)}\n`;
    }
  }

  private lines(item: LinesItem, res: WorkResult): void {
    const text = this.decoder.decode(item.bytes);
    const overlong = item.overlong ? new Set(item.overlong) : null;
    let out = '';
    let start = 0;
    for (let n = item.firstLine; start < text.length; n++) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const lineText = text.slice(start, end);
      start = end + 1;
      try {
        if (overlong?.has(n)) throw new BadInput([TOO_LONG]);
        if (!lineText.trim()) continue;
        if (lineText.includes('\uFFFD')) throw new BadInput([NOT_UTF8]);
        let json: unknown;
        try {
          json = JSON.parse(lineText);
        } catch (e) {
          throw new BadInput([{ zh: `不是有效的 JSON：${(e as Error).message}`, en: `not valid JSON: ${(e as Error).message}` }]);
        }
        const v = validateHousehold(json, this.regions);
        if (!v.ok) throw new BadInput(v.errors);
        const report = this.evaluate(v.household);
        res.households++;
        if (res.tally) tallyReport(res.tally, report);
        out += this.render(report, v.household, `"line":${n},`, String(n), [n]);
      } catch (e) {
        if (!(e instanceof BadInput)) throw e;
        res.errors++;
        out += this.lineError(n, e.messages);
      }
    }
    res.text = out;
  }

  private lineError(n: number, messages: Message[]): string {
    switch (this.s.output) {
      case 'csv':
        return this.words!.csv!.error({ id: String(n), rows: [n] }, messages);
      case 'text':
        return `# line ${n}: ${messages.map((m) => `${m.zh} / ${m.en}`).join('; ')}\n\n`;
      default:
        return `${JSON.stringify({ line: n, error: { code: 'invalid-input', messages } })}\n`;
    }
  }

  private csvHousehold(e: CsvHousehold, res: WorkResult): void {
    let errors = e.errors;
    if (!errors && e.household) {
      const v = validateHousehold(e.household, this.regions);
      if (v.ok) {
        try {
          const report = this.evaluate(v.household);
          res.households++;
          if (res.tally) tallyReport(res.tally, report);
          res.text += this.render(report, v.household, `"household":${JSON.stringify(e.id)},"rows":${JSON.stringify(e.rows)},`, e.id, e.rows);
          return;
        } catch (err) {
          if (!(err instanceof BadInput)) throw err;
          errors = err.messages.map((m) => rowMessage(e.rows[0]!, undefined, m));
        }
      } else errors = v.errors.map((ve) => this.rowOf(e, ve));
    }
    res.errors++;
    const messages = errors ?? [];
    switch (this.s.output) {
      case 'csv':
        res.text += this.words!.csv!.error({ id: e.id, rows: e.rows }, messages);
        break;
      case 'text':
        res.text += `# ${e.id || '?'} (${e.rows.join(', ')}): ${messages.map((m) => `${m.zh} / ${m.en}`).join('; ')}\n\n`;
        break;
      default:
        res.text += `${JSON.stringify({ household: e.id, rows: e.rows, error: { code: 'invalid-input', messages } })}\n`;
    }
  }

  /** A validation error on a CSV household, told by row and column: `members[2].age` → the third member's row. */
  private rowOf(e: CsvHousehold, ve: ValidationError): RowMessage {
    const m = /^members\[(\d+)\]\.?(.*)$/.exec(ve.path);
    const row = m ? (e.rows[Number(m[1])] ?? e.rows[0]!) : e.rows[0]!;
    const key = m ? `member:${m[2]!.replace(/\[\d+\]$/, '')}` : `household:${ve.path.replace(/\[\d+\]$/, '')}`;
    const column = e.headers?.[key];
    // The validator's message starts with the field's name ("第1位家庭成员的年龄："): the row and column say that here.
    const tail = (s: string, sep: string): string => (column && s.includes(sep) ? s.slice(s.indexOf(sep) + sep.length) : s);
    return rowMessage(row, column, { zh: tail(ve.zh, '：'), en: tail(ve.en, ': ') });
  }
}
