/**
 * CSV rosters in (`--input csv`): rows → households, streaming. The file is decoded (UTF-8 or GBK, decode.ts),
 * parsed by csv-parse (quoted cells with commas, quotes and line breaks, as spreadsheets write them), and the rows of
 * each household — consecutive rows with the same household id — are put together as a household in the JSON
 * format, which the batch then validates and evaluates like any other.
 *
 * A problem is reported with its row number (as a spreadsheet numbers rows: the header is row 1) and its column, in
 * Chinese and English, and only that household is skipped. A header the format does not know stops the command
 * before anything is read as something else (exit 2).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { RulePack } from '../engine/pack';
import { InputError, type Message } from './args';
import { COLUMNS, HOUSEHOLD_ID, REGION, UNANSWERED, columnFor, type Column } from './csv-columns';
import { decodeText, type Encoding } from './decode';

/** A message about one cell or row, for people (zh, en) and tools (row, column). */
export interface RowMessage extends Message {
  row: number;
  column?: string;
}

/** One household from the roster: its rows, and either the household (to validate) or what was wrong. */
export interface CsvHousehold {
  id: string;
  rows: number[];
  household?: Record<string, unknown>;
  errors?: RowMessage[];
  /** Header as written in the file, by column key (`member:age`), for messages about fields found later. */
  headers?: Record<string, string>;
}

export interface HouseholdsItem {
  kind: 'households';
  entries: CsvHousehold[];
}

export function rowMessage(row: number, column: string | undefined, m: Message): RowMessage {
  return column
    ? { zh: `第${row}行“${column}”列：${m.zh}`, en: `row ${row}, column "${column}": ${m.en}`, row, column }
    : { zh: `第${row}行：${m.zh}`, en: `row ${row}: ${m.en}`, row };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts[parts.length - 1]!] = value;
}

const scoped = (c: Column): string => `${c.scope}:${c.key}`;

interface Header {
  columns: (Column | null)[];
  names: string[];
  idAt: number;
}

function readHeader(record: string[]): Header {
  const columns: (Column | null)[] = [];
  const seen = new Map<string, string>();
  const unknown: string[] = [];
  record.forEach((name, i) => {
    if (!name.trim()) {
      columns.push(null);
      return;
    }
    const c = columnFor(name);
    if (!c) {
      unknown.push(name);
      columns.push(null);
      return;
    }
    const before = seen.get(scoped(c));
    if (before !== undefined) throw new InputError([{ zh: `CSV 表头中“${before}”和“${name}”是同一列（第${i + 1}列）`, en: `CSV header: "${before}" and "${name}" are the same column (column ${i + 1})` }]);
    seen.set(scoped(c), name);
    columns.push(c);
  });
  if (unknown.length) {
    throw new InputError([{ zh: `CSV 表头有未知的列：${unknown.map((u) => `“${u}”`).join('、')}（可用的列见 README“CSV 列”）`, en: `CSV header has unknown columns: ${unknown.map((u) => `"${u}"`).join(', ')} (see README, "CSV columns")` }]);
  }
  const idAt = columns.indexOf(HOUSEHOLD_ID);
  if (idAt === -1) throw new InputError([{ zh: `CSV 缺少“${HOUSEHOLD_ID.zh[0]}”列（也可写作 ${HOUSEHOLD_ID.en[0]}）`, en: `the CSV has no "${HOUSEHOLD_ID.en[0]}" column (also accepted: ${HOUSEHOLD_ID.zh[0]})` }]);
  return { columns, names: record.map((n) => n.trim()), idAt };
}

/** Region ids by id and by the names the rule pack gives them (江门市, Jiangmen). */
function regionLookup(pack: RulePack): (cell: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const r of Object.values(pack.regions)) {
    byName.set(r.id.toLowerCase(), r.id);
    byName.set(r.name.zh, r.id);
    byName.set(r.name.en.toLowerCase(), r.id);
  }
  return (cell) => byName.get(cell) ?? byName.get(cell.toLowerCase());
}

class Assembler {
  private current: CsvHousehold | null = null;
  private householdValues = new Map<string, { value: unknown; row: number }>();
  /** First row of every household id seen: a household's rows must be together. */
  private readonly seen = new Map<string, number>();
  private readonly region: (cell: string) => string | undefined;

  constructor(
    private readonly header: Header,
    pack: RulePack,
    private readonly defaultRegion: string | undefined,
    private readonly out: (h: CsvHousehold) => void,
  ) {
    this.region = regionLookup(pack);
  }

  private headerMap(): Record<string, string> {
    const m: Record<string, string> = {};
    this.header.columns.forEach((c, i) => {
      if (c) m[scoped(c)] = this.header.names[i]!;
    });
    return m;
  }

  row(record: string[], row: number): void {
    const { columns, names, idAt } = this.header;
    if (record.every((c) => !c.trim())) return;
    const id = (record[idAt] ?? '').trim();
    if (!id) {
      this.finish();
      this.out({ id: '', rows: [row], errors: [rowMessage(row, names[idAt], { zh: '户编号不能为空', en: 'the household id is empty' })] });
      return;
    }
    if (this.current?.id !== id) {
      this.finish();
      const first = this.seen.get(id);
      this.current = { id, rows: [], household: { version: 1, members: [] }, headers: this.headerMap() };
      this.householdValues = new Map();
      if (first !== undefined) this.error(row, names[idAt], { zh: `户编号“${id}”在第${first}行已出现过：同一户的各行须连在一起`, en: `household "${id}" already appeared at row ${first}: a household's rows must be together` });
      else this.seen.set(id, row);
    }
    const h = this.current!;
    h.rows.push(row);
    const member: Record<string, unknown> = {};
    if (record.length > columns.length) this.error(row, undefined, { zh: `这一行有${record.length}格，比表头多`, en: `this row has ${record.length} cells, more than the header` });
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const cell = (record[i] ?? '').trim();
      if (!c || c === HOUSEHOLD_ID || !cell) continue;
      if (cell.includes('\uFFFD')) {
        this.error(row, names[i], { zh: '含有无法识别的字符（文件应为 UTF-8 或 GBK 编码）', en: 'has characters that cannot be read (the file must be UTF-8 or GBK)' });
        continue;
      }
      let value: unknown;
      if (c === REGION) {
        value = this.region(cell);
        if (value === undefined) {
          this.error(row, names[i], { zh: `未知地区“${cell}”`, en: `unknown region "${cell}"` });
          continue;
        }
      } else {
        const parsed = c.parse(cell);
        if (!parsed.ok) {
          this.error(row, names[i], parsed.error);
          continue;
        }
        value = parsed.value;
      }
      if (value === UNANSWERED) continue;
      if (c.scope === 'member') {
        setPath(member, c.key, value);
        continue;
      }
      const before = this.householdValues.get(c.key);
      if (!before) {
        this.householdValues.set(c.key, { value, row });
        setPath(h.household!, c.key, value);
      } else if (JSON.stringify(before.value) !== JSON.stringify(value)) {
        this.error(row, names[i], { zh: `与同一户第${before.row}行的取值不同`, en: `differs from row ${before.row} of the same household` });
      }
    }
    (h.household!.members as unknown[]).push(member);
  }

  error(row: number, column: string | undefined, m: Message): void {
    const h = this.current!;
    (h.errors ??= []).push(rowMessage(row, column, m));
  }

  finish(): void {
    const h = this.current;
    if (!h) return;
    this.current = null;
    if (h.household && h.household.region === undefined && this.defaultRegion !== undefined) h.household.region = this.defaultRegion;
    if (h.errors) delete h.household;
    this.out(h);
  }
}

/**
 * Households from a CSV stream, `batchSize` at a time. `onEncoding` learns whether the file was UTF-8 or GBK.
 */
export async function* csvHouseholds(
  source: AsyncIterable<Buffer | Uint8Array>,
  pack: RulePack,
  defaultRegion: string | undefined,
  batchSize = 256,
  onEncoding?: (e: Encoding) => void,
): AsyncGenerator<HouseholdsItem> {
  let fatal: RowMessage | null = null;
  let row = 0;
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err) => {
      // Only an unclosed quote gets here with these options: the rest of the file is one broken cell.
      fatal = rowMessage(row + 1, undefined, { zh: `引号没有闭合（${err?.code ?? ''}），此行起无法读取`, en: `a quote is not closed (${err?.code ?? ''}); the file cannot be read from this row on` });
      return undefined;
    },
  });
  const text = Readable.from(decodeText(source, onEncoding));
  text.on('error', (e) => parser.destroy(e));
  text.pipe(parser);

  let assembler: Assembler | null = null;
  let batch: CsvHousehold[] = [];
  const push = (h: CsvHousehold): void => {
    batch.push(h);
  };
  for await (const record of parser as AsyncIterable<string[]>) {
    row++;
    if (!assembler) {
      assembler = new Assembler(readHeader(record), pack, defaultRegion, push);
      continue;
    }
    assembler.row(record, row);
    // A full batch goes, and so does whatever is ready when the parser has nothing more at hand (a pipe fed row by
    // row gets its answers as households complete).
    if (batch.length >= batchSize || (batch.length && parser.readableLength === 0)) {
      yield { kind: 'households', entries: batch };
      batch = [];
    }
  }
  assembler?.finish();
  if (fatal) push({ id: '', rows: [(fatal as RowMessage).row], errors: [fatal] });
  if (!assembler) throw new InputError([{ zh: 'CSV 文件是空的（没有表头）', en: 'the CSV file is empty (no header row)' }]);
  if (batch.length) yield { kind: 'households', entries: batch };
}

/** Every column of the format, for the README and tests. */
export { COLUMNS };
