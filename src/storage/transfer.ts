/**
 * Export profiles to a file and import them back, optionally encrypted with the file's own passphrase. Import is
 * two steps — `parseExport` (validate, show what would change) then `applyImport` (with the user's decisions) — so
 * a bad file changes nothing and no household is ever overwritten without being asked.
 */
import {
  decryptBytes, deriveKey, encryptBytes, fromBase64, isWrongKey, newPbkdf2Params, randomId, toBase64, utf8Decode, utf8Encode,
  type IterationOptions, type Pbkdf2Params,
} from './crypto';
import { PassphraseError } from './errors';
import { checkLocalFigure } from './figures';
import { profileProblems } from './records';
import type { LocalFigure, Profile, Store, StoreExtras } from './types';

export const EXPORT_FORMAT = 'huimin-export';
export const EXPORT_VERSION = 1;
/** Decrypting a file must not hang the phone: refuse absurd costs a crafted file could ask for. */
const MAX_FILE_ITERATIONS = 10_000_000;
const AAD = `${EXPORT_FORMAT}/${EXPORT_VERSION}`;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_VERSION;
  exportedAt: string;
  profiles: Profile[];
  /** Figures entered on the device (本地录入) and imported from region files; absent in files from before them. */
  figures?: LocalFigure[];
}

/** An {@link ExportFile} encrypted whole: AES-GCM under a PBKDF2 key; iv, salt and ciphertext in base64. */
export interface EncryptedExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_VERSION;
  encrypted: true;
  kdf: Pbkdf2Params;
  iv: string;
  ciphertext: string;
}

export interface ExportOptions extends IterationOptions {
  /** Profiles to export, in this order; all (most recent first) when left out. */
  ids?: string[];
  /** Encrypt the file with this passphrase. */
  passphrase?: string;
  now?: () => Date;
}

export type ImportErrorCode =
  | 'malformed-json' | 'not-huimin' | 'unsupported-version' | 'passphrase-required' | 'wrong-passphrase'
  | 'invalid-file' | 'invalid-profile' | 'invalid-household' | 'duplicate-id' | 'missing-decision';

export interface ImportProblem {
  /** Where in the file, e.g. `profiles[3].household.members[0].age`. */
  path: string;
  zh: string;
  en: string;
}

/** Why a file cannot be imported, in Chinese and English. `problems` lists every problem found (the first is in the message). */
export class ImportError extends Error {
  readonly path?: string;
  constructor(
    readonly code: ImportErrorCode,
    readonly zh: string,
    readonly en: string,
    readonly problems: ImportProblem[] = [],
  ) {
    super(`${zh} / ${en}`);
    this.name = 'ImportError';
    if (problems[0]) this.path = problems[0].path;
  }
}

export interface ImportConflict {
  incoming: Profile;
  existing: Profile;
  /** Same content: importing it changes nothing, no decision needed. */
  identical: boolean;
}

export interface ImportPreview {
  exportedAt: string;
  profiles: Profile[];
  /** Figures in the file (entered on the exporting device or imported there from region files). */
  figures: LocalFigure[];
  /** Incoming profiles whose id is already on this device. */
  conflicts: ImportConflict[];
}

/**
 * What to do with a household that is already on the device: keep both (the incoming one gets a new id), keep the
 * one updated last (the existing one on a tie), keep the existing one, or replace it with the incoming one.
 */
export type ConflictDecision = 'keep-both' | 'keep-newer' | 'keep-existing' | 'replace';

export interface ImportResult {
  /** Ids saved as new profiles (for keep-both, the new id). */
  added: string[];
  replaced: string[];
  /** Incoming profiles not saved because the existing one was kept (or was identical). */
  kept: string[];
  /** When the file carries figures: how many were added (one already on this device, by id, is kept as it is). */
  figuresAdded?: number;
}

export function exportFileName(date = new Date()): string {
  return `huimin-export-${date.toISOString().slice(0, 10)}.json`;
}

export async function exportProfiles(store: Store, o: ExportOptions = {}): Promise<string> {
  const ids = o.ids ?? (await store.listProfiles()).map((s) => s.id);
  const profiles: Profile[] = [];
  for (const id of ids) {
    const p = await store.getProfile(id);
    if (!p) throw new Error(`找不到档案 ${id} / no profile with id ${id}`);
    profiles.push(p);
  }
  const figures = await store.listFigures();
  const file: ExportFile = { format: EXPORT_FORMAT, formatVersion: EXPORT_VERSION, exportedAt: (o.now?.() ?? new Date()).toISOString(), profiles, ...(figures.length ? { figures } : {}) };
  if (o.passphrase === undefined) return JSON.stringify(file);
  if (o.passphrase === '') throw new PassphraseError('empty', '密码不能为空。', 'The passphrase cannot be empty.');
  const kdf = newPbkdf2Params(o);
  const key = await deriveKey(o.passphrase, kdf, ['encrypt']);
  const { iv, ct } = await encryptBytes(key, utf8Encode(JSON.stringify(file)), AAD);
  const enc: EncryptedExportFile = { format: EXPORT_FORMAT, formatVersion: EXPORT_VERSION, encrypted: true, kdf, iv: toBase64(iv), ciphertext: toBase64(ct) };
  return JSON.stringify(enc);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate an export file (decrypting it when needed) and list the conflicts with `store`. Reads only. */
export async function parseExport(text: string, passphrase?: string, store?: Store): Promise<ImportPreview> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError('malformed-json', '文件已损坏或不是 JSON 格式。', 'The file is damaged or is not JSON.');
  }
  checkHeader(data);
  if ((data as { encrypted?: unknown }).encrypted !== undefined) data = await decryptFile(data as Record<string, unknown>, passphrase);
  const file = checkFile(data as Record<string, unknown>);
  const conflicts: ImportConflict[] = [];
  if (store) {
    for (const incoming of file.profiles) {
      const existing = await store.getProfile(incoming.id);
      if (existing) conflicts.push({ incoming, existing, identical: canonical(existing) === canonical(incoming) });
    }
  }
  return { exportedAt: file.exportedAt, profiles: file.profiles, figures: file.figures ?? [], conflicts };
}

function checkHeader(data: unknown): asserts data is Record<string, unknown> {
  if (!isObj(data) || data.format !== EXPORT_FORMAT) {
    throw new ImportError('not-huimin', '这不是惠民导出的文件。', 'This is not a Huimin export file.');
  }
  if (data.formatVersion !== EXPORT_VERSION) {
    const newer = typeof data.formatVersion === 'number' && data.formatVersion > EXPORT_VERSION;
    throw new ImportError(
      'unsupported-version',
      newer ? `文件由较新版本的惠民导出（格式版本 ${String(data.formatVersion)}），请先更新应用。` : `不支持的文件格式版本：${String(data.formatVersion)}。`,
      newer ? `The file was exported by a newer Huimin (format version ${String(data.formatVersion)}): update the app first.` : `Unsupported file format version: ${String(data.formatVersion)}.`,
    );
  }
}

async function decryptFile(d: Record<string, unknown>, passphrase: string | undefined): Promise<unknown> {
  const bad = (what: string): ImportError => new ImportError('invalid-file', `加密文件已损坏（${what}）。`, `The encrypted file is damaged (${what}).`);
  const kdf = d.kdf;
  if (d.encrypted !== true) throw bad('encrypted');
  if (!isObj(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || typeof kdf.salt !== 'string') throw bad('kdf');
  const it = kdf.iterations;
  if (typeof it !== 'number' || !Number.isInteger(it) || it < 1 || it > MAX_FILE_ITERATIONS) throw bad('kdf.iterations');
  if (typeof d.iv !== 'string' || typeof d.ciphertext !== 'string') throw bad('iv/ciphertext');
  let iv: Uint8Array<ArrayBuffer>, ct: Uint8Array<ArrayBuffer>;
  try {
    iv = fromBase64(d.iv);
    ct = fromBase64(d.ciphertext);
    fromBase64(kdf.salt);
  } catch {
    throw bad('base64');
  }
  if (iv.length !== 12) throw bad('iv');
  if (!passphrase) throw new ImportError('passphrase-required', '此文件已加密，请输入导出时设置的密码。', 'This file is encrypted: enter the passphrase it was exported with.');
  const params: Pbkdf2Params = { name: 'PBKDF2', hash: 'SHA-256', iterations: it, salt: kdf.salt };
  let plain: string;
  try {
    plain = utf8Decode(await decryptBytes(await deriveKey(passphrase, params, ['decrypt']), iv, ct, AAD));
  } catch (e) {
    if (!isWrongKey(e)) throw e;
    throw new ImportError('wrong-passphrase', '密码错误，或文件已被改动。', 'Wrong passphrase, or the file was changed.');
  }
  let inner: unknown;
  try {
    inner = JSON.parse(plain);
  } catch {
    throw bad('content');
  }
  checkHeader(inner);
  if (inner.encrypted !== undefined) throw bad('nested encryption');
  return inner;
}

const MAX_PROBLEMS = 50;

function checkFile(d: Record<string, unknown>): ExportFile {
  const problems: ImportProblem[] = [];
  let code: ImportErrorCode = 'invalid-profile';
  const add = (path: string, zh: string, en: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, zh, en });
  };
  if (typeof d.exportedAt !== 'string' || Number.isNaN(Date.parse(d.exportedAt))) add('exportedAt', '导出时间无效', 'exportedAt must be a date-time');
  if (!Array.isArray(d.profiles)) {
    add('profiles', '缺少档案列表', 'profiles must be a list');
    throw new ImportError('invalid-file', '文件内容不完整：缺少档案列表。', 'The file is incomplete: the list of profiles is missing.', problems);
  }
  const seen = new Set<string>();
  d.profiles.forEach((p: unknown, i: number) => {
    const at = `profiles[${i}]`;
    const zhAt = `第${i + 1}条档案`;
    const enAt = `profile ${i + 1}`;
    // The same checks as a profile read from the device (records.ts), strict: a file must be complete.
    for (const problem of profileProblems(p, at, zhAt, enAt, true)) {
      if (code === 'invalid-profile' && problem.path.startsWith(`${at}.household`)) code = 'invalid-household';
      add(problem.path, problem.zh, problem.en);
    }
    if (isObj(p) && typeof p.id === 'string' && p.id !== '' && p.id.length <= 200) {
      if (seen.has(p.id)) {
        code = 'duplicate-id';
        add(`${at}.id`, `${zhAt}的编号“${p.id}”重复`, `${enAt}: id "${p.id}" appears twice`);
      } else seen.add(p.id);
    }
  });
  if (d.figures !== undefined) {
    if (!Array.isArray(d.figures)) add('figures', '本地录入的标准应为列表', 'figures must be a list');
    else d.figures.forEach((f: unknown, i: number) => {
      const bad = checkLocalFigure(f);
      if (bad.length) add(`figures[${i}]`, `第${i + 1}项本地录入的标准无效（${bad[0]}）`, `figure ${i + 1} is not valid (${bad[0]})`);
    });
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? [`（另有 ${problems.length - 1} 处问题）`, ` (and ${problems.length - 1} more)`] : ['', ''];
    throw new ImportError(code, `无法导入：${first.zh}${more[0]}`, `Cannot import: ${first.en}${more[1]}`, problems);
  }
  return d as unknown as ExportFile;
}

/** JSON with sorted keys, so equal content compares equal whatever the key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );
}

/**
 * Save a parsed file. Conflicts are looked up again (the device may have changed since the preview); every
 * conflicting, non-identical household needs a decision, or nothing is written. All profiles are saved in one
 * transaction when the store can.
 */
export async function applyImport(
  store: Store & Partial<StoreExtras>,
  preview: ImportPreview,
  decisions: Record<string, ConflictDecision> = {},
): Promise<ImportResult> {
  const result: ImportResult = { added: [], replaced: [], kept: [] };
  const toSave: Profile[] = [];
  const undecided: string[] = [];
  for (const incoming of preview.profiles) {
    const existing = await store.getProfile(incoming.id);
    if (!existing) {
      toSave.push(incoming);
      result.added.push(incoming.id);
      continue;
    }
    if (canonical(existing) === canonical(incoming)) {
      result.kept.push(incoming.id);
      continue;
    }
    const d = decisions[incoming.id];
    if (d === 'replace' || (d === 'keep-newer' && Date.parse(incoming.updatedAt) > Date.parse(existing.updatedAt))) {
      toSave.push(incoming);
      result.replaced.push(incoming.id);
    } else if (d === 'keep-existing' || d === 'keep-newer') {
      result.kept.push(incoming.id);
    } else if (d === 'keep-both') {
      const copy = { ...incoming, id: `${incoming.id}-${randomId(4)}` };
      toSave.push(copy);
      result.added.push(copy.id);
    } else {
      undecided.push(incoming.id);
    }
  }
  if (undecided.length > 0) {
    throw new ImportError(
      'missing-decision',
      `有 ${undecided.length} 户家庭已在本机且内容不同，请先选择如何处理。`,
      `${undecided.length} household(s) already on this device differ: choose what to do with each first.`,
      undecided.map((id) => ({ path: id, zh: `档案 ${id} 需要选择处理方式`, en: `profile ${id} needs a decision` })),
    );
  }
  if (store.putProfiles) await store.putProfiles(toSave);
  else for (const p of toSave) await store.putProfile(p);
  if (preview.figures.length) {
    const have = new Set((await store.listFigures()).map((f) => f.id));
    const fresh = preview.figures.filter((f) => !have.has(f.id));
    await store.putFigures(fresh);
    result.figuresAdded = fresh.length;
  }
  return result;
}
