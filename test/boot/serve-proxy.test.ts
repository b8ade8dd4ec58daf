// `bootgen serve` next to the network's own DHCP server, live, in two network namespaces this test
// creates (addresses only in 10.81.0.0/24): a "router" namespace runs a plain dnsmasq as the
// site's DHCP server (10.81.0.50–90, no boot options), joined by a veth to the "server" namespace,
// whose bridge br0 (10.81.0.1) also holds the QEMU machine's tap. In full DHCP mode serve refuses
// to start (env/dhcp-server-present, exit 3) and leaves nothing running; in proxy mode the machine
// gets its address from the router and its boot offer from serve's proxyDHCP, and boots its kernel.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { startServe, type ServeRun } from './serve-run.js';
import { buildInitramfs, debianKernel, MARK, runQemu } from './netboot-helpers.js';

const kernel = debianKernel();
const ok = oraclesPresent(
  [
    ['qemu-system-x86_64', 'qemu-system-x86'], ['/usr/lib/ipxe/qemu/pxe-e1000.rom', 'ipxe-qemu'], [kernel ?? '/boot/vmlinuz-*', 'linux-image-amd64'],
    ['/bin/busybox', 'busybox-static'], ['cpio', 'cpio'], ['dnsmasq', 'dnsmasq'], ['tgtd', 'tgt'], ['ip', 'iproute2'], ['nsenter', 'util-linux'], ['qemu-img', 'qemu-utils'],
  ].map(([name, pkg]) => findOracle({ name: name!, pkg: pkg! })),
  'bootgen serve proxy live',
);

const SERVER = `bootgen-proxy-s-${process.pid}`;
const ROUTER = `bootgen-proxy-r-${process.pid}`;
const enter = ['nsenter', `--net=/run/netns/${SERVER}`];
const MAC = '52:54:00:81:00:01';
const TGT = 81;

function siteYaml(dhcp: string): string {
  return [
    'bootgen: 1', 'site: proxylab', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: Proxy lab, timeout: 0, default: live}',
    'entries:', '  - {id: live, title: Live, linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: "console=ttyS0 quiet panic=-1 bootgen.mark=proxy-live"}}',
    'machines:', `  - {name: proxybox, mac: "${MAC}", entries: [live], default: live}`,
    'network:', '  server: 10.81.0.1', '  http: http://10.81.0.1:8081/boot', '  san: iscsi', '  iface: br0', `  dhcp: ${dhcp}`,
    '  overlays: {engine: qcow2, export: tgt}', 'media:', '  pxe: {}', '',
  ].join('\n');
}

const inNs = (ns: string, ...argv: string[]): ReturnType<typeof run> => run('nsenter', [`--net=/run/netns/${ns}`, ...argv]);

/** What of this test could still run: processes naming the state dir, a dnsmasq or tgtd of ours. */
function leftovers(state: string): string[] {
  return [run('pgrep', ['-af', state]).stdout.trim(), run('pgrep', ['-af', `tgtd -f -C ${TGT} `]).stdout.trim()].filter(Boolean);
}

describe.skipIf(!ok)('bootgen serve next to another DHCP server, live in two private network namespaces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-proxy-'));
  const state = join(dir, 'state');
  const site = join(dir, 'site/site.yaml');
  const leases = join(dir, 'router/leases');
  let router: ChildProcess | undefined;
  let serve: ServeRun | undefined;

  beforeAll(async () => {
    chmodSync(dir, 0o755); // dnsmasq reads the TFTP tree as nobody
    mkdirSync(join(dir, 'site/boot'), { recursive: true });
    mkdirSync(join(dir, 'router'));
    copyFileSync(kernel!, join(dir, 'site/boot/vmlinuz'));
    buildInitramfs({ dir, out: join(dir, 'site/boot/initrd.img') });
    for (const ns of [SERVER, ROUTER]) expect(run('ip', ['netns', 'add', ns]).status, `netns ${ns}`).toBe(0);
    for (const argv of [
      ['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'add', 'br0', 'type', 'bridge'], ['ip', 'addr', 'add', '10.81.0.1/24', 'dev', 'br0'], ['ip', 'link', 'set', 'br0', 'up'],
      ['ip', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap'], ['ip', 'link', 'set', 'tap0', 'master', 'br0'], ['ip', 'link', 'set', 'tap0', 'up'],
      ['ip', 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', ROUTER], ['ip', 'link', 'set', 'uplink', 'master', 'br0'], ['ip', 'link', 'set', 'uplink', 'up'],
    ]) expect(inNs(SERVER, ...argv).status, argv.join(' ')).toBe(0);
    for (const argv of [['ip', 'link', 'set', 'lo', 'up'], ['ip', 'addr', 'add', '10.81.0.2/24', 'dev', 'lan0'], ['ip', 'link', 'set', 'lan0', 'up']]) {
      expect(inNs(ROUTER, ...argv).status, argv.join(' ')).toBe(0);
    }
    // the site's ordinary DHCP server: addresses only, no boot options
    router = spawn('nsenter', [
      `--net=/run/netns/${ROUTER}`, 'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null', '--port=0', '--interface=lan0', '--bind-interfaces',
      '--dhcp-range=10.81.0.50,10.81.0.90,255.255.255.0,12h', `--dhcp-leasefile=${leases}`, `--pid-file=${join(dir, 'router/dnsmasq.pid')}`,
      '--log-dhcp', `--log-facility=${join(dir, 'router/dnsmasq.log')}`,
    ], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    while (!existsSync(join(dir, 'router/dnsmasq.pid')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(dir, 'router/dnsmasq.pid')), 'the router dnsmasq started').toBe(true);
  }, 120_000);

  afterAll(async () => {
    // a failed test must still leave nothing: stop serve, kill what a SIGKILLed one would leave
    await serve?.stop({ leftovers: [`tgtd -f -C ${TGT} `] });
    run('pkill', ['-KILL', '-f', state]);
    if (router && router.exitCode === null && router.signalCode === null) {
      const gone = new Promise((r) => router!.once('exit', r));
      router.kill('SIGKILL');
      await gone;
    }
    for (const ns of [SERVER, ROUTER]) run('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('full DHCP mode: serve refuses to start (exit 3, env/dhcp-server-present naming the router and its offer) and leaves nothing running', () => {
    writeFileSync(site, siteYaml('{mode: full, subnet: 10.81.0.0/24, range: [10.81.0.100, 10.81.0.150]}'));
    const started = Date.now();
    const r = run(enter[0]!, [...enter.slice(1), process.execPath, resolve('bin/bootgen.js'), 'serve', site, '--state', state, '--tgt-control', String(TGT), '--json'], { timeoutMs: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const envelope = JSON.parse(r.stdout) as { ok: boolean; exitCode: number; diagnostics: { code: string; severity: string; message: string; hint?: string }[] };
    expect(envelope).toMatchObject({ ok: false, exitCode: 3 });
    expect(envelope.diagnostics.map((d) => [d.code, d.severity])).toEqual([['env/dhcp-server-present', 'error']]);
    const [d] = envelope.diagnostics;
    expect(d!.message).toMatch(/^another DHCP server answers on br0: 10\.81\.0\.2 offered 10\.81\.0\.(\d+) \(router 10\.81\.0\.2, lease 12h\)$/);
    const offered = Number(/offered 10\.81\.0\.(\d+)/.exec(d!.message)?.[1]);
    expect(offered).toBeGreaterThanOrEqual(50);
    expect(offered).toBeLessThanOrEqual(90);
    expect(d!.hint).toContain('mode: proxy');
    expect(Date.now() - started).toBeLessThan(30_000);
    // refused before anything started: no daemon, and the router handed out no lease to the probe
    expect(leftovers(state)).toEqual([]);
    expect(existsSync(join(state, 'run/dnsmasq.pid'))).toBe(false);
    expect(existsSync(leases) ? readFileSync(leases, 'utf8').trim() : '').toBe('');
  }, 90_000);

  it('proxy mode: the machine gets its address from the router, its boot offer from serve, and boots its kernel', async () => {
    writeFileSync(site, siteYaml('{mode: proxy, subnet: 10.81.0.0/24}'));
    serve = startServe({ enter, site, state, tgtControl: TGT });
    await serve.until('serving', () => serve!.events().some((e) => e.kind === 'serve' && /^serving/.test(e.detail ?? '')), 120_000);
    expect(readFileSync(join(state, 'tree/dhcp/dnsmasq.conf'), 'utf8')).toMatch(/^dhcp-range=10\.81\.0\.0,proxy,255\.255\.255\.0$/m);
    const qemu = await runQemu({
      prefix: enter,
      args: ['-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', `e1000,netdev=n0,mac=${MAC},bootindex=1`],
      timeoutMs: 180_000,
      until: new RegExp(`${MARK} \\S+\\r?\\n`),
    });
    expect(new RegExp(`${MARK} (\\S+)`).exec(qemu.serial)?.[1], `${qemu.serial.slice(-1500)}\n${serve.output().slice(-2000)}`).toBe('proxy-live');
    // the router's lease file: `expiry mac ip name client-id`
    const lease = readFileSync(leases, 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[1] === MAC);
    expect(lease, readFileSync(leases, 'utf8')).toBeDefined();
    const ip = lease![2]!;
    expect(Number(/^10\.81\.0\.(\d+)$/.exec(ip)?.[1])).toBeGreaterThanOrEqual(50);
    expect(Number(/^10\.81\.0\.(\d+)$/.exec(ip)?.[1])).toBeLessThanOrEqual(90);
    const events = serve.events();
    expect(events).toContainEqual(expect.objectContaining({ kind: 'lease', machine: 'proxybox', mac: MAC, detail: 'proxyDHCP boot offer' }));
    const fetched = events.filter((e) => e.kind === 'fetch' && e.ip === ip).map((e) => e.detail);
    expect(fetched).toContainEqual(expect.stringMatching(/^http \/boot\/ipxe\/machines\/52-54-00-81-00-01\.ipxe 200/));
    expect(fetched).toContainEqual(expect.stringMatching(/^http \/boot\/\S*vmlinuz\S* 200/));
  }, 300_000);

  it('SIGTERM stops everything it started and exits 0', async () => {
    expect(serve, 'serve was started').toBeDefined();
    const exited = new Promise<number | null>((r) => serve!.child.once('exit', (code) => r(code)));
    serve!.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serve!.events().at(-1)?.detail).toMatch(/^stopped/);
    expect(leftovers(state)).toEqual([]);
    expect(run('pgrep', ['-af', `dnsmasq.*${state}`]).stdout.trim()).toBe('');
  }, 60_000);
});
