// QEMU netboot through the PXE tree `bootgen build --only configs,pxe` writes: QEMU user-net TFTP
// serves out/pxe, the NIC's iPXE ROM runs ipxe/boot.ipxe, which chains the guest's own script by
// MAC over HTTP at network.http (served here), which boots a kernel entry whose initramfs prints a
// marker. A second MAC gets its own menu; an unknown MAC the site menu. BIOS (SeaBIOS) and UEFI (OVMF).
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { buildInitramfs, debianKernel, MARK, ovmfArgs, runQemu, serveTree } from './netboot-helpers.js';

const kernel = debianKernel();
const ok = oraclesPresent(
  [
    findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
    findOracle({ name: '/usr/lib/ipxe/qemu/pxe-e1000.rom', pkg: 'ipxe-qemu' }),
    findOracle({ name: '/usr/share/OVMF/OVMF_CODE_4M.fd', pkg: 'ovmf' }),
    findOracle({ name: kernel ?? '/boot/vmlinuz-*', pkg: 'linux-image-amd64' }),
    findOracle({ name: '/bin/busybox', pkg: 'busybox-static' }),
    findOracle({ name: 'cpio', pkg: 'cpio' }),
  ],
  'QEMU netboot',
);

const BIN = resolve('bin/bootgen.js');
const MACS = { cutman: '52:54:00:12:34:01', gutsman: '52:54:00:12:34:02', stranger: '52:54:00:12:34:99' };

// No `initrd=` in args: the iPXE target names each initrd on the kernel line itself, which the
// UEFI boots below depend on (Debian's iPXE EFI ROM predates LoadFile2 initrds).
function siteYaml(port: number): string {
  const live = (id: string, mark: string) => `  - {id: ${id}, title: Live ${id}, linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: "console=ttyS0 quiet panic=-1 bootgen.mark=${mark}"}}`;
  return [
    'bootgen: 1', 'site: netlab', 'epoch: 2026-01-01T00:00:00Z',
    'menu: {title: Net lab, timeout: 0, default: live-site}',
    'entries:', live('live-a', 'cutman-a'), live('live-b', 'gutsman-b'), live('live-site', 'site-menu'),
    'machines:',
    `  - {name: cutman, mac: "${MACS.cutman}", entries: [live-a], default: live-a}`,
    `  - {name: gutsman, mac: "${MACS.gutsman}", entries: [live-b], default: live-b}`,
    'network:', '  server: 10.0.2.2', `  http: http://10.0.2.2:${port}/boot`, '  san: iscsi',
    '  dhcp: {mode: full, subnet: 10.0.2.0/24, range: [10.0.2.100, 10.0.2.200]}',
    '  overlays: {engine: qcow2, dir: /srv/bootgen/overlays, export: tgt}',
    'media:', '  pxe: {}', '',
  ].join('\n');
}

describe.skipIf(!ok)('netboot through the PXE tree (QEMU user-net TFTP + HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-netboot-'));
  let http: { server: Server; port: number; hits: string[] } | undefined;

  beforeAll(async () => {
    mkdirSync(join(dir, 'site/boot'), { recursive: true });
    copyFileSync(kernel!, join(dir, 'site/boot/vmlinuz'));
    buildInitramfs({ dir, out: join(dir, 'site/boot/initrd.img') });
    http = await serveTree({ root: join(dir, 'out/pxe'), prefix: '/boot' });
    writeFileSync(join(dir, 'site/site.yaml'), siteYaml(http.port));
    const r = run('node', [BIN, 'build', join(dir, 'site/site.yaml'), '-o', join(dir, 'out'), '--only', 'configs,pxe']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((r) => (http ? http.server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const boot = async (firmware: 'bios' | 'uefi', mac: string) => {
    const fw = firmware === 'uefi' ? ovmfArgs(dir) : [];
    const net = ['-netdev', `user,id=n0,tftp=${join(dir, 'out/pxe')},bootfile=ipxe/boot.ipxe`, '-device', `e1000,netdev=n0,mac=${mac},bootindex=1`];
    const r = await runQemu({ args: [...fw, ...net], timeoutMs: 120_000, until: new RegExp(`${MARK} \\S+\\r?\\n`) });
    return /BOOTGEN-NETBOOT-MARK (\S+)\r?\n/.exec(r.serial)?.[1] ?? `no marker (timed out: ${r.timedOut}) serial tail: ${JSON.stringify(r.serial.slice(-400))}`;
  };

  for (const firmware of ['bios', 'uefi'] as const) {
    it(`${firmware}: a known MAC chains its own script and boots its kernel entry`, async () => {
      expect(await boot(firmware, MACS.cutman)).toBe('cutman-a');
      expect(http!.hits).toContain('/boot/ipxe/machines/52-54-00-12-34-01.ipxe');
    }, 150_000);

    it(`${firmware}: a second MAC gets a different machine's menu`, async () => {
      expect(await boot(firmware, MACS.gutsman)).toBe('gutsman-b');
    }, 150_000);

    it(`${firmware}: an unknown MAC gets the site menu`, async () => {
      expect(await boot(firmware, MACS.stranger)).toBe('site-menu');
      expect(http!.hits).toContain('/boot/ipxe/machines/52-54-00-12-34-99.ipxe');
    }, 150_000);
  }
});
