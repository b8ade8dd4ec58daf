// Decodes device element bytes back into BcdDevice values. Untrusted input: every size and offset
// is checked against the element's bounds, nesting is bounded, problems become findings.
import { formatUuid, swapGuid } from '../../binary/index.js';
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import {
  DeviceElementHead, DeviceHeader, DeviceKind, FilePathHeader, LOCAL_PAD, LocalBody, LocateBody, LocalKind, PartitionBody,
  RAMDISK_FLAG, SIMPLE_DESCRIPTOR_SIZE, TableType,
} from './device-structs.js';
import type { BcdDevice, BcdParent } from './types.js';

class Bad extends Error {}
const MAX_NESTING = 8;
const ZERO = '{00000000-0000-0000-0000-000000000000}';

interface Cursor {
  readonly b: Uint8Array;
}

function need(c: Cursor, at: number, n: number, what: string): void {
  if (at < 0 || at + n > c.b.length) throw new Bad(`${what} at +0x${at.toString(16)} needs ${n} bytes, element has ${c.b.length}`);
}

/** The device whose descriptor starts at `at`. */
function descriptorAt(c: Cursor, at: number, depth: number): BcdDevice {
  if (depth > MAX_NESTING) throw new Bad('device descriptors nested too deeply');
  need(c, at, DeviceHeader.size, 'descriptor header');
  const h = DeviceHeader.decode(c.b, at);
  need(c, at, Math.max(h.size, DeviceHeader.size), `descriptor of ${h.size} bytes`);
  const body = at + DeviceHeader.size;
  if (h.deviceType === DeviceKind.boot || h.deviceType === DeviceKind.partition) return parentAt(c, at);
  if (h.deviceType === DeviceKind.locate) {
    need(c, body, LocateBody.size, 'locate');
    const loc = LocateBody.decode(c.b, body);
    const vdisk = at + loc.nestedOffset;
    if (loc.locateType !== 0 || !isVirtualDisk(c, vdisk)) throw new Bad('locate device other than vhd= (by element, over a virtual disk)');
    const inner = descriptorAt(c, vdisk + DeviceHeader.size + LocalBody.size + LOCAL_PAD, depth + 1);
    if (inner.kind !== 'file') throw new Bad(`virtual disk over a ${inner.kind} device (a file expected)`);
    return { kind: 'vhd', parent: inner.parent, path: inner.path, locateElement: loc.elementType };
  }
  if (h.deviceType !== DeviceKind.local) throw new Bad(`device type ${h.deviceType} is not one bootgen writes`);
  need(c, body, LocalBody.size, 'local device');
  const local = LocalBody.decode(c.b, body).localType;
  if (local === LocalKind.file) return { kind: 'file', ...filePathAt(c, body + 4, at + h.size) };
  if (local === LocalKind.ramdisk && h.flags === RAMDISK_FLAG) {
    const options = '{' + formatUuid(swapGuid(c.b.slice(0, 16))) + '}';
    return { kind: 'ramdisk', ...filePathAt(c, body + 4 + LOCAL_PAD, at + h.size), options };
  }
  throw new Bad(`local device type ${local} (flags ${h.flags}) is not one bootgen writes`);
}

function isVirtualDisk(c: Cursor, at: number): boolean {
  need(c, at, DeviceHeader.size + LocalBody.size, 'virtual disk');
  return DeviceHeader.decode(c.b, at).deviceType === DeviceKind.local && LocalBody.decode(c.b, at + DeviceHeader.size).localType === LocalKind.virtualDisk;
}

function parentAt(c: Cursor, at: number): BcdParent {
  need(c, at, SIMPLE_DESCRIPTOR_SIZE, 'boot/partition descriptor');
  const h = DeviceHeader.decode(c.b, at);
  if (h.size !== SIMPLE_DESCRIPTOR_SIZE) throw new Bad(`boot/partition descriptor of ${h.size} bytes (0x48 expected)`);
  if (h.deviceType === DeviceKind.boot) return { kind: 'boot' };
  if (h.deviceType !== DeviceKind.partition) throw new Bad(`parent device type ${h.deviceType} (boot 5 or partition 6 expected)`);
  const p = PartitionBody.decode(c.b, at + DeviceHeader.size);
  const view = (x: Uint8Array) => new DataView(x.buffer, x.byteOffset, x.byteLength);
  if (p.tableType === TableType.gpt) {
    return { kind: 'partition', table: 'gpt', partitionGuid: formatUuid(swapGuid(p.partition)), diskGuid: formatUuid(swapGuid(p.disk)) };
  }
  if (p.tableType === TableType.mbr) {
    return { kind: 'partition', table: 'mbr', offsetBytes: view(p.partition).getBigUint64(0, true), diskSignature: view(p.disk).getUint32(0, true) };
  }
  throw new Bad(`partition table type ${p.tableType} (0 GPT or 1 MBR expected)`);
}

function filePathAt(c: Cursor, at: number, end: number): { parent: BcdParent; path: string } {
  need(c, at, FilePathHeader.size, 'file path');
  const fp = FilePathHeader.decode(c.b, at);
  if (fp.version !== 1 || fp.pathType !== 5) throw new Bad(`file path version ${fp.version} type ${fp.pathType} (1 and 5 expected)`);
  const stop = Math.min(at + fp.length, end, c.b.length);
  const parent = parentAt(c, at + FilePathHeader.size);
  let path = '';
  for (let o = at + FilePathHeader.size + SIMPLE_DESCRIPTOR_SIZE; o + 1 < stop; o += 2) {
    const unit = (c.b[o] ?? 0) | ((c.b[o + 1] ?? 0) << 8);
    if (unit === 0) return { parent, path };
    path += String.fromCharCode(unit);
  }
  throw new Bad('file path is not NUL-terminated inside its descriptor');
}

/** Decodes a device element value (options GUID + descriptor). */
export function decodeDevice(bytes: Uint8Array, where: { file: string; field: string }): Result<BcdDevice | undefined> {
  try {
    if (bytes.length < DeviceElementHead.size) throw new Bad(`device element of ${bytes.length} bytes`);
    const device = descriptorAt({ b: bytes }, DeviceElementHead.size, 0);
    const options = '{' + DeviceElementHead.decode(bytes).options + '}';
    if (device.kind !== 'ramdisk' && options !== ZERO) throw new Bad(`options object ${options} on a ${device.kind} device`);
    return { value: device, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    const d: Diagnostic = diag('bcd/device', 'error', `unreadable device element: ${e.message}`, { origin: { file: where.file, field: where.field } });
    return { value: undefined, diagnostics: [d] };
  }
}
