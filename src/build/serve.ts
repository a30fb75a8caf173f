/**
 * Static server for the production build, with the headers production hosting must send (README → Hosting).
 * No dependencies: node:http, node:fs, node:zlib.
 *
 *   node --import tsx src/build/serve.ts [--port N] [--host H] [--dir DIR]
 *
 * --port (or PORT) defaults to 4173, --host to 127.0.0.1 (use 0.0.0.0 to try it from a phone on the LAN), --dir to
 * dist/. Prints `Serving DIR at URL` once listening (the browser tests wait for that line). Stops on SIGINT/SIGTERM.
 *
 * - index.html, sw.js, version.json, manifest.webmanifest (and other unhashed files): Cache-Control: no-cache
 *   (always revalidated, ETag/Last-Modified → 304), so a deploy is seen at once and the service worker updates.
 * - assets/* (content-hashed names): Cache-Control: public, max-age=31536000, immutable.
 * - Every response: the strict Content-Security-Policy below, X-Content-Type-Options: nosniff,
 *   Referrer-Policy: no-referrer.
 * - Unknown paths without a file extension (app routes, deep links) get index.html — with a `<base href="/">`, since
 *   its asset URLs are relative; unknown paths with an extension get 404.
 * - Text responses are compressed (br or gzip) when the client accepts it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml|wasm)|image\/svg\+xml)/;
const NO_CACHE = new Set(['/index.html', '/sw.js', '/version.json', '/manifest.webmanifest']);

export function cacheControl(urlPath: string): string {
  if (NO_CACHE.has(urlPath)) return 'no-cache';
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

interface Entry {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  mtime: Date;
  type: string;
}

export interface ServeOptions {
  dir: string;
  port: number;
  host?: string;
}

export function startServer({ dir, port, host = '127.0.0.1' }: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html not found: build first (npm run build)`);
  const cache = new Map<string, Entry>();

  /** Reads (and remembers, while the file is unchanged) a file with its compressed forms. */
  function load(file: string, transform?: (b: Buffer) => Buffer): Entry {
    const st = statSync(file);
    const key = `${file}\0${transform ? 'spa' : ''}`;
    const hit = cache.get(key);
    if (hit && hit.mtime.getTime() === st.mtime.getTime()) return hit;
    let body: Buffer = readFileSync(file);
    if (transform) body = transform(body);
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const entry: Entry = {
      body,
      type,
      mtime: st.mtime,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
    };
    if (COMPRESSIBLE.test(type) && body.length > 512) {
      entry.gzip = gzipSync(body, { level: 9 });
      entry.br = brotliCompressSync(body, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } });
    }
    cache.set(key, entry);
    return entry;
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, entry?: Entry, text?: string) {
    for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers })) res.setHeader(k, v);
    if (!entry) {
      const body = Buffer.from(text ?? '');
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.setHeader('Content-Type', entry.type);
    res.setHeader('ETag', entry.etag);
    res.setHeader('Last-Modified', entry.mtime.toUTCString());
    if (entry.gzip) res.setHeader('Vary', 'Accept-Encoding');
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      res.writeHead(304);
      res.end();
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let body = entry.body;
    if (entry.br && /\bbr\b/.test(accept)) {
      body = entry.br;
      res.setHeader('Content-Encoding', 'br');
    } else if (entry.gzip && /\bgzip\b/.test(accept)) {
      body = entry.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', body.length);
    res.writeHead(status);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const withBase = (b: Buffer) => Buffer.from(b.toString('utf8').replace(/<head(\s[^>]*)?>/i, (m) => `${m}<base href="/">`));

  const server = createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, { Allow: 'GET, HEAD' }, undefined, 'Method Not Allowed');
        return;
      }
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        send(req, res, 400, {}, undefined, 'Bad Request');
        return;
      }
      if (path.includes('\0')) {
        send(req, res, 400, {}, undefined, 'Bad Request');
        return;
      }
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        send(req, res, 404, {}, undefined, 'Not Found');
        return;
      }
      if (existsSync(file) && statSync(file).isFile()) {
        send(req, res, 200, { 'Cache-Control': cacheControl(path) }, load(file));
        return;
      }
      if (existsSync(join(file, 'index.html'))) {
        // A directory: redirect to its slash form, so relative URLs resolve inside it.
        res.setHeader('Location', `${path}/`);
        send(req, res, 301, {}, undefined, 'Moved Permanently');
        return;
      }
      if (!/\.[^/]+$/.test(path)) {
        // An app route (deep link, reload): the app shell.
        send(req, res, 200, { 'Cache-Control': 'no-cache' }, load(join(root, 'index.html'), withBase));
        return;
      }
      send(req, res, 404, {}, undefined, 'Not Found');
    } catch (e) {
      console.error(e);
      if (!res.headersSent) send(req, res, 500, {}, undefined, 'Internal Server Error');
      else res.destroy();
    }
  });

  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      ok({
        url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${actual}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rootDir = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
  const dir = resolve(arg('dir') ?? join(rootDir, 'dist'));
  const port = Number(arg('port') ?? process.env.PORT ?? 4173);
  const host = arg('host') ?? process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${arg('port') ?? process.env.PORT}`);
    process.exit(2);
  }
  startServer({ dir, port, host })
    .then(({ url, close }) => {
      console.log(`Serving ${dir} at ${url}`);
      const stop = () => void close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
