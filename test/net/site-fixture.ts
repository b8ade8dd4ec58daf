// A canonical Site like examples/lanparty (built as an object, so planner tests do not depend on
// the manifest loader), with the knobs the overlay tests vary.
import type { DiskBoot, Entry, Machine, Network, Site } from '../../src/model/types.js';
import type { MasterSpec } from '../../src/net/types.js';

const BOSSES = ['cutman', 'gutsman', 'iceman', 'bombman', 'fireman', 'elecman', 'metalman', 'airman', 'bubbleman', 'quickman', 'crashman', 'flashman'];

export interface SiteFixtureOptions {
  readonly engine?: 'dm-snapshot' | 'qcow2';
  readonly export?: 'tgt' | 'vblade';
  readonly machines?: number;
  readonly dir?: string;
  readonly server?: string;
}

function disk(session: 'immutable' | 'persistent'): DiskBoot {
  return {
    kind: 'disk', disk: 'master', cdrom: undefined, floppy: undefined, floppyB: undefined, boot: 'harddisk', session,
    snapshot: undefined, parentDir: undefined, recoverMbr: false, pause: false, windows: undefined,
  };
}

const raw = { grub: undefined, vboot: undefined, ipxe: undefined };
const origin = { file: 'site.yaml' };

export function machineName(i: number): string {
  return BOSSES[i] ?? `machine${String(i + 1).padStart(3, '0')}`;
}

export function macOf(i: number): string {
  return `52:54:00:00:${((i + 1) >> 8).toString(16).padStart(2, '0')}:${((i + 1) & 0xff).toString(16).padStart(2, '0')}`;
}

export function lanpartySite(options: SiteFixtureOptions = {}): Site {
  const entries: Entry[] = [
    { id: 'play', title: 'Windows (LAN play)', boot: disk('immutable'), raw, origin },
    { id: 'persist', title: 'Windows (keep changes)', boot: disk('persistent'), raw, origin },
    { id: 'rescue', title: 'Rescue shell', boot: { kind: 'raw' }, raw: { grub: 'echo rescue', vboot: undefined, ipxe: 'shell' }, origin },
  ];
  const machines: Machine[] = Array.from({ length: options.machines ?? 12 }, (_, i) => ({
    name: machineName(i), mac: macOf(i), entries: ['play', 'persist', 'rescue'], default: 'play', origin,
  }));
  const exp = options.export ?? 'tgt';
  const network: Network = {
    server: options.server ?? '10.0.0.1',
    http: `http://${options.server ?? '10.0.0.1'}/boot`,
    san: exp === 'tgt' ? 'iscsi' : 'aoe',
    dhcp: { mode: 'full', subnet: '10.0.0.0/24', range: ['10.0.0.100', '10.0.0.200'] },
    overlays: { engine: options.engine ?? 'dm-snapshot', dir: options.dir ?? '/srv/bootgen/overlays', chunk: 64, export: exp },
    aoeShelf: 1,
    iface: 'eth0',
    origin,
  };
  return {
    version: 1, name: 'lanparty', file: 'site.yaml', dir: '/srv/bootgen', epoch: Date.parse('2026-01-01T00:00:00Z') / 1000,
    menu: { title: 'LAN party', timeout: 5, default: 'play', serial: { unit: 0, speed: 115200 } },
    images: [{ id: 'master', path: 'images/master.vhd', parent: undefined, origin }],
    entries, machines, network,
    media: { usb: undefined, iso: undefined, pxe: { origin } },
    loaders: { vboot: undefined, windows: undefined, files: {} }, origin,
  };
}

/** The master as io/ would report it: generation 0 is the site's VHD (dm-snapshot: a raw copy). */
export function masterOf(site: Site, engine: 'dm-snapshot' | 'qcow2'): MasterSpec {
  const dir = site.network?.overlays.dir ?? '/srv/bootgen/overlays';
  const vhd = `${site.dir}/images/master.vhd`;
  const base = { image: 'master', generation: 0, virtualSize: 8 * 1024 ** 3, identity: '24576:1767225600' };
  return engine === 'qcow2'
    ? { ...base, path: vhd, format: 'vpc' }
    : { ...base, path: `${dir}/masters/master.g0.raw`, format: 'raw', identity: '${id_master_g0}', source: { path: vhd, format: 'vpc' } };
}
