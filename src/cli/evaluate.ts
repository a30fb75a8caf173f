/**
 * npm run --silent evaluate -- FILE|- [options]   (options: args.ts, or --help)
 *
 * Exit codes: 0 success (also when the reader of a pipe goes away: `| head`); 2 invalid input (message on stderr in
 * Chinese and English, no stack trace); 1 internal error. In a batch a bad line or row is reported in the output and
 * the batch goes on.
 *
 * Output is written with backpressure and the process exits only once it has drained (output.ts); a batch streams in
 * constant memory: input read chunk by chunk, each result written as it is ready, in input order also with --jobs.
 */
import { createReadStream, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { freshPackText } from '../build/pack-cache';
import { compilePack, type CompiledPack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import type { Household } from '../engine/household';
import type { RulePack } from '../engine/pack';
import { summaryJson } from '../engine/summary';
import { validateHousehold } from '../engine/validate';
import { InputError, parseArgs, USAGE, type Options } from './args';
import { BatchProcessor, type BatchSettings, type WorkItem, type WorkResult, type Words } from './batch';
import { lineChunks } from './lines';
import { Output } from './output';
import type { Pool } from './pool';
import type { Progress } from './progress';
import { emptyTally, mergeTally, tallyJson, tallyText } from './tally';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The rule pack: the cached compiled copy when fresh; else built from rules/ (the compiler is loaded only then). */
async function loadPack(): Promise<{ pack: RulePack; text: string }> {
  const cached = freshPackText();
  if (cached !== null) return { pack: JSON.parse(cached) as RulePack, text: cached };
  const { loadPackFromDisk } = await import('../build/pack-file');
  const pack = loadPackFromDisk();
  return { pack, text: JSON.stringify(pack) };
}

function cannotRead(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new InputError([{ zh: `无法读取输入文件“${file}”（${code}）`, en: `cannot read input file "${file}" (${code})` }]);
}

interface Input {
  stream: Readable;
  /** The input's size when it is a regular file (also standard input redirected from one), else null: a pipe. */
  size: number | null;
}

function openInput(file: string): Input {
  try {
    const fd = file === '-' ? 0 : openSync(file, 'r');
    const stat = fstatSync(fd);
    const size = stat.isFile() ? stat.size : null;
    return { stream: file === '-' ? process.stdin : createReadStream('', { fd, highWaterMark: 1 << 16 }), size };
  } catch (e) {
    throw cannotRead(file, e);
  }
}

/**
 * --jobs: the input that repays the worker threads' warm-up (pool.ts), in bytes. Measured on the 2-core machine
 * with the benchmark's households (≈ 1 KB of JSON each; --explain summary, into a pipe), --jobs 2 against --jobs 1
 * with the worker started at once: 10,000 households 700 vs 560 ms, 20,000 810 vs 780, 30,000 990 vs 1,040,
 * 50,000 1,360 vs 1,600 (best of 6 runs each, the machine otherwise quiet; when it is busy, a worker loses up to
 * 50,000 households). A file at least this big starts the workers at once; a pipe, once this much has come in.
 */
export const WORKERS_FROM_BYTES = 32 << 20;

/** HUIMIN_WORKERS_FROM_BYTES overrides it (tests set 0, so that a small batch goes through the workers too). */
function workersFromBytes(): number {
  const v = process.env.HUIMIN_WORKERS_FROM_BYTES;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : WORKERS_FROM_BYTES;
}

/** The input's chunks as they are, counting the bytes that have come in. */
async function* counted(source: AsyncIterable<Buffer | Uint8Array>, count: { bytes: number }): AsyncGenerator<Buffer | Uint8Array> {
  for await (const chunk of source) {
    count.bytes += chunk.length;
    yield chunk;
  }
}

const stdout = new Output(process.stdout, () => process.exit(0));
// Progress and summaries on a closed standard error are not worth failing for.
process.stderr.on('error', () => undefined);

async function needWords(cp: CompiledPack, opts: Options, progress: boolean): Promise<Words | null> {
  const text = opts.output === 'text';
  const csv = opts.output === 'csv';
  if (!text && !csv && opts.summary !== 'text' && !progress) return null;
  const { loadWords } = await import('./words');
  return loadWords(cp, opts.lang, { text, csv });
}

async function single(opts: Options, cp: CompiledPack): Promise<void> {
  let input: string;
  try {
    input = readFileSync(opts.file === '-' ? 0 : opts.file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw cannotRead(opts.file, e);
  }
  let json: unknown;
  try {
    json = JSON.parse(input);
  } catch (e) {
    throw new InputError([{ zh: `不是有效的 JSON：${(e as Error).message}`, en: `not valid JSON: ${(e as Error).message}` }]);
  }
  const v = validateHousehold(json, Object.keys(cp.pack.regions));
  if (!v.ok) throw new InputError(v.errors);
  const h: Household = v.household;
  const region = opts.region ?? h.region;
  if (!cp.chains.has(region)) {
    throw new InputError([{ zh: `未知地区“${region}”，可选：${[...cp.chains.keys()].join(', ')}`, en: `unknown region "${region}"; known: ${[...cp.chains.keys()].join(', ')}` }]);
  }
  const report = evaluate(h, cp, { region, date: opts.date ?? h.date ?? today(), explain: opts.explain === 'full' });
  const words = await needWords(cp, opts, false);
  let out: string;
  if (opts.output === 'text') out = `${words!.text!(report, h)}\n`;
  else if (opts.output === 'csv') out = words!.csv!.header() + words!.csv!.rows(report, h, { id: '1', rows: [1] });
  else {
    const value = opts.explain === 'full' ? report : JSON.parse(summaryJson(report, opts.explain));
    out = `${JSON.stringify(value, null, 2)}\n`;
  }
  await stdout.write(out);
}

async function batch(opts: Options, pack: RulePack, packText: string): Promise<void> {
  const showProgress = process.stderr.isTTY === true;
  const settings: BatchSettings = {
    date: opts.date,
    region: opts.region,
    today: today(),
    lang: opts.lang,
    output: opts.output,
    explain: opts.explain,
    tally: opts.summary !== false,
  };
  const input = openInput(opts.file);
  const read = { bytes: 0 };
  const source = opts.jobs > 1 && input.size === null ? counted(input.stream, read) : input.stream;

  // Set below, once the pack is compiled here; a pool made before then only calls them after.
  let words: Words | null = null;
  let processor: BatchProcessor | null = null;
  const tally = emptyTally();
  let households = 0;
  let errors = 0;
  let progress: Progress | null = null;
  // The CSV header waits for the first result, so that input refused as a whole (exit 2) leaves no output behind.
  let headerDue = opts.output === 'csv';
  const onResult = (r: WorkResult): Promise<void> | undefined => {
    households += r.households;
    errors += r.errors;
    if (r.tally) mergeTally(tally, r.tally);
    progress?.update(households, errors);
    const out = r.bytes ?? r.text;
    if (headerDue) {
      headerDue = false;
      const header = words!.csv!.header();
      if (typeof out === 'string') return stdout.write(header + out);
      void stdout.write(header);
    }
    return stdout.write(out);
  };

  // --jobs N: this thread alone until the input is long enough to repay the workers (a file: known from its size;
  // a pipe: once that much has come in), then a pool of N − 1 workers and this thread. A pool for a big file starts
  // first, so the workers load while this thread compiles the pack and loads its words.
  const pooled = async (): Promise<Pool> => {
    const { Pool } = await import('./pool');
    const worker = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.mjs', import.meta.url);
    const workerWords = opts.output === 'text' || opts.output === 'csv' ? { text: opts.output === 'text', csv: opts.output === 'csv' } : null;
    return new Pool(opts.jobs, worker, { packText, settings, words: workerWords }, (item) => processor!.run(item), onResult);
  };
  const threshold = workersFromBytes();
  let pool = opts.jobs > 1 && input.size !== null && input.size >= threshold ? await pooled() : null;

  const cp = compilePack(pack);
  words = await needWords(cp, opts, showProgress);
  processor = new BatchProcessor(cp, settings, words);
  if (showProgress && words) {
    progress = new (await import('./progress')).Progress(process.stderr, words.t);
  }
  let items: AsyncIterable<WorkItem>;
  if (opts.input === 'csv') {
    const { csvHouseholds } = await import('./csv-input');
    items = csvHouseholds(source, pack, opts.region);
  } else items = lineChunks(source);

  try {
    try {
      for await (const item of items) {
        if (!pool && opts.jobs > 1 && input.size === null && read.bytes >= threshold) pool = await pooled();
        if (pool) await pool.submit(item);
        else {
          const wait = onResult(processor.run(item));
          if (wait) await wait;
        }
      }
    } finally {
      await pool?.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code && !(e instanceof InputError) && (e as NodeJS.ErrnoException).syscall === 'read') throw cannotRead(opts.file, e);
    throw e;
  }
  if (headerDue) await stdout.write(words!.csv!.header());
  progress?.done(households, errors);
  if (opts.summary) {
    const order = pack.order;
    const text = opts.summary === 'json' ? tallyJson(tally, order) : tallyText(tally, order, (id) => words!.t(`prog.${id}.name`), words!.t, opts.lang);
    process.stderr.write(`${text}\n`);
  }
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    await stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { pack, text } = await loadPack();
  if (opts.batch) await batch(opts, pack, text);
  else await single(opts, compilePack(pack));
  return 0;
}

/** Exit once standard output and standard error have drained (exiting earlier is what truncated piped output). */
async function exit(code: number): Promise<never> {
  await stdout.flush();
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

main().then(
  (code) => exit(code),
  async (e: unknown) => {
    await stdout.flush();
    if (e instanceof InputError) {
      process.stderr.write(`输入无效 / invalid input:\n${e.messages.map((m) => `  - ${m.zh}\n    ${m.en}`).join('\n')}\n`);
      return exit(2);
    }
    // A RuleBuildError (told by its problem list: importing the class would load the rule compiler at every start).
    if (Array.isArray((e as { problems?: unknown })?.problems)) {
      process.stderr.write(`规则文件有误 / the rule files have problems:\n${(e as Error).message}\n`);
      return exit(1);
    }
    process.stderr.write(`内部错误 / internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.HUIMIN_DEBUG) console.error(e);
    return exit(1);
  },
);
