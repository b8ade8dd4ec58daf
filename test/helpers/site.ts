// Builds canonical `Site` objects for tests: an options object in, sensible defaults for the rest.
// Entries take a `boot` built with disk()/linux()/cdrom()/wim()/raw(); machines get every entry
// unless told otherwise; `network: true` gives the lanparty network with defaults.
import type { Origin } from '../../src/diagnostics/diagnostic.js';
import type {
  CdromBoot, DiskBoot, Entry, Image, LinuxBoot, LoaderOverrides, Machine, MediaSpec, Menu, Network, RawBoot, RawLines, Site, WimBoot,
} from '../../src/model/types.js';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

export interface EntryOptions {
  readonly id: string;
  readonly title?: string;
  readonly boot?: Entry['boot'];
  readonly raw?: Partial<RawLines>;
}
export interface MachineOptions {
  readonly name: string;
  readonly mac?: string;
  readonly entries?: readonly string[];
  readonly default?: string;
}
export interface SiteOptions {
  readonly name?: string;
  readonly file?: string;
  readonly dir?: string;
  readonly epoch?: number;
  readonly menu?: Mutable<Menu>;
  readonly images?: readonly { readonly id: string; readonly path: string; readonly parent?: string }[];
  readonly entries?: readonly EntryOptions[];
  readonly machines?: readonly MachineOptions[];
  /** `true`: defaults below; an object overrides some of them; absent: no network */
  readonly network?: true | Mutable<Omit<Network, 'dhcp' | 'overlays'>> & { dhcp?: Partial<Network['dhcp']>; overlays?: Partial<Network['overlays']> };
  readonly media?: Partial<MediaSpec>;
  readonly loaders?: Partial<LoaderOverrides>;
}

export const origin = (file = 'site.yaml', line = 1): Origin => ({ file, line, col: 1 });

export function disk(image: string, options: Partial<Omit<DiskBoot, 'kind' | 'disk'>> = {}): DiskBoot {
  return {
    kind: 'disk', disk: image, cdrom: undefined, floppy: undefined, floppyB: undefined, boot: 'harddisk', session: 'persistent',
    snapshot: undefined, parentDir: undefined, recoverMbr: false, pause: false, windows: undefined, ...options,
  };
}
export function windows(options: Partial<NonNullable<DiskBoot['windows']>> = {}): NonNullable<DiskBoot['windows']> {
  return { drive: undefined, systemRoot: '\\Windows', locale: 'en-US', ...options };
}
export function linux(options: Partial<Omit<LinuxBoot, 'kind'>> = {}): LinuxBoot {
  return { kind: 'linux', from: undefined, kernel: '/boot/vmlinuz', initrd: ['/boot/initrd.img'], args: 'quiet', ...options };
}
export function cdrom(iso: string, options: Partial<Omit<CdromBoot, 'kind' | 'cdrom'>> = {}): CdromBoot {
  return { kind: 'cdrom', cdrom: iso, floppy: undefined, config: '/boot/grub/loopback.cfg', ...options };
}
export function wim(path = 'files/boot.wim'): WimBoot {
  return { kind: 'wim', wim: path };
}
export function raw(): RawBoot {
  return { kind: 'raw' };
}

/** `52:54:00:00:00:0n` for the n-th machine (1-based), like the examples. */
export function macFor(n: number): string {
  const hex = n.toString(16).padStart(6, '0');
  return `52:54:00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function network(options: SiteOptions['network']): Network | undefined {
  if (options === undefined) return undefined;
  const o = options === true ? {} : options;
  return {
    server: '10.0.0.1', http: 'http://10.0.0.1/boot', san: 'iscsi', aoeShelf: 9, iface: 'eth0', origin: origin('site.yaml', 40), ...o,
    dhcp: { mode: 'full', subnet: '10.0.0.0/24', range: ['10.0.0.100', '10.0.0.200'], ...o.dhcp },
    overlays: { engine: 'dm-snapshot', dir: '/srv/bootgen/overlays', chunk: 64, export: 'tgt', ...o.overlays },
  } as Network;
}

export function makeSite(options: SiteOptions = {}): Site {
  const entries: Entry[] = (options.entries ?? [{ id: 'live', boot: linux() }]).map((e, i) => ({
    id: e.id,
    title: e.title ?? e.id,
    boot: e.boot ?? raw(),
    raw: { grub: undefined, vboot: undefined, ipxe: undefined, ...e.raw },
    origin: origin('site.yaml', 20 + i),
  }));
  const images: Image[] = (options.images ?? []).map((i, n) => ({ id: i.id, path: i.path, parent: i.parent, origin: origin('site.yaml', 10 + n) }));
  const machines: Machine[] = (options.machines ?? []).map((m, i) => ({
    name: m.name,
    mac: m.mac ?? macFor(i + 1),
    entries: m.entries ?? entries.map((e) => e.id),
    default: m.default,
    origin: origin('site.yaml', 60 + i),
  }));
  return {
    version: 1,
    name: options.name ?? 'testsite',
    file: options.file ?? 'site.yaml',
    dir: options.dir ?? '/nonexistent/site',
    epoch: options.epoch ?? 1_767_225_600, // 2026-01-01T00:00:00Z
    menu: { title: 'Test menu', timeout: 5, default: entries[0]?.id, serial: { unit: 0, speed: 115200 }, ...options.menu } as Menu,
    images,
    entries,
    machines,
    network: network(options.network),
    media: { usb: undefined, iso: undefined, pxe: undefined, ...options.media },
    loaders: { vboot: undefined, windows: undefined, files: {}, ...options.loaders },
    origin: origin('site.yaml', 1),
  };
}
