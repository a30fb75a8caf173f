/**
 * The command line's options. Every mistake is an InputError with its message in Chinese and English (exit 2).
 */
import { isValidDate } from '../engine/household';
import type { ExplainLevel } from '../engine/summary';
import type { Lang } from '../shared/format';

export interface Message {
  zh: string;
  en: string;
}

export class InputError extends Error {
  constructor(readonly messages: Message[]) {
    super(messages.map((m) => `${m.zh} / ${m.en}`).join('\n'));
  }
}

export type OutputFormat = 'json' | 'text' | 'csv';
export type InputFormat = 'json' | 'csv';

export interface Options {
  file: string;
  date?: string;
  region?: string;
  lang: Lang;
  output: OutputFormat;
  input: InputFormat;
  batch: boolean;
  explain: ExplainLevel;
  jobs: number;
  /** After a batch: per programme counts and monthly sums on standard error. */
  summary: false | 'text' | 'json';
  help: boolean;
}

export const USAGE = `用法 / usage:
  npm run --silent evaluate -- FILE|- [options]
  FILE               household JSON (src/engine/household.schema.json); "-" reads standard input
  --batch            many households: JSON Lines (one household per line), or CSV with --input csv
  --input json|csv   CSV: one row per member with a household id column (README, "CSV columns"); UTF-8 or GBK
                     (default: csv for a *.csv file, else json; CSV input is always a batch)
  --output json|text|csv   (--format is the same option; default json)
  --explain full|summary|none   how much of the report (default: full for one household, summary in a batch)
  --jobs N           evaluate on up to N threads (this one and N-1 workers), output in input order (default 1);
                     the workers start only for 32 MB of input or more (a pipe: once that much has come in),
                     as each pays the warm-up again (about 0.5 s of CPU)
  --summary[=json]   after a batch: per programme counts and monthly sums, on standard error
  --date YYYY-MM-DD  --region ID  --lang zh-CN|en
退出码 / exit codes: 0 ok; 2 invalid input; 1 internal error. A bad line or row in a batch is reported and the batch goes on.`;

const MAX_JOBS = 64;

export function parseArgs(argv: string[]): Options {
  const opts: Partial<Options> & { lang: Lang; output: OutputFormat; batch: boolean; jobs: number; summary: Options['summary']; help: boolean } = {
    lang: 'zh-CN',
    output: 'json',
    batch: false,
    jobs: 1,
    summary: false,
    help: false,
  };
  const bad = (zh: string, en: string): never => {
    throw new InputError([{ zh, en }]);
  };
  const oneOf = <T extends string>(name: string, v: string, allowed: readonly T[]): T => {
    if (!allowed.includes(v as T)) bad(`${name} 只能是 ${allowed.join('、')} 之一，收到“${v}”`, `${name} must be one of ${allowed.join(', ')}, got "${v}"`);
    return v as T;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]!;
    let inline: string | undefined;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = (): string => inline ?? argv[++i] ?? bad(`${a} 后面缺少取值`, `${a} needs a value`);
    switch (a) {
      case '--date': {
        const d = value();
        if (!isValidDate(d)) bad(`--date 应为有效日期 YYYY-MM-DD，收到“${d}”`, `--date must be a valid date YYYY-MM-DD, got "${d}"`);
        opts.date = d;
        break;
      }
      case '--region':
        opts.region = value();
        break;
      case '--lang':
        opts.lang = oneOf('--lang', value(), ['zh-CN', 'en'] as const);
        break;
      case '--format':
      case '--output':
        opts.output = oneOf(a, value(), ['json', 'text', 'csv'] as const);
        break;
      case '--input':
        opts.input = oneOf('--input', value(), ['json', 'csv'] as const);
        break;
      case '--explain':
        opts.explain = oneOf('--explain', value(), ['full', 'summary', 'none'] as const);
        break;
      case '--jobs': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > MAX_JOBS) bad(`--jobs 应为 1 到 ${MAX_JOBS} 的整数，收到“${v}”`, `--jobs must be a whole number from 1 to ${MAX_JOBS}, got "${v}"`);
        opts.jobs = n;
        break;
      }
      case '--summary':
        opts.summary = inline === undefined ? 'text' : oneOf('--summary', inline, ['text', 'json'] as const);
        break;
      case '--batch':
        opts.batch = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        if (a.startsWith('--')) bad(`未知选项 ${a}`, `unknown option ${a}`);
        if (opts.file) bad(`只能给一个输入文件（多余：${a}）`, `only one input file (extra: ${a})`);
        opts.file = a;
    }
    if (inline !== undefined && !['--date', '--region', '--lang', '--format', '--output', '--input', '--explain', '--jobs', '--summary'].includes(a)) {
      bad(`${a} 不带取值`, `${a} takes no value`);
    }
  }
  if (opts.help) return { ...opts, file: opts.file ?? '-', input: 'json', explain: 'full' } as Options;
  if (!opts.file) bad('缺少输入文件（或用 - 表示标准输入）', 'missing input file (or - for standard input)');
  opts.input ??= /\.csv$/i.test(opts.file!) ? 'csv' : 'json';
  // A CSV roster is a batch even when it holds one household.
  if (opts.input === 'csv') opts.batch = true;
  opts.explain ??= opts.batch ? 'summary' : 'full';
  if (opts.summary && !opts.batch) bad('--summary 只用于批量（--batch）', '--summary is for a batch (--batch)');
  if (opts.jobs > 1 && !opts.batch) bad('--jobs 只用于批量（--batch）', '--jobs is for a batch (--batch)');
  return opts as Options;
}
