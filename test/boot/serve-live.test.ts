// `bootgen serve` live, in a network namespace this test creates (bridge + two taps, addresses
// only in 10.79.0.0/24): real dnsmasq as the full DHCP server, bootgen's HTTP child, tgtd
// supervised; a port taken on network.http is a refusal; two QEMU machines at once (one BIOS, one
// UEFI) each get their own lease and their own menu and boot their kernel; the status page shows
// both in headless Chromium; killing dnsmasq brings it back; killing the HTTP child brings it back
// and a machine booting afterwards still fetches its kernel over HTTP and boots; a file changed
// behind serve's back is found and rebuilt, not served; the daemons a SIGKILLed serve left are
// stopped by the next serve; SIGTERM leaves no process, export or mount behind.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { startServe, type ServeRun } from './serve-run.js';
import { buildInitramfs, debianKernel, MARK, ovmfArgs, runQemu } from './netboot-helpers.js';

const kernel = debianKernel();
const ok = oraclesPresent(
  [
    ['qemu-system-x86_64', 'qemu-system-x86'], ['/usr/lib/ipxe/qemu/pxe-e1000.rom', 'ipxe-qemu'], ['/usr/share/OVMF/OVMF_CODE_4M.fd', 'ovmf'],
    [kernel ?? '/boot/vmlinuz-*', 'linux-image-amd64'], ['/bin/busybox', 'busybox-static'], ['cpio', 'cpio'], ['dnsmasq', 'dnsmasq'], ['tgtd', 'tgt'],
    ['ip', 'iproute2'], ['nsenter', 'util-linux'], ['chromium', 'chromium'], ['qemu-img', 'qemu-utils'],
  ].map(([name, pkg]) => findOracle({ name: name!, pkg: pkg! })),
  'bootgen serve live',
);

const NS = `bootgen-serve-${process.pid}`;
const enter = ['nsenter', `--net=/run/netns/${NS}`];
const MACS = { bios: '52:54:00:79:00:01', uefi: '52:54:00:79:00:02' } as const;

function siteYaml(): string {
  const live = (id: string) => `  - {id: ${id}, title: Live ${id}, linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: "console=ttyS0 quiet panic=-1 bootgen.mark=${id}"}}`;
  return [
    'bootgen: 1', 'site: servelab', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: Serve lab, timeout: 0, default: live-bios}',
    'entries:', live('live-bios'), live('live-uefi'),
    'machines:',
    `  - {name: biosbox, mac: "${MACS.bios}", entries: [live-bios], default: live-bios}`,
    `  - {name: uefibox, mac: "${MACS.uefi}", entries: [live-uefi], default: live-uefi}`,
    'network:', '  server: 10.79.0.1', '  http: http://10.79.0.1:8079/boot', '  san: iscsi', '  iface: br0',
    '  dhcp: {mode: full, subnet: 10.79.0.0/24, range: [10.79.0.100, 10.79.0.150]}',
    '  overlays: {engine: qcow2, export: tgt}',
    'media:', '  pxe: {}', '',
  ].join('\n');
}

function ns(...argv: string[]): ReturnType<typeof run> {
  return run(enter[0]!, [...enter.slice(1), ...argv]);
}

describe.skipIf(!ok)('bootgen serve, live in a private network namespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-serve-'));
  const state = join(dir, 'state');
  let serve: ServeRun | undefined;
  const events = (): Record<string, string>[] => serve?.events() ?? [];
  const until = (what: string, test: () => boolean, ms?: number): Promise<void> => serve!.until(what, test, ms);
  const qemu = (firmware: 'bios' | 'uefi', tap: string) => runQemu({
    prefix: enter,
    args: [...(firmware === 'uefi' ? ovmfArgs(dir) : []), '-netdev', `tap,id=n0,ifname=${tap},script=no,downscript=no`, '-device', `e1000,netdev=n0,mac=${MACS[firmware]},bootindex=1`],
    timeoutMs: 180_000,
    until: new RegExp(`${MARK} \\S+\\r?\\n`),
  });
  const mark = (serial: string): string | undefined => /BOOTGEN-NETBOOT-MARK (\S+)/.exec(serial)?.[1];
  /** pids of the HTTP child of this serve (its argv names the state dir) */
  const httpChild = (): string[] => run('pgrep', ['-f', `serve-http .*${state}/`]).stdout.trim().split('\n').filter(Boolean);

  /** How a serve started while another program listens on network.http's port ended. */
  let portTaken: { code: number | null; output: string; left: string } | undefined;
  async function serveWhilePortTaken(): Promise<NonNullable<typeof portTaken>> {
    const squatter = spawn(enter[0]!, [...enter.slice(1), process.execPath, '-e', "require('net').createServer().listen(8079, '10.79.0.1', () => console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((up, failed) => {
        squatter.stdout.once('data', () => up());
        squatter.once('exit', () => failed(new Error('the program holding port 8079 did not start')));
      });
      const refused = startServe({ enter, site: join(dir, 'site/site.yaml'), state, tgtControl: 79 });
      const code = await Promise.race([new Promise<number | null>((r) => refused.child.once('exit', (c) => r(c))), new Promise<null>((r) => setTimeout(() => r(null), 90_000))]);
      const left = run('pgrep', ['-af', state]).stdout.trim();
      await refused.stop({ leftovers: ['tgtd -f -C 79 '] });
      return { code, output: refused.output(), left };
    } finally {
      squatter.kill('SIGKILL');
    }
  }

  beforeAll(async () => {
    chmodSync(dir, 0o755); // dnsmasq reads the TFTP tree as nobody
    mkdirSync(join(dir, 'site/boot'), { recursive: true });
    copyFileSync(kernel!, join(dir, 'site/boot/vmlinuz'));
    buildInitramfs({ dir, out: join(dir, 'site/boot/initrd.img') });
    writeFileSync(join(dir, 'site/site.yaml'), siteYaml());
    for (const cmd of [['ip', 'netns', 'add', NS]]) expect(run(cmd[0]!, cmd.slice(1)).status).toBe(0);
    for (const argv of [
      ['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'add', 'br0', 'type', 'bridge'], ['ip', 'addr', 'add', '10.79.0.1/24', 'dev', 'br0'], ['ip', 'link', 'set', 'br0', 'up'],
      ['ip', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap'], ['ip', 'tuntap', 'add', 'dev', 'tap1', 'mode', 'tap'],
      ['ip', 'link', 'set', 'tap0', 'master', 'br0'], ['ip', 'link', 'set', 'tap1', 'master', 'br0'], ['ip', 'link', 'set', 'tap0', 'up'], ['ip', 'link', 'set', 'tap1', 'up'],
    ]) expect(ns(...argv).status, argv.join(' ')).toBe(0);
    portTaken = await serveWhilePortTaken();
    serve = startServe({ enter, site: join(dir, 'site/site.yaml'), state, tgtControl: 79 });
    await until('serving', () => events().some((e) => e.kind === 'serve' && /^serving/.test(e.detail ?? '')));
  }, 240_000);

  afterAll(async () => {
    // a failed test must still leave nothing: stop serve, kill what a SIGKILLed one would leave
    await serve?.stop({ leftovers: ['tgtd -f -C 79 '] });
    run('ip', ['netns', 'del', NS]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start while network.http\'s port is taken (env/http-port-in-use, exit 3), leaving nothing running', () => {
    expect(portTaken?.code, portTaken?.output.slice(-2000)).toBe(3);
    expect(portTaken?.output).toContain('"code": "env/http-port-in-use"');
    expect(portTaken?.left).toBe('');
  });

  it('two machines at once (BIOS and UEFI) each get their own lease from dnsmasq, their own menu, and boot their kernel', async () => {
    const [bios, uefi] = await Promise.all([qemu('bios', 'tap0'), qemu('uefi', 'tap1')]);
    expect(mark(bios.serial), bios.serial.slice(-500)).toBe('live-bios');
    expect(mark(uefi.serial), uefi.serial.slice(-500)).toBe('live-uefi');
    const leases = events().filter((e) => e.kind === 'lease');
    expect(leases).toContainEqual(expect.objectContaining({ machine: 'biosbox', mac: MACS.bios, ip: '10.79.0.2' }));
    expect(leases).toContainEqual(expect.objectContaining({ machine: 'uefibox', mac: MACS.uefi, ip: '10.79.0.3' }));
    const fetched = events().filter((e) => e.kind === 'fetch').map((e) => `${e.machine} ${e.detail}`);
    expect(fetched).toContainEqual(expect.stringMatching(/^biosbox http \/boot\/ipxe\/machines\/52-54-00-79-00-01\.ipxe 200/));
    expect(fetched).toContainEqual(expect.stringMatching(/^uefibox http \/boot\/ipxe\/machines\/52-54-00-79-00-02\.ipxe 200/));
  }, 240_000);

  it('the status page shows both machines (headless Chromium: DOM and a screenshot)', () => {
    const shot = join(dir, 'status.png');
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'chromium')}`];
    const dom = ns('chromium', ...flags, '--dump-dom', 'http://10.79.0.1:8079/bootgen/status');
    expect(dom.status, dom.stderr.slice(-500)).toBe(0);
    expect(dom.stdout).toMatch(/<tr data-machine="biosbox"><td>biosbox<\/td><td><code>52:54:00:79:00:01<\/code><\/td><td>10\.79\.0\.2<\/td>/);
    expect(dom.stdout).toMatch(/<tr data-machine="uefibox"><td>uefibox<\/td><td><code>52:54:00:79:00:02<\/code><\/td><td>10\.79\.0\.3<\/td>/);
    expect(dom.stdout).toMatch(/<tr data-daemon="dnsmasq"><td>dnsmasq<\/td><td class="ok">running/);
    const png = ns('chromium', ...flags, '--window-size=1100,900', `--screenshot=${shot}`, 'http://10.79.0.1:8079/bootgen/status');
    expect(png.status, png.stderr.slice(-500)).toBe(0);
    const bytes = readFileSync(shot);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
    if (process.env.BOOTGEN_KEEP_SCREENSHOT) copyFileSync(shot, process.env.BOOTGEN_KEEP_SCREENSHOT);
    const json = JSON.parse(ns('curl', '-sf', 'http://10.79.0.1:8079/bootgen/status.json').stdout) as { machines: { name: string; lastSeen?: string }[] };
    expect(json.machines.map((m) => [m.name, typeof m.lastSeen])).toEqual([['biosbox', 'string'], ['uefibox', 'string']]);
  }, 60_000);

  it('SIGHUP rebuilds the tree from the changed site.yaml and serves it, verified', async () => {
    const site = join(dir, 'site/site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace('title: Serve lab', 'title: Serve lab rebuilt'));
    const before = events().length;
    serve!.child.kill('SIGHUP');
    await until('rebuilt', () => events().slice(before).some((e) => e.kind === 'serve' && /^rebuilt and verified/.test(e.detail ?? '')), 60_000);
    const menu = ns('curl', '-sf', 'http://10.79.0.1:8079/boot/ipxe/boot.ipxe');
    expect(menu.status).toBe(0);
    expect(menu.stdout).toContain('Serve lab rebuilt');
    const sums = run('sha256sum', ['-c', '--strict', '--quiet', 'SHA256SUMS'], { cwd: join(state, 'tree/pxe') });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
  }, 90_000);

  it('a file of the tree changed behind serve\'s back is found, and the tree is rebuilt from site.yaml rather than served', async () => {
    const script = join(state, 'tree/pxe/ipxe/boot.ipxe');
    const good = readFileSync(script, 'utf8');
    const before = events().length;
    writeFileSync(script, `${good}\nshell\n`);
    await until('tamper found', () => events().slice(before).some((e) => e.kind === 'serve' && /changed behind serve's back \(.*ipxe\/boot\.ipxe/.test(e.detail ?? '')), 30_000);
    await until('rebuilt', () => events().slice(before).some((e) => e.kind === 'serve' && /^rebuilt and verified/.test(e.detail ?? '')), 60_000);
    expect(ns('curl', '-sf', 'http://10.79.0.1:8079/boot/ipxe/boot.ipxe').stdout).toBe(good);
    const sums = run('sha256sum', ['-c', '--strict', '--quiet', 'SHA256SUMS'], { cwd: join(state, 'tree/pxe') });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
  }, 90_000);

  it('a killed dnsmasq comes back, and the event stream says so', async () => {
    const pid = Number(readFileSync(join(state, 'run/dnsmasq.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    await until('dnsmasq restart', () => events().some((e) => e.kind === 'daemon' && /dnsmasq exited .*restarting/.test(e.detail ?? '')), 20_000);
    await until('dnsmasq running again', () => events().filter((e) => e.kind === 'daemon' && /^dnsmasq started/.test(e.detail ?? '')).length >= 2, 20_000);
  }, 60_000);

  it('a killed HTTP server comes back: the event stream says so, a machine booting afterwards boots, the status page answers', async () => {
    const [pid, ...more] = httpChild();
    expect(pid, 'the HTTP child of this serve').toBeDefined();
    expect(more).toEqual([]);
    const before = events().length;
    const since = (): Record<string, string>[] => events().slice(before);
    process.kill(Number(pid), 'SIGKILL');
    await until('http restart', () => since().some((e) => e.kind === 'daemon' && /^http exited \(SIGKILL\), restarting in \d+ ms/.test(e.detail ?? '')), 20_000);
    await until('http ready again', () => since().some((e) => e.kind === 'daemon' && /^http ready/.test(e.detail ?? '')), 30_000);
    expect(httpChild()).toHaveLength(1);
    expect(httpChild()).not.toContain(pid);
    const bios = await qemu('bios', 'tap0');
    expect(mark(bios.serial), bios.serial.slice(-500)).toBe('live-bios');
    // its script and kernel came from the restarted child, and serve still turns its log into events
    const fetched = since().filter((e) => e.kind === 'fetch' && e.machine === 'biosbox').map((e) => e.detail);
    expect(fetched).toContainEqual(expect.stringMatching(/^http \/boot\/ipxe\/machines\/52-54-00-79-00-01\.ipxe 200/));
    expect(fetched).toContainEqual(expect.stringMatching(/^http \/boot\/\S*vmlinuz 20[06] [1-9]\d{5,} B$/));
    const json = JSON.parse(ns('curl', '-sf', 'http://10.79.0.1:8079/bootgen/status.json').stdout) as { stale: boolean; daemons: { name: string; state: string; restarts: number }[] };
    expect(json.stale).toBe(false);
    expect(json.daemons).toContainEqual(expect.objectContaining({ name: 'http', state: 'running', restarts: 1 }));
    const page = ns('curl', '-sf', 'http://10.79.0.1:8079/bootgen/status');
    expect(page.stdout).toMatch(/<tr data-daemon="http"><td>http<\/td><td class="ok">running<\/td><td>\d+<\/td><td>1<\/td>/);
  }, 240_000);

  it('a serve killed with SIGKILL leaves its daemons running; the next serve on the same state dir stops them, says so, and serves', async () => {
    const pidOf = (name: string): number => Number(readFileSync(join(state, `run/${name}.supervised.pid`), 'utf8').trim());
    const left = { dnsmasq: pidOf('dnsmasq'), tgtd: pidOf('tgtd') };
    const killed = new Promise((r) => serve!.child.once('exit', r));
    serve!.child.kill('SIGKILL');
    await killed;
    const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    expect([alive(left.dnsmasq), alive(left.tgtd)]).toEqual([true, true]); // what SIGKILL leaves: children in their own groups
    serve = startServe({ enter, site: join(dir, 'site/site.yaml'), state, tgtControl: 79 });
    await until('serving again', () => events().some((e) => e.kind === 'serve' && /^serving/.test(e.detail ?? '')), 90_000);
    const reaped = events().filter((e) => e.kind === 'daemon' && /left running by an earlier serve/.test(e.detail ?? '')).map((e) => e.detail);
    expect(reaped).toEqual(expect.arrayContaining([expect.stringContaining(`dnsmasq left running by an earlier serve that was killed (pid ${left.dnsmasq})`), expect.stringContaining(`tgtd left running by an earlier serve that was killed (pid ${left.tgtd})`)]));
    expect([alive(left.dnsmasq), alive(left.tgtd)]).toEqual([false, false]);
    expect(ns('curl', '-sf', 'http://10.79.0.1:8079/boot/ipxe/boot.ipxe').status).toBe(0);
  }, 150_000);

  it('SIGTERM stops everything it started and exits 0', async () => {
    const exited = new Promise<number | null>((r) => serve!.child.once('exit', (code) => r(code)));
    serve!.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(events().at(-1)?.detail).toMatch(/^stopped/);
    const left = [run('pgrep', ['-af', state]).stdout.trim(), run('pgrep', ['-af', 'tgtd -f -C 79 ']).stdout.trim()].filter(Boolean);
    expect(left).toEqual([]);
    expect(ns('tgtadm', '-C', '79', '--lld', 'iscsi', '--op', 'show', '--mode', 'target').status).not.toBe(0);
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(state);
    expect(existsSync(join(state, 'tree/pxe/SHA256SUMS'))).toBe(true);
  }, 60_000);
});
