// The live part of bench/serve.bench.js: a server netns (bridge br82, 10.82.0.1/24) and a client
// netns on a veth into that bridge, processes started in them and tracked by pid, `bootgen serve
// --json` with its events timed as they arrive, and a busybox DHCP client. Every wait is bounded;
// tearDown kills what was started here (and daemons a killed serve left) and deletes both netns.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SRV = `bootgen-bench-srv-${process.pid}`;
export const CLI = `bootgen-bench-cli-${process.pid}`;
/** the client starts a new udhcpc (one DISCOVER, 1 s wait) this often until one holds a lease */
export const STAGGER_MS = 250;
const BIN = fileURLToPath(new URL('../bin/bootgen.js', import.meta.url));
export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = new Set();
/** pids of the daemons serve reported started, for a serve that did not stop them */
const daemons = [];

export function inNs(ns, argv) {
  const child = spawn('nsenter', [`--net=/run/netns/${ns}`, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A command in a netns that must succeed. */
export function ns(name, ...argv) {
  const r = spawnSync('nsenter', [`--net=/run/netns/${name}`, ...argv], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr || r.error?.message}`);
}

/** Calls onLine(line, arrival time) for each line of both streams; always drained. */
function onLines(child, onLine) {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (b) => {
      const t = now();
      const parts = (rest + b).split('\n');
      rest = parts.pop();
      for (const l of parts) onLine(l, t);
    });
  }
}

export async function end(child, signal = 'SIGTERM', ms = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  if ((await Promise.race([gone.then(() => true), sleep(ms)])) !== true) {
    child.kill('SIGKILL');
    await Promise.race([gone, sleep(2000)]);
  }
}

/** Both netns, the client's veth end carrying `mac`. */
export function setUp(mac) {
  for (const n of [SRV, CLI]) if (spawnSync('ip', ['netns', 'add', n]).status !== 0) throw new Error(`ip netns add ${n}`);
  for (const argv of [['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'add', 'br82', 'type', 'bridge'], ['ip', 'addr', 'add', '10.82.0.1/24', 'dev', 'br82'],
    ['ip', 'link', 'set', 'br82', 'up'], ['ip', 'link', 'add', 'vs0', 'type', 'veth', 'peer', 'name', 'vc0', 'netns', CLI],
    ['ip', 'link', 'set', 'vs0', 'master', 'br82'], ['ip', 'link', 'set', 'vs0', 'up']]) ns(SRV, ...argv);
  for (const argv of [['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'set', 'vc0', 'address', mac], ['ip', 'link', 'set', 'vc0', 'up']]) ns(CLI, ...argv);
}

/** Kills what this bench started; a daemon serve reported only while its pid still runs it (`owned`: a path or tgtd's control port in its argv). */
export async function tearDown(owned) {
  await Promise.all([...children].map((c) => end(c, 'SIGKILL', 2000)));
  for (const pid of daemons) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch {}
    if (owned.some((o) => cmd.includes(o))) try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  for (const n of [SRV, CLI]) spawnSync('ip', ['netns', 'del', n], { stdio: 'ignore' });
}

/** `bootgen serve --json` in the server netns; each event gets `t`, the time it arrived here. */
export function startServe(site, state, tgtControl) {
  const t0 = now();
  const child = inNs(SRV, [process.execPath, BIN, 'serve', site, '--state', state, '--tgt-control', String(tgtControl), '--json']);
  const events = [];
  let tail = '';
  onLines(child, (l, t) => {
    tail = `${tail}${l}\n`.slice(-3000);
    let e;
    try { e = l.startsWith('{') ? JSON.parse(l) : undefined; } catch {}
    if (!e) return;
    events.push({ ...e, t });
    const started = /^\S+ started \(pid (\d+)\)/.exec(e.kind === 'daemon' ? e.detail : '');
    if (started) daemons.push(Number(started[1]));
  });
  return {
    t0,
    events,
    serving: () => events.find((e) => e.kind === 'serve' && /^serving/.test(e.detail)),
    leases: () => events.filter((e) => e.kind === 'lease'),
    dead: () => child.exitCode !== null,
    async until(what, test, ms) {
      for (const deadline = now() + ms; !test();) {
        if (now() > deadline || child.exitCode !== null) throw new Error(`${what}: not seen; serve printed:\n${tail}`);
        await sleep(20);
      }
    },
    stop: () => end(child, 'SIGTERM', 20_000),
  };
}

/** When the client first holds a lease: a new udhcpc every STAGGER_MS until one does (at most 6 at once, `ms` in all). */
export async function clientLease(ms, dead) {
  const t0 = now();
  const inflight = new Set();
  let got;
  let wake;
  const leased = new Promise((r) => (wake = r));
  while (got === undefined && now() - t0 < ms && !dead()) {
    if (inflight.size < 6) {
      const c = inNs(CLI, ['busybox', 'udhcpc', '-i', 'vc0', '-n', '-q', '-t', '1', '-T', '1', '-s', '/bin/true']);
      inflight.add(c);
      c.once('exit', () => inflight.delete(c));
      onLines(c, (l, t) => { if (got === undefined && /lease of \S+ obtained/.test(l)) wake((got = t)); });
    }
    await Promise.race([leased, sleep(STAGGER_MS)]);
  }
  await Promise.all([...inflight].map((c) => end(c, 'SIGTERM', 3000)));
  if (got === undefined) throw new Error(`no lease within ${ms} ms`);
  return got;
}
