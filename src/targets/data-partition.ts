// The USB stick's data partition (media.usb.data) as the menus and the media writer both see it:
// its file-system serial and the UUID GRUB prints for it, derived once from the site, and how a
// menu names a file stored there. Pure.
import { stableBytes, stableU32 } from '../binary/stable-id.js';
import type { DataPartitionSpec, Site } from '../model/types.js';
import type { GrubSegment } from './grub/escape.js';

export interface DataVolume extends DataPartitionSpec {
  /** exFAT VolumeSerialNumber; the low half of NTFS's */
  readonly serial32: number;
  /** NTFS VolumeSerialNumber (boot sector 0x48, 64 bits) */
  readonly serial64: bigint;
  /** how grub-probe spells the file system's UUID: NTFS `%016llX` of the serial, exFAT `%04X-%04X` */
  readonly uuid: string;
}

/** The GRUB variable a menu's header sets to the data partition (or to $root on a medium without one). */
export const DATA_VARIABLE = 'data';

export function dataVolume(site: Site): DataVolume | undefined {
  const spec = site.media.usb?.data;
  if (!spec) return undefined;
  const seed = `${site.name}:usb:data`;
  const bytes = stableBytes(seed, 8);
  const serial64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  const serial32 = stableU32(seed);
  const hex = (n: number | bigint, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
  const uuid = spec.fs === 'ntfs' ? hex(serial64, 16) : `${hex(serial32 >>> 16, 4)}-${hex(serial32 & 0xffff, 4)}`;
  return { ...spec, serial32, serial64, uuid };
}

/** A site file that the data partition holds: images, ISOs, WIMs (kernels stay on the ESP). */
export function onDataPartition(site: Site, sitePath: string): boolean {
  return site.media.usb?.data !== undefined && (site.images.some((i) => i.path === sitePath) || site.entries.some((e) => e.boot.kind === 'wim' && e.boot.wim === sitePath));
}

/** A GRUB word for a data-partition file: `(${data})/images/x.iso`. */
export function dataDevicePath(path: string): readonly GrubSegment[] {
  return ['(', { variable: DATA_VARIABLE }, `)/${path.replace(/^\/+/, '')}`];
}
