/**
 * WebCrypto building blocks for protection at rest and encrypted exports: AES-GCM-256 with a fresh random 96-bit IV
 * per encryption, keys from passphrases by PBKDF2-SHA256. Nothing here touches storage.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. Production code never goes below it. */
export const MIN_PBKDF2_ITERATIONS = 600_000;

/** Stored next to whatever it protects, so the key can be derived again (and the cost raised later). */
export interface Pbkdf2Params {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** 16 random bytes, base64. */
  salt: string;
}

export interface IterationOptions {
  /**
   * TEST ONLY: fewer PBKDF2 iterations so tests do not spend a second per key. The app never sets it; without it
   * the count is {@link MIN_PBKDF2_ITERATIONS}.
   */
  unsafeTestIterations?: number;
}

/** AES-GCM output as kept in IndexedDB (binary, so no base64 overhead). `kid` names the data key used. */
export interface Sealed {
  kid: string;
  iv: Uint8Array<ArrayBuffer>;
  ct: ArrayBuffer;
}

/** A data key encrypted ("wrapped") by the key derived from the passphrase. */
export interface WrappedKey {
  iv: Uint8Array<ArrayBuffer>;
  key: ArrayBuffer;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Random hex id (key ids, new profile ids). */
export function randomId(bytes = 8): string {
  return Array.from(randomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function pbkdf2Iterations(o?: IterationOptions): number {
  const t = o?.unsafeTestIterations;
  if (t === undefined) return MIN_PBKDF2_ITERATIONS;
  if (!Number.isInteger(t) || t < 1) throw new RangeError('unsafeTestIterations must be a positive integer');
  return t;
}

export function newPbkdf2Params(o?: IterationOptions): Pbkdf2Params {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations: pbkdf2Iterations(o), salt: toBase64(randomBytes(16)) };
}

/**
 * AES-GCM key from a passphrase. NFC first, so the same passphrase typed through different input methods
 * gives the same key.
 */
export async function deriveKey(passphrase: string, p: Pbkdf2Params, usages: KeyUsage[]): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(p.salt), iterations: p.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
}

/** A random data key; extractable only so it can be wrapped. */
export function generateDataKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']) as Promise<CryptoKey>;
}

export async function wrapDataKey(dek: CryptoKey, kek: CryptoKey): Promise<WrappedKey> {
  const iv = randomBytes(12);
  return { iv, key: await subtle().wrapKey('raw', dek, kek, { name: 'AES-GCM', iv }) };
}

/** Throws an `OperationError` DOMException when `kek` is not the key it was wrapped with (wrong passphrase). */
export function unwrapDataKey(w: WrappedKey, kek: CryptoKey, extractable: boolean): Promise<CryptoKey> {
  return subtle().unwrapKey('raw', w.key, kek, { name: 'AES-GCM', iv: w.iv }, { name: 'AES-GCM' }, extractable, ['encrypt', 'decrypt']);
}

/** AES-GCM refuses to decrypt: wrong key, or the bytes were changed. */
export function isWrongKey(e: unknown): boolean {
  return e instanceof Error && e.name === 'OperationError';
}

export async function encryptBytes(key: CryptoKey, data: Uint8Array<ArrayBuffer>, aad: string): Promise<{ iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer }> {
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(aad) }, key, data);
  return { iv, ct };
}

export function decryptBytes(key: CryptoKey, iv: Uint8Array<ArrayBuffer>, ct: ArrayBuffer | Uint8Array<ArrayBuffer>, aad: string): Promise<ArrayBuffer> {
  return subtle().decrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(aad) }, key, ct);
}

/**
 * Encrypt a JSON value. `aad` names where the record lives (store/key), so a ciphertext copied onto another record
 * fails to decrypt instead of silently showing the wrong household.
 */
export async function sealJson(key: CryptoKey, kid: string, value: unknown, aad: string): Promise<Sealed> {
  const { iv, ct } = await encryptBytes(key, utf8.encode(JSON.stringify(value)), aad);
  return { kid, iv, ct };
}

export async function openJson<T>(key: CryptoKey, s: Sealed, aad: string): Promise<T> {
  return JSON.parse(fromUtf8.decode(await decryptBytes(key, s.iv, s.ct, aad))) as T;
}

export function utf8Encode(s: string): Uint8Array<ArrayBuffer> {
  return utf8.encode(s);
}

export function utf8Decode(b: ArrayBuffer): string {
  return fromUtf8.decode(b);
}

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  // Chunked: String.fromCharCode(...bigArray) overflows the stack on large exports.
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Throws on text that is not base64. */
export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
  return u;
}
