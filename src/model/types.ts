// The canonical site: what every target, media writer and check reads. Produced by resolveSite()
// from the written manifest; collections keep manifest order (menus are ordered by the user),
// ids are unique, references are resolved, and every node carries its origin for diagnostics.
import type { Origin } from '../diagnostics/diagnostic.js';

export interface Site {
  readonly version: 1;
  /** `site:`; used in labels, IQNs, file names */
  readonly name: string;
  /** the manifest file as given, for messages */
  readonly file: string;
  /** directory of site.yaml; image and payload paths are relative to it */
  readonly dir: string;
  /** all timestamps (seconds since the Unix epoch): `epoch:`, else SOURCE_DATE_EPOCH, else 0 */
  readonly epoch: number;
  readonly menu: Menu;
  readonly images: readonly Image[];
  readonly entries: readonly Entry[];
  readonly machines: readonly Machine[];
  readonly network: Network | undefined;
  readonly media: MediaSpec;
  readonly loaders: LoaderOverrides;
  readonly origin: Origin;
  /**
   * where each file path is named: the written path (images, kernels, initrds, WIMs, loaders) →
   * the origin of the first site.yaml key naming it, so a finding about the file points at that key
   */
  readonly pathOrigins?: Readonly<Record<string, Origin>>;
}

export interface Menu {
  readonly title: string;
  /** seconds; 0 boots the default at once */
  readonly timeout: number;
  /** entry id */
  readonly default: string | undefined;
  readonly serial: { readonly unit: number; readonly speed: number } | undefined;
}

export interface Image {
  readonly id: string;
  /** as written, POSIX separators, relative to the site directory */
  readonly path: string;
  /** image id named by `parent:` in the manifest (must agree with the header) */
  readonly parent: string | undefined;
  readonly origin: Origin;
}

export type Session = 'persistent' | 'immutable' | 'snapshot';
export type BootDevice = 'harddisk' | 'cdrom' | 'floppy';

/** VBoot snapshot options (landscape.md §6): take_snapshot + new_menu_entry, restore. */
export interface SnapshotSpec {
  /** child path to create; default `<base>-s<N>.<ext>` chosen by VBoot */
  readonly path: string | undefined;
  /** title of the new snapshotentry */
  readonly title: string | undefined;
  /** nested snapshot entries already taken, innermost last */
  readonly children: readonly SnapshotEntry[];
  readonly restore: boolean;
}

export interface SnapshotEntry {
  readonly title: string;
  /** image id of the snapshot's child disk */
  readonly disk: string;
  readonly children: readonly SnapshotEntry[];
}

/** Windows native VHD boot through bootmgr + BCD. */
export interface WindowsSpec {
  /** `vhd=[locate]\path` when undefined, else a drive letter such as `C:` */
  readonly drive: string | undefined;
  readonly systemRoot: string;
  readonly locale: string;
}

export interface DiskBoot {
  readonly kind: 'disk';
  /** image id of the top of the chain */
  readonly disk: string;
  readonly cdrom: string | undefined;
  readonly floppy: string | undefined;
  readonly floppyB: string | undefined;
  readonly boot: BootDevice;
  readonly session: Session;
  readonly snapshot: SnapshotSpec | undefined;
  /** VBoot `parent_dir=` (GRUB path syntax) */
  readonly parentDir: string | undefined;
  readonly recoverMbr: boolean;
  readonly pause: boolean;
  readonly windows: WindowsSpec | undefined;
}

/** An ISO booted alone (`cdrom:` without `disk:`), optionally with a floppy. */
export interface CdromBoot {
  readonly kind: 'cdrom';
  readonly cdrom: string;
  readonly floppy: string | undefined;
  /** the ISO's own GRUB config when loopback-booted by upstream GRUB */
  readonly config: string;
}

export interface LinuxBoot {
  readonly kind: 'linux';
  /** image id of an ISO the kernel and initrds are read from; else paths are on the boot medium */
  readonly from: string | undefined;
  readonly kernel: string;
  readonly initrd: readonly string[];
  readonly args: string;
}

export interface WimBoot {
  readonly kind: 'wim';
  /** path of boot.wim relative to the site directory */
  readonly wim: string;
}

/** Only raw per-target lines (`grub:`, `ipxe:`). */
export interface RawBoot {
  readonly kind: 'raw';
}

export type Boot = DiskBoot | CdromBoot | LinuxBoot | WimBoot | RawBoot;

export interface RawLines {
  readonly grub: string | undefined;
  readonly vboot: string | undefined;
  readonly ipxe: string | undefined;
}

export interface Entry {
  readonly id: string;
  readonly title: string;
  readonly boot: Boot;
  readonly raw: RawLines;
  readonly origin: Origin;
}

export interface Machine {
  readonly name: string;
  /** lower-case, colon-separated */
  readonly mac: string;
  /** entry ids in menu order; all entries when not given */
  readonly entries: readonly string[];
  readonly default: string | undefined;
  /** the fixed address written in site.yaml; others are assigned from the subnet (targets/net-addressing.ts) */
  readonly ip?: string;
  /** this machine's SAN protocol when it differs from network.san (model/san.ts sanOf) */
  readonly san?: San;
  readonly origin: Origin;
}

export type San = 'iscsi' | 'aoe' | 'http';

export interface Network {
  readonly server: string;
  /** base URL without trailing slash */
  readonly http: string;
  readonly san: San;
  readonly dhcp: { readonly mode: 'full' | 'proxy'; readonly subnet: string; readonly range: readonly [string, string] | undefined };
  readonly overlays: {
    readonly engine: 'dm-snapshot' | 'qcow2';
    readonly dir: string;
    /** dm-snapshot chunk size in 512-byte sectors */
    readonly chunk: number;
    readonly export: 'tgt' | 'vblade';
  };
  /** AoE shelf used for machine slots (vblade) */
  readonly aoeShelf: number;
  /** network interface vblade and dnsmasq bind to */
  readonly iface: string;
  /** where the out dir is deployed on the server (tftp root, hooks); default the parent of overlays.dir */
  readonly root?: string;
  readonly origin: Origin;
}

export type Firmware = 'bios' | 'uefi';

export interface DataPartitionSpec {
  readonly fs: 'ntfs' | 'exfat';
  /** bytes, or what the ESP leaves */
  readonly sizeBytes: number | 'rest';
  /** the ESP's size when the data partition takes the rest */
  readonly espBytes: number;
  readonly label: string;
  readonly origin: Origin;
}

export interface MediaSpec {
  readonly usb:
    | {
        readonly sizeBytes: number;
        readonly table: 'gpt' | 'mbr' | 'hybrid';
        readonly firmware: readonly Firmware[];
        readonly secureBoot: boolean;
        readonly label: string;
        readonly dialect: 'grub' | 'vboot';
        /** the data partition (media.usb.data) holding images, ISOs and WIMs */
        readonly data?: DataPartitionSpec;
        readonly origin: Origin;
      }
    | undefined;
  readonly iso: { readonly label: string; readonly firmware: readonly Firmware[]; readonly origin: Origin } | undefined;
  readonly pxe: { readonly origin: Origin } | undefined;
}

export interface LoaderOverrides {
  readonly vboot: { readonly loader: string; readonly core: string } | undefined;
  readonly windows: { readonly bootmgr: string | undefined; readonly bootmgfw: string | undefined; readonly bootSdi: string | undefined } | undefined;
  /** extra per-file overrides, e.g. `shim: /path/shimx64.efi.signed` */
  readonly files: Readonly<Record<string, string>>;
}
