// Which reader an image needs, by magic bytes only (never by file extension; image-formats.md §0).
import type { ReadAt } from '../binary/index.js';
import type { Result } from '../diagnostics/diagnostic.js';
import { readDmSnap, SNAP_MAGIC } from './dmsnap/read-dmsnap.js';
import type { ImageFormat, ImageHeader } from './image-header.js';
import { readQcow2 } from './qcow2/read-qcow2.js';
import { isIso, readRaw } from './raw/read-raw.js';
import { readVdi } from './vdi/read-vdi.js';
import { VDI_SIGNATURE } from './vdi/structs.js';
import { readVhd } from './vhd/read-vhd.js';
import { readVhdx } from './vhdx/read-vhdx.js';
import { readVmdk } from './vmdk/read-vmdk.js';

type Reader = (src: ReadAt, file: string) => Promise<Result<ImageHeader | undefined>>;

const READERS: Record<ImageFormat, Reader> = {
  vhd: readVhd,
  vhdx: readVhdx,
  vmdk: readVmdk,
  vdi: readVdi,
  qcow2: readQcow2,
  raw: readRaw,
  iso: readRaw,
  dmsnap: readDmSnap,
};

const ascii = (b: Uint8Array, from: number, n: number): string => String.fromCharCode(...b.subarray(from, from + n));

/** Looks at the first 512 bytes, the last 512 (fixed VHD footer) and sector 16 (ISO). */
export async function detectFormat(src: ReadAt): Promise<ImageFormat> {
  const head = await src.read(0, Math.min(512, src.size));
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u32le = (at: number): number => (head.byteLength >= at + 4 ? view.getUint32(at, true) : 0);
  if (ascii(head, 0, 4) === 'QFI\xfb') return 'qcow2';
  if (ascii(head, 0, 8) === 'vhdxfile') return 'vhdx';
  if (ascii(head, 0, 4) === 'KDMV' || ascii(head, 0, 4) === 'COWD') return 'vmdk';
  if (u32le(64) === VDI_SIGNATURE) return 'vdi';
  if (ascii(head, 0, 8) === 'conectix') return 'vhd';
  if (u32le(0) === SNAP_MAGIC) return 'dmsnap';
  if (src.size >= 512) {
    const tail = await src.read(src.size - 512, 8);
    if (ascii(tail, 0, 8) === 'conectix') return 'vhd';
  }
  if (isVmdkDescriptor(head, src.size)) return 'vmdk';
  return (await isIso(src)) ? 'iso' : 'raw';
}

/** A text descriptor: first non-comment line `version=N` (what VMware and QEMU's probe require). */
function isVmdkDescriptor(head: Uint8Array, size: number): boolean {
  if (size > 64 * 1024) return false;
  const text = new TextDecoder('latin1').decode(head);
  if (text.startsWith('# Disk DescriptorFile')) return true;
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first !== undefined && /^version\s*=\s*\d+\s*$/.test(first.trim());
}

/** Detects the format and reads the header; findings carry file + field + byte offset. */
export async function readImageHeader(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  const format = await detectFormat(src);
  return READERS[format](src, file);
}

export type { ImageFormat, ImageHeader, ImageLayout, ParentRef, ParentCandidate, ImageIdentity } from './image-header.js';

/** QEMU's driver name for each format bootgen detects (`qemu-img -f/-F`, qcow2 backing formats). */
export const QEMU_FORMAT: Readonly<Record<ImageFormat, string>> = { vhd: 'vpc', vhdx: 'vhdx', vmdk: 'vmdk', vdi: 'vdi', qcow2: 'qcow2', raw: 'raw', iso: 'raw', dmsnap: 'raw' };
