// network:, media: and loaders: with their defaults (DESIGN.md "site.yaml").
import type { WrittenSite } from '../manifest/index.js';
import type { Locator } from '../manifest/index.js';
import type { LoaderOverrides, MediaSpec, Network } from './types.js';
import { parseSize } from './size.js';

type W = WrittenSite;

export const DEFAULT_OVERLAY_DIR = '/srv/bootgen/overlays';
/** dm-snapshot chunk in 512-byte sectors: 8 = 4 KiB, the size lvcreate uses by default */
export const DEFAULT_CHUNK = 8;
export const DEFAULT_USB_SIZE = 256 * 2 ** 20;
/** The ESP beside a data partition: loaders, menus, GRUB modules and kernels. */
export const DEFAULT_ESP_SIZE = 256 * 2 ** 20;

export function resolveNetwork(n: W['network'], source: Locator): Network | undefined {
  if (!n) return undefined;
  const san = n.san ?? 'iscsi';
  const http = (n.http ?? `http://${n.server}/boot`).replace(/\/+$/, '');
  const o = n.overlays ?? {};
  return {
    server: n.server,
    http,
    san,
    dhcp: { mode: n.dhcp.mode ?? 'proxy', subnet: n.dhcp.subnet, range: n.dhcp.range },
    overlays: {
      engine: o.engine ?? 'dm-snapshot',
      dir: o.dir ?? DEFAULT_OVERLAY_DIR,
      chunk: o.chunk ?? DEFAULT_CHUNK,
      export: o.export ?? (san === 'aoe' ? 'vblade' : 'tgt'),
    },
    aoeShelf: n['aoe-shelf'] ?? 0,
    iface: n.iface ?? 'eth0',
    ...(n.root !== undefined ? { root: n.root.replace(/\/+$/, '') } : {}),
    origin: source.origin(['network']),
  };
}

export function resolveMedia(m: W['media'], siteName: string, source: Locator): MediaSpec {
  const usb = m?.usb;
  const iso = m?.iso;
  return {
    usb: usb && {
      // An unreadable size is reported by the media-size rule; 0 keeps the Site well-typed.
      sizeBytes: usb.size === undefined ? DEFAULT_USB_SIZE : (parseSize(usb.size) ?? 0),
      table: usb.table ?? 'gpt',
      firmware: usb.firmware ?? ['bios', 'uefi'],
      secureBoot: usb['secure-boot'] ?? false,
      label: usb.label ?? defaultLabel(siteName, 11),
      dialect: usb.dialect ?? 'grub',
      ...(usb.data
        ? {
            data: {
              fs: usb.data.fs,
              sizeBytes: usb.data.size === undefined || usb.data.size === 'rest' ? 'rest' : (parseSize(usb.data.size) ?? 0),
              espBytes: usb.esp === undefined ? DEFAULT_ESP_SIZE : (parseSize(usb.esp) ?? 0),
              label: usb.data.label ?? defaultLabel(`${siteName}-data`, usb.data.fs === 'exfat' ? 11 : 32),
              origin: source.origin(['media', 'usb', 'data']),
            },
          }
        : {}),
      origin: source.origin(['media', 'usb']),
    },
    iso: iso && { label: iso.label ?? defaultLabel(siteName, 32), firmware: iso.firmware ?? ['bios', 'uefi'], origin: source.origin(['media', 'iso']) },
    pxe: m?.pxe && { origin: source.origin(['media', 'pxe']) },
  };
}

/** FAT (11) and ISO 9660 (32) volume labels: upper-case d-characters (ECMA-119 §7.4.1). */
export function defaultLabel(siteName: string, max: number): string {
  return siteName.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, max);
}

export function resolveLoaders(l: W['loaders']): LoaderOverrides {
  const { vboot, windows, ...rest } = l ?? {};
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'string') files[k] = v;
  return {
    vboot: vboot && { loader: vboot.loader, core: vboot.core },
    windows: windows && { bootmgr: windows.bootmgr, bootmgfw: windows.bootmgfw, bootSdi: windows['boot.sdi'] },
    files,
  };
}
