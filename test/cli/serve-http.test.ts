// `bootgen serve-http`, the HTTP child `bootgen serve` supervises, run as serve runs it (only
// 127.0.0.1): files under the prefix, the status routes from the status file (503 before there is
// one, the age once it is old), one access-log line per request, the readiness probe of its
// daemon spec, exit 98 on a taken port, exit 0 on SIGTERM, and no mention in --help.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../../src/model/types.js';
import { parseAccessLine } from '../../src/net/serve/access-log.js';
import { httpDaemon } from '../../src/net/serve/http-daemon.js';
import { serveLayout } from '../../src/net/serve/layout.js';
import { statusFileText } from '../../src/net/serve/status-file.js';
import { REPO, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-serve-http-'));
const layout = serveLayout(dir);
const root = join(layout.tree, 'pxe');
const files = { status: join(layout.run, 'status.json'), accessLog: join(layout.logs, 'http-access.log') };
const BIN = join(REPO, 'bin/bootgen.js');
const status = { site: 'lab', since: '2026-01-01T00:00:00Z', machines: [{ name: 'cutman', mac: '52:54:00:00:00:01', entry: 'live' }], overlays: [], daemons: [{ name: 'http', state: 'running', pid: 7, restarts: 0 }], events: [] };

function start(port: number): { child: ChildProcess; listening: Promise<number>; exit: Promise<number | null>; err: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve-http', '--root', root, '--host', '127.0.0.1', '--port', String(port), '--prefix', '/boot', '--status', files.status, '--access-log', files.accessLog], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
  const listening = new Promise<number>((resolve) => child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  }));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, listening, exit, err: () => err };
}

let server: ReturnType<typeof start>;
let base = '';
let probe: readonly string[] = [];

beforeAll(async () => {
  for (const d of [join(root, 'ipxe'), layout.run, layout.logs]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'ipxe', 'boot.ipxe'), '#!ipxe\necho hi\n');
  server = start(0);
  const port = await Promise.race([server.listening, server.exit.then(() => Promise.reject(new Error(server.err())))]);
  base = `http://127.0.0.1:${port}`;
  probe = httpDaemon({ network: { http: `${base}/boot` } } as unknown as Site, layout, { node: process.execPath, bootgen: BIN }, { initialMs: 1, maxMs: 1 }).ready ?? [];
}, 30_000);

afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const runProbe = (): number | null => spawnSync(probe[0]!, probe.slice(1), { timeout: 10_000 }).status;

describe('bootgen serve-http', () => {
  it('answers 503 on the status routes before serve wrote a status, and its readiness probe fails', async () => {
    const r = await fetch(`${base}/bootgen/status.json`);
    expect(r.status).toBe(503);
    expect(runProbe()).toBe(1);
  });

  it('serves the tree under the prefix only', async () => {
    expect(await (await fetch(`${base}/boot/ipxe/boot.ipxe`)).text()).toBe('#!ipxe\necho hi\n');
    expect((await fetch(`${base}/ipxe/boot.ipxe`)).status).toBe(404);
    expect((await fetch(`${base}/boot/ipxe/`)).status).toBe(404);
  });

  it('answers the status routes from the status file, with its age, and then its probe passes', async () => {
    writeFileSync(files.status, statusFileText(status as never, new Date().toISOString()));
    const json = (await (await fetch(`${base}/bootgen/status.json`)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ site: 'lab', machines: [{ name: 'cutman' }], stale: false });
    const page = await (await fetch(`${base}/bootgen/status`)).text();
    expect(page).toMatch(/<tr data-machine="cutman"><td>cutman<\/td>/);
    expect(page).not.toContain('id="stale"');
    expect(runProbe()).toBe(0);
    writeFileSync(files.status, statusFileText(status as never, new Date(Date.now() - 120_000).toISOString()));
    expect(await (await fetch(`${base}/bootgen/status`)).text()).toMatch(/id="stale">serve last wrote this status 12\d s ago/);
    expect(await (await fetch(`${base}/bootgen/status.json`)).json()).toMatchObject({ stale: true });
  });

  it('logs one JSON line per finished request', async () => {
    await fetch(`${base}/boot/ipxe/boot.ipxe`, { headers: { Range: 'bytes=0-5' } });
    await new Promise((r) => setTimeout(r, 200));
    const entries = readFileSync(files.accessLog, 'utf8').trimEnd().split('\n').map(parseAccessLine);
    expect(entries.every((e) => e !== undefined)).toBe(true);
    expect(entries.at(-1)).toMatchObject({ method: 'GET', path: '/boot/ipxe/boot.ipxe', status: 206, bytes: 6, remote: '127.0.0.1' });
    expect(entries.map((e) => e?.path)).toContain('/bootgen/status.json');
  });

  it('exits 98 naming env/http-port-in-use when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    try {
      const second = start((taken.address() as AddressInfo).port);
      expect(await second.exit).toBe(98);
      expect(second.err()).toContain('env/http-port-in-use');
    } finally {
      taken.close();
    }
  }, 30_000);

  it('stops with exit 0 on SIGTERM, and is not in --help', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    const help = runCli(['--help']);
    expect(help.stdout).toContain('serve');
    expect(help.stdout).not.toContain('serve-http');
  }, 30_000);
});
