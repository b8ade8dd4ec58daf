// A real SAN boot: `bootgen overlays init` exports each machine's qcow2 overlay (over a VHD master)
// from a private tgtd; the guest's iPXE runs its per-machine script, which does `sanboot iscsi:…`;
// GRUB inside the image prints a marker and records a first boot in grubenv (a write that lands in
// the overlay). Between boots the generated DHCP hook runs as dnsmasq would: an immutable machine
// starts fresh (the write is gone), a persistent one keeps it. The master never changes.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { startTgtd, type TgtdHandle } from '../net/daemons.js';
import { runQemu, serveTree } from './netboot-helpers.js';
import { buildSanDisk } from './san-disk.js';

const ok = oraclesPresent(
  ['qemu-system-x86_64', 'qemu-img', 'qemu-storage-daemon', 'tgtd', 'tgtadm', 'grub-mkimage', 'grub-editenv', 'mkfs.fat', 'mcopy', 'sfdisk', 'start-stop-daemon']
    .map((name) => findOracle({ name, pkg: 'see scripts/install-deps.sh' }))
    .concat([findOracle({ name: '/usr/lib/ipxe/qemu/pxe-e1000.rom', pkg: 'ipxe-qemu' }), findOracle({ name: '/dev/fuse', pkg: 'kernel FUSE' })]),
  'SAN boot over iSCSI',
);

const BIN = resolve('bin/bootgen.js');
const TGT = { control: 72, port: 3272, tidBase: 801 };
const MACS = { cutman: '52:54:00:56:00:01', gutsman: '52:54:00:56:00:02' };

function siteYaml(dir: string, httpPort: number): string {
  return [
    'bootgen: 1', 'site: sanlab', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: SAN lab, timeout: 0}',
    'images:', '  master: {path: images/master.vhd}',
    'entries:',
    '  - {id: play, title: Play, disk: master, session: immutable}',
    '  - {id: persist, title: Keep, disk: master, session: persistent}',
    'machines:',
    `  - {name: cutman, mac: "${MACS.cutman}", entries: [play], default: play}`,
    `  - {name: gutsman, mac: "${MACS.gutsman}", entries: [persist], default: persist}`,
    // the guest reaches the SAN at 10.0.2.100:3260, forwarded by QEMU to the private tgtd
    'network:', '  server: 10.0.2.100', `  http: http://10.0.2.2:${httpPort}/boot`, '  san: iscsi',
    '  dhcp: {mode: full, subnet: 10.0.2.0/24, range: [10.0.2.110, 10.0.2.200]}', // the server (10.0.2.100) stays outside the range
    `  overlays: {engine: qcow2, dir: ${join(dir, 'overlays')}, export: tgt}`,
    'media:', '  pxe: {}', '',
  ].join('\n');
}

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe.skipIf(!ok)('SAN boot of a machine overlay over iSCSI (tgtd + iPXE sanboot)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-san-'));
  const site = join(dir, 'site/site.yaml');
  const master = join(dir, 'site/images/master.vhd');
  let tgtd: TgtdHandle | undefined;
  let http: { server: Server; port: number; hits: string[] } | undefined;
  let masterSha = '';
  const bootgen = (...args: string[]) => run('node', [BIN, ...args], { timeoutMs: 120_000 });
  const overlays = (...args: string[]) => bootgen('overlays', site, ...args, '--tgt-control', String(TGT.control), '--tid-base', String(TGT.tidBase));

  beforeAll(async () => {
    mkdirSync(join(dir, 'site/images'), { recursive: true });
    mkdirSync(join(dir, 'work'));
    buildSanDisk({ dir: join(dir, 'work'), path: join(dir, 'work/disk.raw') });
    expect(run('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', join(dir, 'work/disk.raw'), master]).status).toBe(0);
    masterSha = sha(master);
    http = await serveTree({ root: join(dir, 'out/pxe'), prefix: '/boot' });
    writeFileSync(site, siteYaml(dir, http.port));
    const built = bootgen('build', site, '-o', join(dir, 'out'), '--only', 'configs,pxe');
    expect(built.stderr).not.toMatch(/error/);
    tgtd = await startTgtd({ control: TGT.control, port: TGT.port });
    const init = overlays('init');
    expect(init.stderr + init.stdout).toMatch(/steps? run/);
    expect(init.status).toBe(0);
    // the hook calls `bootgen`; this wrapper adds the private tgtd's options
    writeFileSync(join(dir, 'bootgen'), `#!/bin/sh\nexec node ${BIN} "$@" --tgt-control ${TGT.control} --tid-base ${TGT.tidBase}\n`);
    chmodSync(join(dir, 'bootgen'), 0o755);
    writeFileSync(
      join(dir, 'relay.cjs'),
      `const s = require('net').connect(${TGT.port}, '127.0.0.1');\nprocess.stdin.pipe(s);\ns.pipe(process.stdout);\ns.on('close', () => process.exit(0));\nprocess.stdin.on('end', () => s.end());\n`,
    );
  }, 120_000);

  afterAll(async () => {
    overlays('destroy');
    await tgtd?.stop();
    await new Promise<void>((r) => (http ? http.server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function boot(mac: string): Promise<string> {
    // guest 10.0.2.100:3260 → the private tgtd. QEMU's `guestfwd=…-tcp:` chardev stalls on bulk
    // iSCSI reads (GRUB's core.img never finishes loading); a `cmd:` relay process does not.
    const relay = `${process.execPath} ${join(dir, 'relay.cjs')}`;
    const net = `user,id=n0,tftp=${join(dir, 'out/pxe')},bootfile=ipxe/boot.ipxe,guestfwd=tcp:10.0.2.100:3260-cmd:${relay}`;
    const r = await runQemu({ args: ['-netdev', net, '-device', `e1000,netdev=n0,mac=${mac},bootindex=1`], timeoutMs: 120_000, until: /SAN-MARK-\w+\r?\n/ });
    return /SAN-MARK-(\w+)\r?\n/.exec(r.serial)?.[1] ?? `no marker (timed out: ${r.timedOut}): ${JSON.stringify(r.serial.slice(-400))} http: ${http?.hits.join(" ")}`;
  }

  /** What dnsmasq does on a lease event: run the generated dhcp-script hook. */
  function dhcpEvent(mac: string): void {
    const r = run('env', [`BOOTGEN=${join(dir, 'bootgen')}`, `BOOTGEN_SITE=${join(dir, 'site/site.yaml')}`, join(dir, 'out/hooks/bootgen-dhcp-hook.sh'), 'old', mac, '10.0.2.15'], { timeoutMs: 120_000 });
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
    const before = statSync(join(dir, 'overlays/cutman-play.qcow2')).size;
    dhcpEvent(MACS.cutman);
    expect(statSync(join(dir, 'overlays/cutman-play.qcow2')).size).toBeLessThan(before); // a fresh overlay
    expect(await boot(MACS.cutman)).toBe('FIRST');
    expect(sha(master)).toBe(masterSha);
  }, 300_000);

  it('persistent: the DHCP hook leaves the overlay alone and the write survives the reboot', async () => {
    expect(await boot(MACS.gutsman)).toBe('FIRST');
    dhcpEvent(MACS.gutsman);
    expect(await boot(MACS.gutsman)).toBe('SEEN');
    expect(sha(master)).toBe(masterSha);
  }, 300_000);
});
