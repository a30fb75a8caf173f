/**
 * JSON Lines in, in constant memory: the input is read chunk by chunk (64 KB from a file, what arrives from a pipe)
 * and cut into runs of whole lines, never read whole. A line longer than MAX_LINE_BYTES is not a household: it is dropped as it
 * streams by (and reported), so one bad line cannot make the command hold a gigabyte.
 *
 * Cutting happens on the newline byte (0x0A), which never occurs inside a UTF-8 character; decoding is left to
 * whoever evaluates the lines (a worker thread, when there are several).
 */
export const MAX_LINE_BYTES = 1 << 20;

export interface LinesItem {
  kind: 'lines';
  /** Number (1-based) of the first line in `bytes`. */
  firstLine: number;
  /** Whole lines, each ending with "\n". */
  bytes: Uint8Array;
  /** Lines (by number) that were too long and stand here as empty lines. */
  overlong?: number[];
}

const LF = 10;

function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(LF); i !== -1; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

export async function* lineChunks(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<LinesItem> {
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  let firstLine = 1;
  let linesInParts = 0;
  let overlong: number[] = [];
  let carry: Uint8Array = new Uint8Array(0);
  let skipping = false;

  const take = (): LinesItem => {
    const item: LinesItem = { kind: 'lines', firstLine, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
    if (overlong.length) item.overlong = overlong;
    firstLine += linesInParts;
    parts = [];
    partsLength = 0;
    linesInParts = 0;
    overlong = [];
    return item;
  };
  const add = (whole: Uint8Array): void => {
    parts.push(whole);
    partsLength += whole.length;
    linesInParts += countLines(whole);
  };

  for await (const raw of source) {
    let chunk: Uint8Array = raw;
    if (skipping) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) continue;
      // The newline that ends the dropped line stays: the line is counted, and appears as an empty line.
      chunk = chunk.subarray(lf);
      skipping = false;
    }
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const last = data.lastIndexOf(LF);
    if (last === -1) {
      carry = data;
    } else {
      add(data.subarray(0, last + 1));
      carry = data.subarray(last + 1);
    }
    if (carry.length > MAX_LINE_BYTES) {
      overlong.push(firstLine + linesInParts);
      carry = new Uint8Array(0);
      skipping = true;
    }
    // Whatever whole lines a read brought are passed on at once (a pipe fed line by line gets its answers line by
    // line); a file's reads are 64 KB.
    if (partsLength) yield take();
  }
  // A last line without a newline still counts (and so does a dropped one).
  if (carry.length || skipping) add(Buffer.concat([carry, Buffer.from('\n')]));
  if (partsLength) yield take();
}
