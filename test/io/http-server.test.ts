// The boot tree's HTTP server against curl (the client iPXE's HTTP SAN behaves like): byte ranges
// byte-for-byte, HEAD sizes, 416, refusals of every way out of the root (dot segments plain and
// encoded, encoded slashes, NUL, backslashes, symlinks out), no listing, and a slow reader that
// does not hold up a fast one. Only 127.0.0.1, port 0; every server is closed.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequestEvent, HttpServer } from '../../src/app/server-ports.js';
import { BootgenError } from '../../src/diagnostics/errors.js';
import { parseRange, parseRequestPath } from '../../src/io/http-request.js';
import { startHttpServer } from '../../src/io/http-server.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';

const curl = findOracle({ name: 'curl', pkg: 'curl' });
const haveCurl = oraclesPresent([curl], 'HTTP server against curl');

const MiB = 2 ** 20;
const base = mkdtempSync(join(tmpdir(), 'bootgen-http-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
const big = randomBytes(48 * MiB);
const small = randomBytes(100_000);
const secret = 'SECRET-OUTSIDE-THE-ROOT\n';

mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'big.bin'), big);
writeFileSync(join(root, 'sub', 'small.bin'), small);
writeFileSync(join(root, 'boot.ipxe'), '#!ipxe\necho hi\n');
writeFileSync(join(root, 'empty'), '');
writeFileSync(join(outside, 'secret.txt'), secret);
symlinkSync(join(outside, 'secret.txt'), join(root, 'out-file'));
symlinkSync(outside, join(root, 'out-dir'));
symlinkSync('/etc/passwd', join(root, 'passwd'));
symlinkSync('sub/small.bin', join(root, 'in-link.bin'));
symlinkSync('sub', join(root, 'in-dir'));
spawnSync('mkfifo', [join(root, 'fifo')]);

let server: HttpServer;
const events: HttpRequestEvent[] = [];
let url = '';

beforeAll(async () => {
  server = await startHttpServer({
    root,
    host: '127.0.0.1',
    port: 0,
    routes: (path) => (path === '/bootgen/status.json' ? { status: 200, type: 'application/json', body: '{"machines":[]}' } : undefined),
    onRequest: (e) => events.push(e),
  });
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

interface Curl {
  readonly status: number;
  readonly headers: string;
  readonly body: Buffer;
}

/** curl, asynchronously: the server runs in this process, so a blocking spawn would deadlock. */
function fetchWith(args: readonly string[], path: string, timeoutMs = 30_000): Promise<Curl> {
  const out = join(base, `body-${Math.random().toString(16).slice(2)}`);
  const hdr = `${out}.h`;
  return new Promise((resolve, reject) => {
    execFile(curl.path ?? 'curl', ['-s', '-S', '--path-as-is', '-o', out, '-D', hdr, '-w', '%{http_code}', ...args, `${url}${path}`], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error && !/^\d{3}$/.test(stdout)) return reject(new Error(`curl ${path}: ${stderr || error.message}`));
      const read = (f: string): Buffer => {
        try {
          return readFileSync(f);
        } catch {
          return Buffer.alloc(0);
        }
      };
      const result = { status: Number(stdout), headers: read(hdr).toString('latin1'), body: read(out) };
      rmSync(out, { force: true });
      rmSync(hdr, { force: true });
      resolve(result);
    });
  });
}

const header = (r: Curl, name: string): string | undefined => new RegExp(`^${name}:\\s*(.*?)\\r?$`, 'im').exec(r.headers)?.[1];

/** A request written byte for byte, for what curl would clean up (backslashes). */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1', () => s.write(request)); // no half-close: Node's server aborts a response pending at FIN
    let text = '';
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('end', () => resolve(text));
    s.on('error', reject);
    s.setTimeout(10_000, () => s.destroy(new Error('raw request timed out')));
  });
}

describe('request parsing (pure)', () => {
  it('takes bytes=a-b, a-, -n; ignores what it cannot parse; 416 past the end', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'range', start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'range', start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ kind: 'range', start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ kind: 'range', start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=9-3', 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'full' });
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
  });

  it('refuses dot segments, encoded slashes, backslashes and NUL; decodes the rest', () => {
    expect(parseRequestPath('/a/b%20c?x=1')).toEqual({ kind: 'ok', segments: ['a', 'b c'], path: '/a/b c' });
    expect(parseRequestPath('//a//b/')).toEqual({ kind: 'ok', segments: ['a', 'b'], path: '/a/b' });
    for (const p of ['/../etc/passwd', '/a/./b', '/%2e%2e/etc/passwd', '/%2E%2e/x', '/..%2fetc%2fpasswd', '/a%5c..%5cb', '/a\\b', '/a%00b', '/a%0ab']) {
      expect(parseRequestPath(p).kind, p).toBe('refused');
    }
    expect(parseRequestPath('/%zz').kind).toBe('bad');
    expect(parseRequestPath('http://evil/x').kind).toBe('bad');
  });
});

describe.skipIf(!haveCurl)('HTTP server against curl', () => {
  it('serves byte ranges that are exactly the file bytes (a-b, a-, -n, across 4 MiB boundaries)', async () => {
    const cases: [string, number, number][] = [
      ['0-0', 0, 0],
      ['0-4194303', 0, 4 * MiB - 1],
      ['4194300-8388700', 4194300, 8388700],
      [`${big.length - 10}-`, big.length - 10, big.length - 1],
      ['-12345', big.length - 12345, big.length - 1],
      [`1000-${big.length + 5000}`, 1000, big.length - 1],
    ];
    for (const [spec, start, end] of cases) {
      const r = await fetchWith(['-r', spec], '/big.bin');
      expect(r.status, spec).toBe(206);
      expect(header(r, 'Content-Range'), spec).toBe(`bytes ${start}-${end}/${big.length}`);
      expect(Number(header(r, 'Content-Length')), spec).toBe(end - start + 1);
      expect(r.body.equals(big.subarray(start, end + 1)), spec).toBe(true);
    }
  });

  it('serves whole files with exact Content-Length and Accept-Ranges; HEAD gives the same sizes and no body', async () => {
    const get = await fetchWith([], '/sub/small.bin');
    expect(get.status).toBe(200);
    expect(get.body.equals(small)).toBe(true);
    expect(Number(header(get, 'Content-Length'))).toBe(small.length);
    expect(header(get, 'Accept-Ranges')).toBe('bytes');
    const head = await fetchWith(['-I'], '/big.bin');
    expect(head.status).toBe(200);
    expect(Number(header(head, 'Content-Length'))).toBe(big.length);
    const rawHead = await raw('HEAD /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(rawHead).toMatch(/\r\nContent-Length: 50331648\r\n/);
    expect(rawHead.endsWith('\r\n\r\n')).toBe(true); // nothing after the headers
    const headRange = await fetchWith(['-I', '-r', '10-19'], '/big.bin');
    expect(headRange.status).toBe(206);
    expect(Number(header(headRange, 'Content-Length'))).toBe(10);
    const script = await fetchWith([], '/boot.ipxe');
    expect(script.body.toString()).toBe('#!ipxe\necho hi\n');
    expect(header(script, 'Content-Type')).toMatch(/^text\/plain/);
    const empty = await fetchWith([], '/empty');
    expect([empty.status, Number(header(empty, 'Content-Length')), empty.body.length]).toEqual([200, 0, 0]);
  });

  it('answers 416 with Content-Range bytes */size for a range past the end; several ranges get the whole file', async () => {
    const r = await fetchWith(['-r', `${big.length}-`], '/big.bin');
    expect(r.status).toBe(416);
    expect(header(r, 'Content-Range')).toBe(`bytes */${big.length}`);
    const multi = await fetchWith(['-r', '0-1,5-6'], '/sub/small.bin');
    expect(multi.status).toBe(200);
    expect(multi.body.equals(small)).toBe(true);
  });

  it('honours If-Range: a stale validator gets the whole file', async () => {
    const head = await fetchWith(['-I'], '/sub/small.bin');
    const etag = header(head, 'ETag') ?? '';
    expect(etag).not.toBe('');
    const fresh = await fetchWith(['-r', '0-9', '-H', `If-Range: ${etag}`], '/sub/small.bin');
    expect(fresh.status).toBe(206);
    const stale = await fetchWith(['-r', '0-9', '-H', 'If-Range: "stale"'], '/sub/small.bin');
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(small.length);
  });

  it('refuses every way out of the root and never shows what is there', async () => {
    const attempts = ['/../etc/passwd', '/../../../../etc/passwd', '/%2e%2e/etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/sub%2f..%2f..%2fetc%2fpasswd', '/sub/%2e%2e/%2e%2e/outside/secret.txt', '/boot.ipxe%00.png', '/out-file', '/out-dir/secret.txt', '/passwd'];
    for (const path of attempts) {
      const r = await fetchWith([], path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body.toString(), path).not.toMatch(/root:|SECRET/);
    }
    expect((await fetchWith([], '/out-file')).status).toBe(403);
    expect((await fetchWith([], '/passwd')).status).toBe(403);
    const backslash = await raw('GET /..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(backslash).toMatch(/^HTTP\/1\.1 403/);
    expect(backslash).not.toMatch(/root:/);
    const absolute = await raw('GET http://x/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(absolute).toMatch(/^HTTP\/1\.1 400/);
  });

  it('serves a symlink that stays inside the root', async () => {
    const r = await fetchWith([], '/in-link.bin');
    expect(r.status).toBe(200);
    expect(r.body.equals(small)).toBe(true);
    expect((await fetchWith([], '/in-dir/small.bin')).body.equals(small)).toBe(true);
  });

  it('lists no directory and opens no FIFO', async () => {
    for (const path of ['/', '/sub', '/sub/', '/in-dir', '/fifo']) expect((await fetchWith([], path, 5000)).status, path).toBe(404);
  });

  it('allows GET and HEAD only (405 with Allow)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await fetchWith(['-X', method], '/boot.ipxe');
      expect(r.status, method).toBe(405);
      expect(header(r, 'Allow'), method).toBe('GET, HEAD');
    }
  });

  it('answers routes before files, and reports each request as an event', async () => {
    const r = await fetchWith([], '/bootgen/status.json');
    expect([r.status, header(r, 'Content-Type'), r.body.toString()]).toEqual([200, 'application/json', '{"machines":[]}']);
    expect((await fetchWith([], '/bootgen/nothing')).status).toBe(404);
    await fetchWith(['-r', '0-99'], '/big.bin');
    const e = events.findLast((x) => x.path === '/big.bin');
    expect(e).toMatchObject({ method: 'GET', status: 206, bytes: 100, remote: '127.0.0.1' });
    expect(events.find((x) => x.path === '/bootgen/status.json')).toMatchObject({ status: 200, bytes: 15 });
  });

  it('serves many concurrent range requests, each exact', async () => {
    const ranges = Array.from({ length: 40 }, (_, i) => {
      const start = (i * 1_234_567) % (big.length - 3 * MiB);
      return [start, start + 2 * MiB + i] as const;
    });
    const results = await Promise.all(ranges.map(([s, e]) => fetchWith(['-r', `${s}-${e}`], '/big.bin')));
    results.forEach((r, i) => {
      const [s, e] = ranges[i]!;
      expect(r.status).toBe(206);
      expect(r.body.equals(big.subarray(s, e + 1))).toBe(true);
    });
  });

  it('a client reading 1 byte per 100 ms does not hold up a fast client downloading the whole file', async () => {
    const slow: Socket = connect(server.port, '127.0.0.1');
    let slowBytes = 0;
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.pause();
    slow.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
    const ticker = setInterval(() => {
      const b = slow.read(1) as Buffer | null;
      if (b) slowBytes += b.length;
    }, 100);
    try {
      await new Promise((r) => setTimeout(r, 500)); // the slow client's response is under way
      const t0 = Date.now();
      const fast = await fetchWith([], '/big.bin', 20_000);
      const seconds = (Date.now() - t0) / 1000;
      expect(fast.status).toBe(200);
      expect(fast.body.equals(big)).toBe(true);
      expect(seconds).toBeLessThan(15);
      expect(slow.destroyed).toBe(false);
      expect(slowBytes).toBeLessThan(big.length);
    } finally {
      clearInterval(ticker);
      slow.destroy();
    }
  });

  it('refuses a port that is taken (env/http-port-in-use)', async () => {
    const failure = await startHttpServer({ root, host: '127.0.0.1', port: server.port }).then(
      async (s) => (await s.close(), undefined),
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(BootgenError);
    expect((failure as BootgenError).diagnostics[0]?.code).toBe('env/http-port-in-use');
    expect((failure as BootgenError).exitCode).toBe(3);
  });

  it('close() ends connections in flight and frees the port', async () => {
    const s = await startHttpServer({ root, host: '127.0.0.1', port: 0 });
    const sock = connect(s.port, '127.0.0.1');
    await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
    sock.pause();
    sock.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 200));
    const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
    sock.resume();
    await s.close();
    await closed;
    const again = await startHttpServer({ root, host: '127.0.0.1', port: s.port });
    await again.close();
  });
});
