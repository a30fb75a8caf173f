/**
 * Text of a CSV file in UTF-8 (with or without BOM) or GBK, which Excel and WPS write on Chinese Windows ("CSV"
 * there means the ANSI code page, 936). Decided at the first byte that is not ASCII — everything before it reads
 * the same in both — by whether what follows is valid UTF-8. Node's TextDecoder (full ICU) reads GBK itself
 * ('gbk' is decoded as its superset GB18030), so no decoding library is needed.
 *
 * Bytes that are not valid in the chosen encoding become U+FFFD; the CSV reader reports the rows holding one, so
 * nothing is silently read as something else.
 */
export type Encoding = 'utf-8' | 'gbk';

/** Enough bytes after the first non-ASCII one to tell UTF-8 from GBK with confidence. */
const SNIFF_BYTES = 256;

function firstNonAscii(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return i;
  return -1;
}

/** Whether `b` is valid UTF-8, allowing a character cut off at the end (more bytes are coming). */
export function looksUtf8(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return false;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return true;
      if ((b[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

export async function* decodeText(source: AsyncIterable<Buffer | Uint8Array>, onEncoding?: (e: Encoding) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let held: Uint8Array[] = [];
  let heldLength = 0;
  let first = true;
  const choose = (bytes: Uint8Array, final: boolean): void => {
    const at = firstNonAscii(bytes);
    if (at === -1 && !final) return;
    if (at !== -1 && bytes.length - at < SNIFF_BYTES && !final) return;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const enc: Encoding = bom || at === -1 || looksUtf8(bytes.subarray(at, at + SNIFF_BYTES * 4)) ? 'utf-8' : 'gbk';
    decoder = new TextDecoder(enc);
    onEncoding?.(enc);
  };
  for await (const chunk of source) {
    if (decoder) {
      yield (decoder as TextDecoder).decode(chunk, { stream: true });
      continue;
    }
    held.push(chunk);
    heldLength += chunk.length;
    const bytes = held.length === 1 ? held[0]! : Buffer.concat(held);
    // Pure ASCII so far reads the same either way: pass it on without deciding (a roster may be long before
    // its first Chinese character), keeping back nothing.
    if (firstNonAscii(bytes) === -1) {
      held = [];
      heldLength = 0;
      const s = new TextDecoder('utf-8').decode(bytes);
      yield first ? s.replace(/^\uFEFF/, '') : s;
      first = false;
      continue;
    }
    choose(bytes, false);
    if (decoder) {
      held = [];
      heldLength = 0;
      // TextDecoder drops a BOM at the start of its stream by itself.
      yield (decoder as TextDecoder).decode(bytes, { stream: true });
      first = false;
    }
  }
  if (!decoder && heldLength) {
    const bytes = Buffer.concat(held);
    choose(bytes, true);
    yield (decoder as unknown as TextDecoder).decode(bytes, { stream: true });
  }
  if (decoder) {
    const rest = (decoder as TextDecoder).decode();
    if (rest) yield rest;
  }
}
