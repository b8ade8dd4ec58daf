// HTTP server bench (issue 10): 50 concurrent clients each fetch a 40 MiB file from the boot
// tree's HTTP server (dist/io/http-server.js) on 127.0.0.1 in 4 MiB range requests, as iPXE's HTTP
// SAN reads a disk. Aggregate throughput as a ratio against a plain loopback copy of the same
// bytes: a raw TCP server piping the file to 50 concurrent sockets (same file reads, no HTTP).
// Also the fairness: the slowest client's throughput against a fair share (1.0 = everyone equal)
// and when it finished, as a share of the wall time. Servers run in their own process, so client
// and server do not share one event loop. Bounded: the whole bench gives up after 180 s.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MiB = 2 ** 20;
const SIZE = 40 * MiB;
const RANGE = 4 * MiB;
const CLIENTS = 50;
const ROUNDS = 3;

const guard = setTimeout(() => {
  console.error('http bench: over 180 s, giving up');
  process.exit(1);
}, 180_000);

const dir = mkdtempSync(join(tmpdir(), 'bootgen-httpbench-'));
const file = join(dir, 'disk.img');
writeFileSync(file, randomBytes(SIZE));
const now = () => Number(process.hrtime.bigint()) / 1e6;

const HTTP_SERVER = `
import { startHttpServer } from ${JSON.stringify(new URL('../dist/io/http-server.js', import.meta.url).href)};
const s = await startHttpServer({ root: ${JSON.stringify(dir)}, host: '127.0.0.1', port: 0 });
process.stdout.write(s.port + '\\n');
process.stdin.on('end', () => s.close().then(() => process.exit(0)));
process.stdin.resume();
`;
const RAW_SERVER = `
import { createServer } from 'node:net';
import { createReadStream } from 'node:fs';
const srv = createServer((sock) => createReadStream(${JSON.stringify(file)}, { highWaterMark: 256 * 1024 }).pipe(sock));
srv.listen(0, '127.0.0.1', () => process.stdout.write(srv.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** A server child process; resolves with its port and a stop function. */
function serve(source) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (b) => resolve({ port: Number(String(b).trim()), stop: () => new Promise((r) => (child.once('exit', r), child.stdin.end())) }));
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

/** One client: the whole file in RANGE-byte range requests over one keep-alive connection. */
async function rangeClient(port) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const t0 = now();
  let bytes = 0;
  for (let start = 0; start < SIZE; start += RANGE) {
    const end = Math.min(start + RANGE, SIZE) - 1;
    bytes += await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/disk.img', agent, headers: { Range: `bytes=${start}-${end}` } }, (res) => {
        let n = 0;
        if (res.statusCode !== 206 || Number(res.headers['content-length']) !== end - start + 1) reject(new Error(`range ${start}-${end}: ${res.statusCode}`));
        res.on('data', (c) => (n += c.length));
        res.on('end', () => (n === end - start + 1 ? resolve(n) : reject(new Error(`range ${start}-${end}: ${n} bytes`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }
  agent.destroy();
  return { bytes, ms: now() - t0 };
}

function rawClient(port) {
  const t0 = now();
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const s = connect(port, '127.0.0.1');
    s.on('data', (c) => (bytes += c.length));
    s.on('end', () => (bytes === SIZE ? resolve({ bytes, ms: now() - t0 }) : reject(new Error(`raw: ${bytes} bytes`))));
    s.on('error', reject);
  });
}

async function run(client, port) {
  const t0 = now();
  const results = await Promise.all(Array.from({ length: CLIENTS }, () => client(port)));
  const wall = now() - t0;
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  const slowest = Math.max(...results.map((r) => r.ms));
  const fastest = Math.min(...results.map((r) => r.ms));
  // the slowest client's rate against an equal share of the aggregate rate
  const fairShare = SIZE / slowest / (bytes / wall / CLIENTS);
  return { wall, bytes, slowest, fastest, rate: bytes / MiB / (wall / 1000), fairShare, slowestShare: slowest / wall };
}

const best = (runs) => runs.reduce((a, b) => (b.rate > a.rate ? b : a));

try {
  const c0 = now();
  copyFileSync(file, join(dir, 'copy.img'));
  const copyRate = SIZE / MiB / ((now() - c0) / 1000);
  rmSync(join(dir, 'copy.img'));

  // alternating rounds, best of each: the machine's other load hits both alike
  const raw = await serve(RAW_SERVER);
  const http = await serve(HTTP_SERVER);
  const rawRuns = [];
  const httpRuns = [];
  for (let i = 0; i < ROUNDS; i++) {
    rawRuns.push(await run(rawClient, raw.port));
    httpRuns.push(await run(rangeClient, http.port));
  }
  await raw.stop();
  await http.stop();

  const r = best(rawRuns);
  const h = best(httpRuns);
  const gib = (h.bytes / 2 ** 30).toFixed(2);
  console.log(`HTTP, ${CLIENTS} clients × ${SIZE / MiB} MiB in ${RANGE / MiB} MiB ranges (${gib} GiB): ${h.rate.toFixed(0)} MiB/s aggregate, wall ${(h.wall / 1000).toFixed(2)} s`);
  console.log(`raw TCP loopback copy of the same bytes (${CLIENTS} sockets): ${r.rate.toFixed(0)} MiB/s aggregate, wall ${(r.wall / 1000).toFixed(2)} s`);
  console.log(`  HTTP / raw loopback throughput: ×${(h.rate / r.rate).toFixed(2)}`);
  console.log(`  slowest HTTP client: ${(h.slowest / 1000).toFixed(2)} s = ${(h.slowestShare * 100).toFixed(0)} % of the wall time (fastest ${(h.fastest / 1000).toFixed(2)} s); its rate / a fair share: ${h.fairShare.toFixed(2)} (1.00 = equal)`);
  console.log(`  slowest raw client: ${(r.slowestShare * 100).toFixed(0)} % of the wall time; rate / fair share: ${r.fairShare.toFixed(2)}`);
  console.log(`  (fs.copyFile of the file alone: ${copyRate.toFixed(0)} MiB/s)`);
} finally {
  clearTimeout(guard);
  rmSync(dir, { recursive: true, force: true });
}
