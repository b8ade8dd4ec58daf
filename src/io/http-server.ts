// The boot tree's HTTP server (issue 10; iPXE fetches scripts, kernels and HTTP SAN images here):
// GET and HEAD of regular files under `root`, one byte range per request, exact Content-Length.
// Nothing outside the root's real path is served: the path is refused before it touches the file
// system when it has dot segments, backslashes, NUL or encoded slashes (io/http-request.ts), and
// the file's real path (symlinks resolved) must lie under the root's. A directory is 404: no
// listing and no index. Files are streamed with backpressure, so a slow client holds only its own
// socket and a 256 KiB buffer; the root is resolved per request, so an atomic swap of the tree
// (out-dir rename) is served at once while responses in flight finish from the files they opened.
import { constants, promises as fsp, type ReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HttpPort, HttpRouteAnswer, HttpServer, HttpServerOptions } from '../app/server-ports.js';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { contentType, parseRange, parseRequestPath } from './http-request.js';

const CHUNK = 256 * 1024;

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server = createServer((req, res) => void answer(req, res, options));
  await listen(server, options);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const nodeHttp: HttpPort = { startHttpServer };

function listen(server: Server, options: HttpServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenFailed(e, options)));
    server.listen({ host: options.host, port: options.port }, () => resolve());
  });
}

function listenFailed(e: NodeJS.ErrnoException, options: HttpServerOptions): BootgenError {
  const where = `${options.host}:${options.port}`;
  if (e.code === 'EADDRINUSE') {
    return new BootgenError([diag('env/http-port-in-use', 'error', `the HTTP server cannot listen on ${where}: the port is taken`, { found: e.message, hint: 'stop what listens there (ss -ltnp) or use another port in network.http' })], ExitCode.environment);
  }
  const hint = e.code === 'EACCES' ? 'ports below 1024 need root or CAP_NET_BIND_SERVICE' : e.code === 'EADDRNOTAVAIL' ? 'the address is on no interface of this machine' : undefined;
  return new BootgenError([diag('env/http-listen-failed', 'error', `the HTTP server cannot listen on ${where}`, { found: e.message, ...(hint ? { hint } : {}) })], ExitCode.environment);
}

async function answer(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const started = performance.now();
  const sent = { bytes: 0 };
  res.once('close', () =>
    options.onRequest?.({
      method: req.method ?? '',
      path: (req.url ?? '').replace(/[?#].*$/s, ''),
      status: res.statusCode,
      bytes: sent.bytes,
      remote: req.socket.remoteAddress ?? '',
      ms: performance.now() - started,
    }),
  );
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    const parsed = parseRequestPath(req.url ?? '');
    if (parsed.kind !== 'ok') return plain(req, res, parsed.kind === 'bad' ? 400 : 403, parsed.why);
    const route = options.routes?.(parsed.path);
    if (route) return routeAnswer(req, res, route, sent);
    // the tree is served under the URL path of network.http (`/boot/…`); nothing outside it
    const prefix = (options.prefix ?? '').split('/').filter((s) => s !== '');
    if (prefix.some((s, i) => parsed.segments[i] !== s)) return plain(req, res, 404, 'not found');
    await sendFile(req, res, options.root, parsed.segments.slice(prefix.length), sent);
  } catch {
    if (res.headersSent) res.destroy();
    else plain(req, res, 500, 'internal error');
  }
}

function plain(req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${status} ${text}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function routeAnswer(req: IncomingMessage, res: ServerResponse, route: HttpRouteAnswer, sent: { bytes: number }): void {
  const body = typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
  res.writeHead(route.status, { 'Content-Type': route.type, 'Content-Length': body.byteLength, 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') return void res.end();
  sent.bytes = body.byteLength;
  res.end(body);
}

type Opened = { readonly kind: 'file'; readonly file: fsp.FileHandle; readonly size: number; readonly mtime: Date } | { readonly kind: 'no'; readonly status: 403 | 404 };

/** The regular file the segments name, opened, if its real path is under the root's real path. */
async function openInside(root: string, segments: readonly string[]): Promise<Opened> {
  const realRoot = await fsp.realpath(root).catch(() => undefined);
  if (realRoot === undefined) return { kind: 'no', status: 404 };
  let real: string;
  try {
    real = await fsp.realpath(join(realRoot, ...segments));
  } catch (e) {
    return { kind: 'no', status: (e as NodeJS.ErrnoException).code === 'EACCES' || (e as NodeJS.ErrnoException).code === 'ELOOP' ? 403 : 404 };
  }
  const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  if (real !== realRoot && !real.startsWith(prefix)) return { kind: 'no', status: 403 };
  let file: fsp.FileHandle;
  try {
    // O_NOFOLLOW: the last component was swapped for a symlink since realpath; O_NONBLOCK: a FIFO never blocks open
    file = await fsp.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return { kind: 'no', status: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 403 };
  }
  const st = await file.stat().catch(() => undefined);
  if (!st?.isFile()) {
    await file.close();
    return { kind: 'no', status: 404 };
  }
  return { kind: 'file', file, size: st.size, mtime: st.mtime };
}

async function sendFile(req: IncomingMessage, res: ServerResponse, root: string, segments: readonly string[], sent: { bytes: number }): Promise<void> {
  const opened = await openInside(root, segments);
  if (opened.kind === 'no') return plain(req, res, opened.status, opened.status === 403 ? 'forbidden' : 'not found');
  const { file, size, mtime } = opened;
  const etag = `"${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}"`;
  const lastModified = mtime.toUTCString();
  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag || ifRange === lastModified ? parseRange(req.headers.range, size) : { kind: 'full' as const };
  const headers = { 'Accept-Ranges': 'bytes', 'Content-Type': contentType(segments.at(-1) ?? ''), 'Last-Modified': lastModified, ETag: etag };
  if (range.kind === 'unsatisfiable') {
    await file.close();
    return plain(req, res, 416, 'range not satisfiable', { ...headers, 'Content-Range': `bytes */${size}` });
  }
  const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, size - 1];
  const length = end - start + 1;
  res.writeHead(range.kind === 'range' ? 206 : 200, {
    ...headers,
    'Content-Length': length,
    ...(range.kind === 'range' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    await file.close();
    return void res.end();
  }
  await stream(file.createReadStream({ start, end, highWaterMark: CHUNK }), res, length, sent);
}

/**
 * pipe() gives the backpressure (a full socket pauses the file read); the end is ours: a file that
 * shrank under us cuts the connection rather than leave the client waiting for promised bytes.
 */
function stream(from: ReadStream, res: ServerResponse, length: number, sent: { bytes: number }): Promise<void> {
  return new Promise((resolve) => {
    from.on('data', (chunk) => void (sent.bytes += chunk.length));
    from.on('end', () => (sent.bytes === length ? res.end() : res.destroy()));
    from.on('error', () => res.destroy());
    res.once('close', () => {
      from.destroy();
      resolve();
    });
    from.pipe(res, { end: false });
  });
}
