/**
 * Generates the app icons in public/icons/ (committed; re-run only to change the design):
 *
 *   node --import tsx src/build/icons.ts
 *
 * The mark: a white house with a red heart in its doorway, on the app's red (#b3261e). No image libraries: shapes
 * are signed-distance tests, anti-aliased by 4×4 supersampling, written as RGBA PNGs with node:zlib.
 *
 * - icon-192.png, icon-512.png: purpose "any" — rounded square, transparent corners.
 * - icon-maskable-192.png, icon-maskable-512.png: purpose "maskable" — full-bleed red, the mark scaled into the
 *   safe zone (the centred circle of radius 40%), so any launcher mask keeps it whole.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];
const RED: RGBA = [0xb3, 0x26, 0x1e, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const CLEAR: RGBA = [0, 0, 0, 0];

// ── PNG encoding ────────────────────────────────────────────────────────────────────────────────────────────────
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (row-major, 4 bytes each) → PNG file bytes. Each row uses the "Up" filter (type 2). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    raw[o] = 2;
    for (let x = 0; x < stride; x++) {
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      raw[o + 1 + x] = (rgba[y * stride + x]! - up) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── Shapes, in unit coordinates (0..1, y down) ──────────────────────────────────────────────────────────────────
function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Inside the triangle (a, b, c)? */
function inTriangle(x: number, y: number, a: [number, number], b: [number, number], c: [number, number]): boolean {
  const s = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = s(a, b);
  const d2 = s(b, c);
  const d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** The classic heart curve (x² + y² − 1)³ − x²y³ ≤ 0, centred at (cx, cy), about `size` wide. */
function inHeart(x: number, y: number, cx: number, cy: number, size: number): boolean {
  const u = ((x - cx) / size) * 2.6;
  const v = (-(y - cy) / size) * 2.6 + 0.15;
  const a = u * u + v * v - 1;
  return a * a * a - u * u * v * v * v <= 0;
}

/** Colour of the mark at (x, y) in mark space (0..1), or null for background. */
function mark(x: number, y: number): RGBA | null {
  const roof = inTriangle(x, y, [0.5, 0.2], [0.16, 0.5], [0.84, 0.5]);
  const chimney = x >= 0.65 && x <= 0.73 && y >= 0.26 && y <= 0.42;
  const body = inRoundedRect(x, y, 0.26, 0.46, 0.74, 0.8, 0.035);
  if (!(roof || chimney || body)) return null;
  return inHeart(x, y, 0.5, 0.625, 0.25) ? RED : WHITE;
}

function render(size: number, maskable: boolean): Uint8Array {
  const SS = 4;
  const out = new Uint8Array(size * size * 4);
  // Maskable: keep the mark inside the safe zone (circle of radius 0.4) with margin.
  const scale = maskable ? 0.82 : 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          const inBg = maskable || inRoundedRect(x, y, 0, 0, 1, 1, 0.2);
          let c: RGBA = inBg ? RED : CLEAR;
          if (inBg) c = mark((x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5) ?? c;
          // premultiplied accumulation
          r += (c[0] * c[3]) / 255;
          g += (c[1] * c[3]) / 255;
          b += (c[2] * c[3]) / 255;
          a += c[3];
        }
      }
      const n = SS * SS;
      const o = (py * size + px) * 4;
      const alpha = a / n;
      out[o] = alpha ? Math.round(((r / n) * 255) / alpha) : 0;
      out[o + 1] = alpha ? Math.round(((g / n) * 255) / alpha) : 0;
      out[o + 2] = alpha ? Math.round(((b / n) * 255) / alpha) : 0;
      out[o + 3] = Math.round(alpha);
    }
  }
  return out;
}

export const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-192.png', size: 192, maskable: true },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
] as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'icons');
  mkdirSync(dir, { recursive: true });
  for (const icon of ICONS) {
    const png = encodePng(icon.size, icon.size, render(icon.size, icon.maskable));
    writeFileSync(join(dir, icon.file), png);
    console.log(`public/icons/${icon.file}  ${icon.size}×${icon.size}  ${png.length} bytes`);
  }
}
