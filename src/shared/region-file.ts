/**
 * Region files an office can publish: one region's figures with their sources, signed with the office's key
 * (ECDSA P-256 with SHA-256, WebCrypto — the same code signs in Node and verifies in the browser).
 *
 * The payload is kept as the exact text that was signed (a JSON string inside the file), so verifying needs no
 * canonical form: the signature covers those bytes, and any change to them — a figure, a date, the publisher's
 * name — makes it fail. Nothing in the payload is read before the signature has been checked.
 */
import type { LocalFigure } from '../engine/overlay';
import type { DatedValue, Localized, RulePack, SourceDoc, Unit } from '../engine/pack';
import { malformedText, REGION_FILE } from '../engine/malformed';

export const REGION_FILE_FORMAT = 'huimin-region-file';
export const REGION_FILE_VERSION = 1;
export const KEY_FILE_FORMAT = 'huimin-region-key';
export const SIGNATURE_ALG = 'ECDSA-P256-SHA256';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface RegionFilePayload {
  region: { id: string; code?: string; name: Localized; parent: string | null };
  publisher: { name: string };
  /** The day the office issued the file (YYYY-MM-DD). */
  issued: string;
  /** Version of the rules it was checked against. */
  rulesVersion: string;
  parameters: Record<string, { label: Localized; unit: Unit; values: DatedValue[] }>;
  sources: Record<string, SourceDoc>;
}

export interface RegionFile {
  format: typeof REGION_FILE_FORMAT;
  formatVersion: typeof REGION_FILE_VERSION;
  /** The signed text: JSON of a {@link RegionFilePayload}. */
  payload: string;
  signature: { alg: typeof SIGNATURE_ALG; publicKey: PublicJwk; value: string };
}

/** What an office hands out so others can trust its files (made by `npm run rules:region-key`). */
export interface PublicKeyFile {
  format: typeof KEY_FILE_FORMAT;
  formatVersion: 1;
  publisher: string;
  keyId: string;
  publicKey: PublicJwk;
}

/** A key the user chose to trust, with the name it was trusted under. */
export interface TrustedKey {
  keyId: string;
  name: string;
  publicKey: PublicJwk;
  addedAt: string;
}

export type RegionFileErrorCode =
  | 'malformed-json' | 'not-region-file' | 'unsupported-version' | 'bad-signature' | 'tampered' | 'invalid-content' | 'not-a-key';

/** Why a file is refused, in Chinese and English; `path`: where in the payload, for malformed contents. */
export class RegionFileError extends Error {
  constructor(
    readonly code: RegionFileErrorCode,
    readonly zh: string,
    readonly en: string,
    readonly path?: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'RegionFileError';
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function toBase64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function publicPart(k: Record<string, unknown>): PublicJwk {
  return { kty: 'EC', crv: 'P-256', x: String(k.x), y: String(k.y) };
}

function isPublicJwk(k: unknown): k is PublicJwk {
  return isObj(k) && k.kty === 'EC' && k.crv === 'P-256' && typeof k.x === 'string' && typeof k.y === 'string' && k.d === undefined;
}

/** A key's id: SHA-256 of its public coordinates, 32 hex digits (shown in groups of four to compare by eye). */
export async function keyIdOf(k: PublicJwk): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify({ crv: k.crv, kty: k.kty, x: k.x, y: k.y }));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...hash.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function formatKeyId(id: string): string {
  return (id.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** A new key pair for an office: the private key (JWK, keep it secret) and the public key file to hand out. */
export async function makeKeyPair(publisher: string): Promise<{ privateJwk: JsonWebKey; publicFile: PublicKeyFile }> {
  const pair = (await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicKey = publicPart((await crypto.subtle.exportKey('jwk', pair.publicKey)) as Record<string, unknown>);
  return { privateJwk, publicFile: { format: KEY_FILE_FORMAT, formatVersion: 1, publisher, keyId: await keyIdOf(publicKey), publicKey } };
}

export async function signRegionFile(payload: RegionFilePayload, privateJwk: JsonWebKey): Promise<string> {
  const text = JSON.stringify(payload);
  const key = await crypto.subtle.importKey('jwk', privateJwk, ECDSA, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign(SIGN, key, new TextEncoder().encode(text)));
  const file: RegionFile = {
    format: REGION_FILE_FORMAT,
    formatVersion: REGION_FILE_VERSION,
    payload: text,
    signature: { alg: SIGNATURE_ALG, publicKey: publicPart(privateJwk as Record<string, unknown>), value: toBase64(sig) },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Read a public key file an office handed out. */
export async function readKeyFile(text: string): Promise<{ name: string; keyId: string; publicKey: PublicJwk }> {
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch {
    throw new RegionFileError('malformed-json', '文件已损坏或不是 JSON 格式。', 'The file is damaged or is not JSON.');
  }
  if (!isObj(d) || d.format !== KEY_FILE_FORMAT || !isPublicJwk(d.publicKey) || typeof d.publisher !== 'string' || !d.publisher.trim()) {
    throw new RegionFileError('not-a-key', '这不是惠民的发布单位公钥文件。', 'This is not a Huimin publisher key file.');
  }
  const keyId = await keyIdOf(d.publicKey);
  return { name: d.publisher.trim(), keyId, publicKey: d.publicKey };
}

export interface VerifiedRegionFile {
  payload: RegionFilePayload;
  keyId: string;
  /** The key that signed it (to trust it, once the user has compared the fingerprint). */
  publicKey: PublicJwk;
  /** The trusted key that signed it; null when the signature is good but the key is not (yet) trusted. */
  trustedAs: TrustedKey | null;
}

/**
 * Check a region file: its form, then its signature, then (only then) its contents against the rules this app has.
 * Throws {@link RegionFileError} with the reason; reads nothing else and changes nothing.
 */
export async function readRegionFile(text: string, trusted: readonly TrustedKey[], pack: Pick<RulePack, 'parameters'>): Promise<VerifiedRegionFile> {
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch {
    throw new RegionFileError('malformed-json', '文件已损坏或不是 JSON 格式。', 'The file is damaged or is not JSON.');
  }
  if (!isObj(d) || d.format !== REGION_FILE_FORMAT) throw new RegionFileError('not-region-file', '这不是惠民的地区数据文件。', 'This is not a Huimin region file.');
  if (d.formatVersion !== REGION_FILE_VERSION) {
    throw new RegionFileError('unsupported-version', `不支持的地区数据文件版本：${String(d.formatVersion)}，请先更新应用。`, `Unsupported region file version ${String(d.formatVersion)}: update the app first.`);
  }
  const sig = d.signature;
  if (typeof d.payload !== 'string' || !isObj(sig) || sig.alg !== SIGNATURE_ALG || !isPublicJwk(sig.publicKey) || typeof sig.value !== 'string') {
    throw new RegionFileError('bad-signature', '文件没有有效的签名。', 'The file has no valid signature.');
  }
  let ok = false;
  try {
    const key = await crypto.subtle.importKey('jwk', { ...sig.publicKey, ext: true }, ECDSA, false, ['verify']);
    ok = await crypto.subtle.verify(SIGN, key, fromBase64(sig.value), new TextEncoder().encode(d.payload));
  } catch {
    throw new RegionFileError('bad-signature', '文件的签名或密钥已损坏。', 'The signature or key in the file is damaged.');
  }
  if (!ok) {
    throw new RegionFileError('tampered', '签名不符：文件在签名后被改动过，或已损坏。未作任何更改。', 'The signature does not match: the file was changed after it was signed, or is damaged. Nothing was changed.');
  }
  const keyId = await keyIdOf(sig.publicKey);
  let payload: unknown;
  try {
    payload = JSON.parse(d.payload);
  } catch {
    throw new RegionFileError('invalid-content', '文件内容不是有效的 JSON。', 'The file contents are not valid JSON.');
  }
  checkPayload(payload, pack);
  return { payload, keyId, publicKey: publicPart(sig.publicKey as unknown as Record<string, unknown>), trustedAs: trusted.find((k) => k.keyId === keyId) ?? null };
}

/** Malformed contents, worded as the engine words a malformed household (engine/malformed.ts), naming the field. */
function invalid(path: string, zh: string, en: string): never {
  const text = malformedText(REGION_FILE, path, { zh, en });
  throw new RegionFileError('invalid-content', text.zh, text.en, path);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The payload must say who, when and where, and every figure must be one this app's rules know, in their unit. */
function checkPayload(p: unknown, pack: Pick<RulePack, 'parameters'>): asserts p is RegionFilePayload {
  if (!isObj(p) || !isObj(p.region) || !isObj(p.publisher) || !isObj(p.parameters)) invalid('', '缺少地区、发布单位或数字', 'region, publisher or figures missing');
  const r = p.region;
  if (typeof r.id !== 'string' || !/^cn(-[a-z0-9]+)*$/.test(r.id)) invalid('region.id', '地区编号无效', 'the region id is not valid');
  if (r.code !== undefined && (typeof r.code !== 'string' || !/^\d{6}$/.test(r.code))) invalid('region.code', '地区代码应为6位数字', 'the region code must be 6 digits');
  if (!isObj(r.name) || typeof r.name.zh !== 'string') invalid('region.name', '缺少地区名称', 'the region has no name');
  if (typeof p.publisher.name !== 'string' || !p.publisher.name.trim()) invalid('publisher.name', '缺少发布单位名称', 'the publisher has no name');
  if (typeof p.issued !== 'string' || !DATE.test(p.issued)) invalid('issued', '发布日期无效', 'the issue date is not a date');
  const ids = Object.keys(p.parameters);
  if (ids.length === 0) invalid('parameters', '文件中没有任何数字', 'the file has no figures');
  for (const id of ids) {
    const def = pack.parameters[id];
    if (!def) invalid(`parameters.${id}`, `本应用不认识“${id}”，请先更新应用`, `this app does not know "${id}": update it first`);
    const entry = (p.parameters as Record<string, unknown>)[id];
    if (!isObj(entry) || entry.unit !== def.unit || !Array.isArray(entry.values) || entry.values.length === 0) invalid(`parameters.${id}`, `“${id}”的单位或数值不对`, `"${id}" has the wrong unit or no values`);
    (entry.values as unknown[]).forEach((v, k) => {
      const at = `parameters.${id}.values[${k}]`;
      if (!isObj(v) || typeof v.from !== 'string' || !DATE.test(v.from) || !isObj(v.source) || typeof v.source.doc !== 'string') invalid(at, `“${id}”的某个数值缺少日期或来源`, `a value of "${id}" lacks its date or source`);
      if (!valueFits(v.value, def.unit)) invalid(`${at}.value`, `“${id}”的数值 ${JSON.stringify(v.value)} 不符合单位`, `the value ${JSON.stringify(v.value)} of "${id}" does not fit its unit`);
    });
  }
}

function valueFits(v: unknown, unit: Unit): boolean {
  if (v === null) return true;
  if (unit === 'flag') return typeof v === 'boolean';
  if (unit === 'text') return typeof v === 'string';
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && (unit !== 'ratio' || n <= 1);
  if (typeof v === 'number') return ok(v);
  if (!isObj(v)) return false;
  if ('atLeast' in v) return ok(v.atLeast);
  return ok(v.min) && ok(v.max) && (v.min as number) <= (v.max as number);
}

/**
 * The figures a verified file brings, for the region it names (by code when it has one). Values nobody knows
 * (null) add nothing and are left out. Each carries the publisher as its source and strength `published`.
 */
export function figuresOf(file: VerifiedRegionFile, regionId: string, importedAt: string): LocalFigure[] {
  const { payload: p, keyId } = file;
  const out: LocalFigure[] = [];
  for (const [param, entry] of Object.entries(p.parameters)) {
    for (const v of entry.values) {
      if (v.value === null || typeof v.value === 'string') continue;
      const doc = p.sources[v.source.doc];
      const where = [doc ? doc.title.zh : v.source.doc, v.source.where].filter(Boolean).join(' ');
      out.push({
        id: `rf-${keyId.slice(0, 8)}-${p.region.code ?? p.region.id}-${param}-${v.from}`,
        region: regionId,
        ...(p.region.code ? { code: p.region.code } : {}),
        param,
        from: v.from,
        value: v.value,
        strength: 'published',
        ...(v.strength === 'planned' ? { approx: true } : {}),
        entered: { at: importedAt, source: `${p.publisher.name}：${where}`, publisher: { name: p.publisher.name, issued: p.issued, keyId } },
        citation: { doc: `${p.publisher.name}：${doc ? doc.title.zh : v.source.doc}`, ...(v.source.where ? { where: v.source.where } : {}), ...(v.source.quote ? { quote: v.source.quote } : {}) },
        ...(v.note ? { note: v.note } : {}),
      });
    }
  }
  return out;
}
