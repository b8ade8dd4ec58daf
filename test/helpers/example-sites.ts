// Canonical Sites shaped like examples/lanparty and examples/vhd-lab (BRIEFING "The two
// examples"), built without the manifest loader so target tests do not depend on it.
import type { Site } from '../../src/model/types.js';
import { cdrom, disk, linux, makeSite, raw, windows } from './site.js';

const MEGA_MEN = ['cutman', 'gutsman', 'iceman', 'bombman', 'fireman', 'elecman', 'metalman', 'airman', 'bubbleman', 'quickman', 'crashman', 'flashman'];

export function lanpartySite(options: { machines?: number; san?: 'iscsi' | 'aoe' | 'http'; mode?: 'full' | 'proxy'; overlayDir?: string } = {}): Site {
  const names = Array.from({ length: options.machines ?? 12 }, (_, i) => MEGA_MEN[i] ?? `machine${i + 1}`);
  return makeSite({
    name: 'lanparty',
    menu: { title: 'LAN party', timeout: 5, default: 'play', serial: { unit: 0, speed: 115200 } },
    images: [{ id: 'master', path: 'images/master.vhd' }],
    entries: [
      { id: 'play', title: 'Windows (LAN play)', boot: disk('master', { session: 'immutable', windows: windows() }) },
      { id: 'persist', title: 'Windows (keep changes)', boot: disk('master', { session: 'persistent' }) },
      { id: 'rescue', title: 'Rescue shell', boot: raw(), raw: { grub: 'echo rescue', ipxe: 'shell' } },
    ],
    machines: names.map((name) => ({ name, entries: ['play', 'persist', 'rescue'], default: 'play' })),
    network: {
      san: options.san ?? 'iscsi',
      dhcp: { mode: options.mode ?? 'full', subnet: '10.0.0.0/24', range: ['10.0.0.100', '10.0.0.200'] },
      overlays: { engine: 'dm-snapshot', dir: options.overlayDir ?? '/srv/bootgen/overlays', chunk: 64, export: options.san === 'aoe' ? 'vblade' : 'tgt' },
    },
    media: { pxe: { origin: { file: 'site.yaml', line: 70 } } },
  });
}

export function vhdLabSite(): Site {
  const o = { file: 'site.yaml', line: 80 };
  return makeSite({
    name: 'vhdlab',
    menu: { title: 'VHD lab', timeout: 10, default: 'xp', serial: undefined },
    images: [
      { id: 'xp-base', path: 'images/xp-base.vhd' },
      { id: 'xp-s1', path: 'images/xp-s1.vhd', parent: 'xp-base' },
      { id: 'xp-s1-s1', path: 'images/xp-s1-s1.vhd', parent: 'xp-s1' },
      { id: 'xp-new', path: 'images/xp-new.vhd' },
      { id: 'win10', path: 'images/win10.vhd' },
      { id: 'win10-session', path: 'images/win10-session.vhd', parent: 'win10' },
      { id: 'xp-cd', path: 'isos/xp-setup.iso' },
      { id: 'drivers', path: 'floppy/drivers.img' },
      { id: 'ubuntu', path: 'isos/ubuntu.iso' },
    ],
    entries: [
      {
        id: 'xp',
        title: 'Windows XP',
        boot: disk('xp-base', {
          session: 'snapshot',
          snapshot: {
            path: undefined, title: 'New snapshot', restore: false,
            children: [{ title: 'Snapshot 1', disk: 'xp-s1', children: [{ title: 'Snapshot 1.1', disk: 'xp-s1-s1', children: [] }] }],
          },
        }),
      },
      { id: 'win10', title: 'Windows 10 (immutable)', boot: disk('win10-session', { session: 'immutable', windows: windows() }) },
      { id: 'xp-setup', title: 'XP setup', boot: disk('xp-new', { cdrom: 'xp-cd', floppy: 'drivers', boot: 'cdrom' }) },
      { id: 'live', title: 'Ubuntu live', boot: linux({ from: 'ubuntu', kernel: '/casper/vmlinuz', initrd: ['/casper/initrd'], args: 'boot=casper quiet' }) },
    ],
    media: {
      usb: { sizeBytes: 256 * 1024 * 1024, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot: true, label: 'VHDLAB', dialect: 'grub', origin: o },
      iso: { label: 'VHDLAB', firmware: ['bios', 'uefi'], origin: o },
    },
  });
}

export { cdrom };
