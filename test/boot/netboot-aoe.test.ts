// A real AoE boot: `bootgen overlays init` (qcow2 engine, vblade export) serves each machine's
// overlay, through its qemu-storage-daemon FUSE raw view, as an AoE blade on a tap inside a private
// network namespace (AoE is raw Ethernet, ethertype 0x88a2: QEMU's user-net cannot carry it). The
// generated dnsmasq config runs on that tap (DHCP: the iPXE ROM gets boot.ipxe over HTTP), busybox
// httpd serves the PXE tree, the guest's iPXE chains its per-machine script, which does `sanboot
// aoe:e<shelf>.<slot>`, and GRUB inside the image prints a marker and writes grubenv. Between boots
// the generated DHCP hook runs with the arguments dnsmasq gave it: immutable starts fresh,
// persistent keeps the write. Where the kernel cannot make a namespace with a tap, the live part is
// skipped with the precise reason and only the plan/iPXE agreement below runs.
import { chmodSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { runQemu } from './netboot-helpers.js';
import { createNetns, killPidFile, type Netns } from './netns.js';
import { buildSanDisk } from './san-disk.js';

// tool → Debian package (scripts/install-deps.sh)
const tools: Record<string, string> = {
  'qemu-system-x86_64': 'qemu-system-x86', 'qemu-img': 'qemu-utils', 'qemu-storage-daemon': 'qemu-system-common', vblade: 'vblade', dnsmasq: 'dnsmasq',
  busybox: 'busybox-static', nsenter: 'util-linux', ip: 'iproute2', 'start-stop-daemon': 'dpkg', 'grub-mkimage': 'grub-common',
  'grub-editenv': 'grub-common', 'mkfs.fat': 'dosfstools', mcopy: 'mtools', sfdisk: 'fdisk', '/usr/lib/ipxe/qemu/pxe-e1000.rom': 'ipxe-qemu',
  '/dev/fuse': 'kernel FUSE', '/dev/net/tun': 'kernel TUN/TAP',
};
const ok = oraclesPresent(Object.entries(tools).map(([name, pkg]) => findOracle({ name, pkg })), 'SAN boot over AoE');

const BIN = resolve('bin/bootgen.js');
const NS = `bootgen-aoe-${process.pid}`;
const TAP = 'tapaoe0';
const SHELF = 3;
const MACS = { cutman: '52:54:00:a0:00:01', gutsman: '52:54:00:a0:00:02' };

/** Why this machine cannot run the live part (no namespaces, no tap), or undefined. */
function netnsUnsupported(): string | undefined {
  if (!ok) return 'tools missing';
  try {
    void createNetns({ name: `${NS}-probe`, tap: TAP, address: '10.77.0.1/24' }).close();
    return undefined;
  } catch (e) {
    return `a network namespace with a tap cannot be made here (${(e as Error).message.trim()})`;
  }
}
const unsupported = netnsUnsupported();
if (ok && unsupported) process.stderr.write(`SKIP live AoE boot: ${unsupported}; only the plan and iPXE scripts are checked\n`);

function siteYaml(srv: string): string {
  return [
    'bootgen: 1', 'site: aoelab', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: AoE lab, timeout: 0}',
    'images:', '  master: {path: images/master.vhd}',
    'entries:',
    '  - {id: play, title: Play, disk: master, session: immutable}',
    '  - {id: persist, title: Keep, disk: master, session: persistent}',
    'machines:',
    `  - {name: cutman, mac: "${MACS.cutman}", entries: [play], default: play}`,
    `  - {name: gutsman, mac: "${MACS.gutsman}", entries: [persist], default: persist}`,
    // the server is 10.77.0.1 on the tap inside the namespace; the out dir is deployed at srv/
    'network:', '  server: 10.77.0.1', '  http: http://10.77.0.1/boot', '  san: aoe', `  aoe-shelf: ${SHELF}`, `  iface: ${TAP}`,
    '  dhcp: {mode: full, subnet: 10.77.0.0/24, range: [10.77.0.100, 10.77.0.200]}',
    `  overlays: {engine: qcow2, dir: ${join(srv, 'overlays')}, export: vblade}`,
    'media:', '  pxe: {}', '',
  ].join('\n');
}

const sha = (p: string): Promise<string> =>
  new Promise((done, fail) => {
    const h = createHash('sha256');
    createReadStream(p).on('data', (b) => h.update(b)).on('end', () => done(h.digest('hex'))).on('error', fail);
  });

describe.skipIf(!ok)('AoE: the plan and the iPXE scripts agree', () => {
  let dir = '';
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('each machine sanboots aoe:e<shelf>.<slot> and init starts vblade -m <its MAC> <shelf> <slot> on network.iface for its overlay', () => {
    dir = mkdtempSync(join(tmpdir(), 'bootgen-aoe-plan-'));
    mkdirSync(join(dir, 'site/images'), { recursive: true });
    expect(run('qemu-img', ['create', '-q', '-f', 'vpc', join(dir, 'site/images/master.vhd'), '32M']).status).toBe(0);
    writeFileSync(join(dir, 'site/site.yaml'), siteYaml(join(dir, 'srv')));
    const built = run('node', [BIN, 'build', join(dir, 'site/site.yaml'), '-o', join(dir, 'srv'), '--only', 'configs,pxe']);
    expect(built.status, built.stderr).toBe(0);
    const plan = run('node', [BIN, 'overlays', join(dir, 'site/site.yaml'), 'init', '--dry-run']);
    expect(plan.status, plan.stderr).toBe(0);
    [['cutman', 'play', 0], ['gutsman', 'persist', 1]].forEach(([machine, entry, slot]) => {
      const script = readFileSync(join(dir, `srv/pxe/ipxe/machines/${MACS[machine as 'cutman'].replaceAll(':', '-')}.ipxe`), 'utf8');
      expect(script).toContain(`sanboot aoe:e${SHELF}.${slot} `);
      const raw = join(dir, `srv/overlays/${machine}-${entry}.raw`);
      // -m: each blade answers only its machine's MAC
      expect(plan.stdout).toContain(`--exec /usr/sbin/vblade -- -m ${MACS[machine as 'cutman']} ${SHELF} ${slot} ${TAP} ${raw}\n`);
      expect(plan.stdout).toContain(`mountpoint=${raw},writable=on`);
    });
  });
});

describe.skipIf(!ok || unsupported !== undefined)('SAN boot of a machine overlay over AoE (vblade on a tap + iPXE sanboot)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-aoe-'));
  const srv = join(dir, 'srv');
  const site = join(dir, 'site/site.yaml');
  const master = join(dir, 'site/images/master.vhd');
  const dhcpLog = join(dir, 'dhcp-events.log');
  let ns: Netns | undefined;
  let masterSha = '';
  // every bootgen command runs in the namespace: vblade binds the tap there
  const bootgen = (...args: string[]) => run('nsenter', [`--net=/run/netns/${NS}`, 'node', BIN, ...args], { timeoutMs: 120_000 });
  const overlays = (...args: string[]) => bootgen('overlays', site, ...args);

  beforeAll(async () => {
    chmodSync(dir, 0o755); // dnsmasq drops to nobody; its tftp root must stay reachable
    mkdirSync(join(dir, 'site/images'), { recursive: true });
    mkdirSync(join(dir, 'work'));
    buildSanDisk({ dir: join(dir, 'work'), path: join(dir, 'work/disk.raw') });
    expect(run('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', join(dir, 'work/disk.raw'), master]).status).toBe(0);
    masterSha = await sha(master);
    writeFileSync(site, siteYaml(srv));
    const built = run('node', [BIN, 'build', site, '-o', srv, '--only', 'configs,pxe']);
    expect(built.status, built.stderr).toBe(0);
    ns = createNetns({ name: NS, tap: TAP, address: '10.77.0.1/24' });
    startDnsmasq(ns);
    mkdirSync(join(dir, 'www'));
    symlinkSync(join(srv, 'pxe'), join(dir, 'www/boot'));
    ns.spawn(['busybox', 'httpd', '-f', '-p', '10.77.0.1:80', '-h', join(dir, 'www')]);
    const init = overlays('init');
    expect(init.status, init.stderr).toBe(0);
    expect(init.stderr + init.stdout).toMatch(/steps? run/);
    // the hook calls `bootgen`; this wrapper runs it in the namespace, as the server would
    writeFileSync(join(dir, 'bootgen'), `#!/bin/sh\nexec nsenter --net=/run/netns/${NS} node ${BIN} "$@"\n`);
    chmodSync(join(dir, 'bootgen'), 0o755);
  }, 180_000);

  /** The generated dnsmasq.conf, its dhcp-script replaced by a recorder of the events it passes. */
  function startDnsmasq(netns: Netns): void {
    const conf = readFileSync(join(srv, 'dhcp/dnsmasq.conf'), 'utf8').replace(/^dhcp-script=.*$/m, '');
    writeFileSync(join(dir, 'dnsmasq.conf'), conf);
    writeFileSync(join(dir, 'record-dhcp.sh'), `#!/bin/sh\necho "$1 $2" >> ${dhcpLog}\n`);
    chmodSync(join(dir, 'record-dhcp.sh'), 0o755);
    const test = run('dnsmasq', ['--test', `--conf-file=${join(dir, 'dnsmasq.conf')}`]);
    expect(test.status, test.stderr).toBe(0);
    netns.spawn([
      'dnsmasq', '--no-daemon', `--conf-file=${join(dir, 'dnsmasq.conf')}`, `--dhcp-leasefile=${join(dir, 'leases')}`,
      `--pid-file=${join(dir, 'dnsmasq.pid')}`, `--dhcp-script=${join(dir, 'record-dhcp.sh')}`,
    ]);
  }

  afterAll(async () => {
    if (ns) overlays('destroy');
    // whatever a failed step left running: daemons by pid file, FUSE views by mount point
    for (const name of ['cutman-play', 'gutsman-persist']) {
      for (const pid of [`${name}.vblade.pid`, `${name}.pid`]) killPidFile(join(srv, 'overlays', pid));
      if (existsSync(join(srv, 'overlays', `${name}.raw`))) run('umount', ['-l', join(srv, 'overlays', `${name}.raw`)]);
    }
    await ns?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  async function boot(mac: string): Promise<string> {
    const net = `tap,id=n0,ifname=${TAP},script=no,downscript=no`;
    const r = await runQemu({
      prefix: ns!.enter,
      args: ['-netdev', net, '-device', `e1000,netdev=n0,mac=${mac},bootindex=1`],
      timeoutMs: 90_000, // a TCG boot over AoE takes about 20 s here
      until: /SAN-MARK-\w+\r?\n/,
    });
    return /SAN-MARK-(\w+)\r?\n/.exec(r.serial)?.[1] ?? `no marker (timed out: ${r.timedOut}): ${JSON.stringify(r.serial.slice(-400))}\n${ns!.logs()}`;
  }

  /** The lease events dnsmasq reported for `mac` (its dhcp-script arguments: action, MAC). */
  function dhcpEvents(mac: string): string[] {
    const text = existsSync(dhcpLog) ? readFileSync(dhcpLog, 'utf8') : '';
    return text.split('\n').filter((l) => l.endsWith(` ${mac}`));
  }

  /** Runs the generated hook with the last event dnsmasq passed for `mac`, as dnsmasq would. */
  async function hookOnLastEvent(mac: string): Promise<void> {
    // dnsmasq runs its script after the lease is granted; give its helper a moment
    for (let i = 0; i < 50 && dhcpEvents(mac).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const last = dhcpEvents(mac).pop();
    expect(last, `dnsmasq reported no lease event for ${mac}`).toMatch(/^(add|old) /);
    const [action, eventMac] = (last ?? '').split(' ');
    const r = run('env', [`BOOTGEN=${join(dir, 'bootgen')}`, `BOOTGEN_SITE=${join(dir, 'site/site.yaml')}`, join(srv, 'hooks/bootgen-dhcp-hook.sh'), action ?? '', eventMac ?? '', '10.77.0.2'], { timeoutMs: 120_000 });
    expect(r.status, r.stderr).toBe(0);
  }

  it('status lists both overlays exported, nothing wrong', () => {
    const r = overlays('status', '--json');
    const out = JSON.parse(r.stdout) as { overlays: { name: string; exported: boolean }[]; diagnostics: { severity: string }[] };
    expect(out.overlays.map((o) => [o.name, o.exported])).toEqual([['cutman-play', true], ['gutsman-persist', true]]);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('immutable: the first boot writes grubenv; after the boot-time reset the write is gone', async () => {
    expect(await boot(MACS.cutman)).toBe('FIRST');
    const before = statSync(join(srv, 'overlays/cutman-play.qcow2')).size;
    await hookOnLastEvent(MACS.cutman);
    expect(statSync(join(srv, 'overlays/cutman-play.qcow2')).size).toBeLessThan(before); // a fresh overlay
    expect(await boot(MACS.cutman)).toBe('FIRST');
    expect(await sha(master)).toBe(masterSha);
  }, 300_000);

  it('persistent: the DHCP hook leaves the overlay alone and the write survives the reboot', async () => {
    expect(await boot(MACS.gutsman)).toBe('FIRST');
    await hookOnLastEvent(MACS.gutsman);
    expect(await boot(MACS.gutsman)).toBe('SEEN');
    expect(await sha(master)).toBe(masterSha);
  }, 300_000);
});
