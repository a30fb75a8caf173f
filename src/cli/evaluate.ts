/**
 * npm run --silent evaluate -- FILE|- [--date YYYY-MM-DD] [--region ID] [--lang zh-CN|en] [--format json|text] [--batch]
 *
 * Exit codes: 0 success; 2 invalid input (message on stderr, no stack trace); 1 internal error.
 * --batch reads JSON Lines: one household per line in, one report (or {"line", "error"}) per line out.
 */
import { readFileSync } from 'node:fs';
import { RuleBuildError } from '../build/rules';
import { loadPackFromDisk } from '../build/pack-file';
import { compilePack, type CompiledPack } from '../engine/compile';
import { evaluate } from '../engine/evaluate';
import { isValidDate, type Household } from '../engine/household';
import { validateHousehold, type ValidationError } from '../engine/validate';
import type { Report } from '../engine/report';
import type { Lang } from '../shared/format';
import { createI18n } from '../shared/i18n';
import { renderTextReport } from './text-report';
import zh from '../i18n/locales/zh-CN.json' with { type: 'json' };
import en from '../i18n/locales/en.json' with { type: 'json' };

class InputError extends Error {
  constructor(readonly messages: { zh: string; en: string }[]) {
    super(messages.map((m) => `${m.zh} / ${m.en}`).join('\n'));
  }
}

const USAGE = `用法 / usage:
  npm run --silent evaluate -- FILE|- [--date YYYY-MM-DD] [--region ID] [--lang zh-CN|en] [--format json|text] [--batch]
  FILE   household JSON (format: src/engine/household.schema.json); "-" reads standard input
  --batch  JSON Lines: one household per line; one report per line out`;

interface Options {
  file: string;
  date?: string;
  region?: string;
  lang: Lang;
  format: 'json' | 'text';
  batch: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Partial<Options> = { lang: 'zh-CN', format: 'json', batch: false };
  const bad = (zh: string, en: string): never => {
    throw new InputError([{ zh, en }]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => argv[++i] ?? bad(`${a} 后面缺少取值`, `${a} needs a value`);
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
      case '--lang': {
        const l = value();
        if (l !== 'zh-CN' && l !== 'en') bad(`--lang 只能是 zh-CN 或 en，收到“${l}”`, `--lang must be zh-CN or en, got "${l}"`);
        opts.lang = l as Lang;
        break;
      }
      case '--format': {
        const f = value();
        if (f !== 'json' && f !== 'text') bad(`--format 只能是 json 或 text，收到“${f}”`, `--format must be json or text, got "${f}"`);
        opts.format = f as 'json' | 'text';
        break;
      }
      case '--batch':
        opts.batch = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        if (a.startsWith('--')) bad(`未知选项 ${a}`, `unknown option ${a}`);
        if (opts.file) bad(`只能给一个输入文件（多余：${a}）`, `only one input file (extra: ${a})`);
        opts.file = a;
    }
  }
  if (!opts.file) bad('缺少输入文件（或用 - 表示标准输入）', 'missing input file (or - for standard input)');
  return opts as Options;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new InputError([{ zh: `无法读取输入文件“${file}”（${code}）`, en: `cannot read input file "${file}" (${code})` }]);
  }
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Parse, validate and evaluate one household; input problems become an InputError. */
function evaluateText(text: string, cp: CompiledPack, opts: Options): Report {
  let json: unknown;
  try {
    json = JSON.parse(text);
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
  return evaluate(h, cp, { region, date: opts.date ?? h.date ?? today() });
}

function errorsOf(e: InputError): ValidationError[] | { zh: string; en: string }[] {
  return e.messages;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const cp = compilePack(loadPackFromDisk());
  const input = readInput(opts.file);
  const i18n = opts.format === 'text' ? await createI18n(opts.lang, { 'zh-CN': zh, en }, cp.pack) : null;
  const render = (r: Report, household?: Household): string =>
    opts.format === 'text' && i18n ? renderTextReport(r, household, cp.pack, i18n.t.bind(i18n), opts.lang) : JSON.stringify(r);

  if (!opts.batch) {
    const report = evaluateText(input, cp, opts);
    process.stdout.write(`${opts.format === 'json' ? JSON.stringify(report, null, 2) : render(report, JSON.parse(input) as Household)}\n`);
    return 0;
  }
  const lines = input.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const report = evaluateText(line, cp, opts);
      process.stdout.write(`${render(report, JSON.parse(line) as Household)}\n`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const err = { line: i + 1, error: { code: 'invalid-input', messages: errorsOf(e) } };
      process.stdout.write(`${opts.format === 'json' ? JSON.stringify(err) : `# line ${i + 1}: ${e.message}`}\n`);
    }
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof InputError) {
      process.stderr.write(`输入无效 / invalid input:\n${e.messages.map((m) => `  - ${m.zh}\n    ${m.en}`).join('\n')}\n`);
      process.exit(2);
    }
    if (e instanceof RuleBuildError) {
      process.stderr.write(`规则文件有误 / the rule files have problems:\n${e.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`内部错误 / internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.HUIMIN_DEBUG) console.error(e);
    process.exit(1);
  },
);
