// VHD writer (image-formats.md §1): fixed, dynamic and differencing disks as a sparse layout.
// Differencing children carry W2ru + W2ku locators, the parent's Unique Id and Parent Time
// Stamp (the parent file's mtime, as VirtualBox and blktap write it, §1.7).
import { onesComplementSum } from '../../binary/index.js';
import type { ImageLayout } from '../image-header.js';
import { vhdGeometry } from './geometry.js';
import { NO_DATA_OFFSET, PlatformCode, VHD_COOKIE, VHD_EPOCH, VHD_SPARSE_COOKIE, VhdDiskType, VhdDynamicHeader, VhdFooter, VhdParentLocator } from './structs.js';

export const VHD_BLOCK_SIZE = 2 * 1024 * 1024;

export interface VhdCreateOptions {
  readonly type: 'fixed' | 'dynamic';
  readonly sizeBytes: number;
  readonly uniqueId: string;
  /** creation time, Unix seconds */
  readonly timestamp: number;
}

export interface VhdParentInfo {
  readonly uniqueId: string;
  readonly sizeBytes: number;
  /** parent file mtime, Unix seconds */
  readonly mtime: number;
  /** Windows path relative to the child, e.g. `.\xp-base.vhd` */
  readonly relativePath: string;
  /** Windows absolute path, e.g. `C:\images\xp-base.vhd` or `\images\xp-base.vhd` */
  readonly absolutePath: string;
}

export interface VhdChildOptions {
  readonly uniqueId: string;
  readonly timestamp: number;
  readonly parent: VhdParentInfo;
}

function footer(o: { type: number; sizeBytes: number; uniqueId: string; timestamp: number }): Uint8Array {
  const chs = vhdGeometry(o.sizeBytes);
  const bytes = VhdFooter.encode({
    cookie: VHD_COOKIE,
    features: 2,
    formatVersion: 0x0001_0000,
    dataOffset: o.type === VhdDiskType.fixed ? NO_DATA_OFFSET : 512n,
    timestamp: Math.max(0, o.timestamp - VHD_EPOCH) >>> 0,
    // QEMU derives the size from CHS unless the creator is one that writes exact sizes ("win " =
    // Hyper-V/Windows, §1.8); bootgen writes the exact Current Size as Windows does, so it says so.
    creatorApp: 'win ',
    creatorVersion: 0x0001_0000,
    creatorHostOs: 0x5769_326b, // "Wi2k"
    originalSize: BigInt(o.sizeBytes),
    currentSize: BigInt(o.sizeBytes),
    cylinders: chs.cylinders,
    heads: chs.heads,
    sectorsPerTrack: chs.sectorsPerTrack,
    diskType: o.type,
    checksum: 0,
    uniqueId: o.uniqueId,
    savedState: 0,
  });
  return seal(bytes, 64);
}

/** Writes the ones' complement checksum (§1.6) into its field. */
function seal(bytes: Uint8Array, at: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, onesComplementSum(bytes), false);
  return bytes;
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

export function createVhd(o: VhdCreateOptions): ImageLayout {
  if (o.type === 'fixed') {
    return { size: o.sizeBytes + 512, extents: [{ offset: o.sizeBytes, bytes: footer({ ...o, type: VhdDiskType.fixed }) }] };
  }
  return sparseLayout({ ...o, type: VhdDiskType.dynamic }, undefined);
}

export function createVhdChild(o: VhdChildOptions): ImageLayout {
  return sparseLayout({ sizeBytes: o.parent.sizeBytes, uniqueId: o.uniqueId, timestamp: o.timestamp, type: VhdDiskType.differencing }, o.parent);
}

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) new DataView(out.buffer).setUint16(i * 2, s.charCodeAt(i), true);
  return out;
}

function sparseLayout(o: { type: number; sizeBytes: number; uniqueId: string; timestamp: number }, parent: VhdParentInfo | undefined): ImageLayout {
  const entries = Math.ceil(o.sizeBytes / VHD_BLOCK_SIZE);
  const batOffset = 1536;
  let cursor = batOffset + roundUp(entries * 4, 512);
  const bat = new Uint8Array(roundUp(entries * 4, 512)).fill(0xff);
  const extents: { offset: number; bytes: Uint8Array }[] = [];
  const locators = new Uint8Array(8 * 24);
  if (parent) {
    const data = [
      { code: PlatformCode.w2ru, bytes: utf16le(parent.relativePath) },
      { code: PlatformCode.w2ku, bytes: utf16le(parent.absolutePath) },
    ];
    data.forEach((d, i) => {
      const space = roundUp(Math.max(d.bytes.length, 1), 512);
      VhdParentLocator.encodeInto(locators, i * 24, {
        platformCode: d.code,
        platformDataSpace: space,
        platformDataLength: d.bytes.length,
        platformDataOffset: BigInt(cursor),
      });
      extents.push({ offset: cursor, bytes: d.bytes });
      cursor += space;
    });
  }
  const header = seal(
    VhdDynamicHeader.encode({
      cookie: VHD_SPARSE_COOKIE,
      dataOffset: NO_DATA_OFFSET,
      tableOffset: BigInt(batOffset),
      headerVersion: 0x0001_0000,
      maxTableEntries: entries,
      blockSize: VHD_BLOCK_SIZE,
      checksum: 0,
      parentUniqueId: parent?.uniqueId ?? '00000000-0000-0000-0000-000000000000',
      parentTimestamp: parent ? Math.max(0, parent.mtime - VHD_EPOCH) >>> 0 : 0,
      parentUnicodeName: parent ? basename(parent.relativePath) : '',
      locators,
    }),
    36,
  );
  const foot = footer(o);
  return { size: cursor + 512, extents: [{ offset: 0, bytes: foot }, { offset: 512, bytes: header }, { offset: batOffset, bytes: bat }, ...extents, { offset: cursor, bytes: foot }] };
}

function basename(windowsPath: string): string {
  const parts = windowsPath.split(/[\\/]/);
  return parts[parts.length - 1] ?? windowsPath;
}
