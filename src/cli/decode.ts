/**
 * Text of a CSV file in UTF-8 (with or without BOM) or GBK, which Excel and WPS write on Chinese Windows ("CSV"
 * there means the ANSI code page, 936). Decided at the first byte that is not ASCII — everything before it reads
 * the same in both — by whether what follows is valid UTF-8. Node's TextDecoder (full ICU) reads GBK itself
 * ('gbk' is decoded as its superset GB18030), so no decoding library is needed.
 *
 * Bytes that are not valid in the chosen encoding become U+FFFD; the CSV reader reports the rows holding one, so
 * nothing is silently read as something else. (ICU's GBK decoder skips some invalid bytes without a trace, so GBK
 * input is checked here byte by byte first.)
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

/**
 * GBK (CP936, and GB18030's four-byte forms) checked as it streams: valid runs go to the decoder, each invalid byte
 * becomes U+FFFD. A sequence cut off at the end of a chunk waits for the next one.
 */
export class GbkDecoder {
  private readonly decoder = new TextDecoder('gbk');
  private held: Uint8Array = new Uint8Array(0);

  /** Length of the valid sequence at `i` (1, 2 or 4), 0 if invalid, -1 if cut off by the end. */
  private static sequence(b: Uint8Array, i: number): number {
    const c = b[i]!;
    if (c <= 0x80) return 1;
    if (c === 0xff) return 0;
    if (i + 1 >= b.length) return -1;
    const d = b[i + 1]!;
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) return 2;
    if (d >= 0x30 && d <= 0x39) {
      if (i + 3 >= b.length) return -1;
      const e = b[i + 2]!;
      const f = b[i + 3]!;
      return e >= 0x81 && e <= 0xfe && f >= 0x30 && f <= 0x39 ? 4 : 0;
    }
    return 0;
  }

  decode(chunk: Uint8Array, final = false): string {
    const b = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = new Uint8Array(0);
    let out = '';
    let start = 0;
    let i = 0;
    while (i < b.length) {
      const n = GbkDecoder.sequence(b, i);
      if (n > 0) {
        i += n;
        continue;
      }
      if (n === -1 && !final) {
        this.held = b.slice(i);
        break;
      }
      out += this.decoder.decode(b.subarray(start, i), { stream: true }) + '\uFFFD';
      i++;
      start = i;
    }
    out += this.decoder.decode(b.subarray(start, this.held.length ? b.length - this.held.length : b.length), { stream: !final });
    return out;
  }
}

interface Decoder {
  decode(b: Uint8Array, o?: { stream?: boolean }): string;
}

export async function* decodeText(source: AsyncIterable<Buffer | Uint8Array>, onEncoding?: (e: Encoding) => void): AsyncGenerator<string> {
  let decoder = null as Decoder | null;
  let held: Uint8Array[] = [];
  let heldLength = 0;
  let first = true;
  const choose = (bytes: Uint8Array, final: boolean): void => {
    const at = firstNonAscii(bytes);
    if (at === -1 && !final) return;
    if (at !== -1 && bytes.length - at < SNIFF_BYTES && !final) return;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const enc: Encoding = bom || at === -1 || looksUtf8(bytes.subarray(at, at + SNIFF_BYTES * 4)) ? 'utf-8' : 'gbk';
    if (enc === 'gbk') {
      const gbk = new GbkDecoder();
      decoder = { decode: (b, o) => gbk.decode(b ?? new Uint8Array(0), !o?.stream) };
    } else decoder = new TextDecoder(enc);
    onEncoding?.(enc);
  };
  for await (const chunk of source) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
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
    const chosen = decoder as Decoder | null;
    if (chosen) {
      held = [];
      heldLength = 0;
      // TextDecoder drops a BOM at the start of its stream by itself.
      yield chosen.decode(bytes, { stream: true });
      first = false;
    }
  }
  if (!decoder && heldLength) {
    const bytes = Buffer.concat(held);
    choose(bytes, true);
    yield (decoder as unknown as Decoder).decode(bytes, { stream: true });
  }
  if (decoder) {
    const rest = decoder.decode(new Uint8Array(0));
    if (rest) yield rest;
  }
}
