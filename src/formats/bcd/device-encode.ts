// Encodes BcdDevice values into element bytes (layouts in device-structs.ts).
import { guid } from '../../binary/index.js';
import { InternalError } from '../../diagnostics/errors.js';
import {
  DeviceElementHead, DeviceHeader, DeviceKind, FilePathHeader, LOCAL_PAD, LOCATE_NESTED_OFFSET, LocalBody, LocateBody,
  LocalKind, PartitionBody, RAMDISK_FLAG, SIMPLE_DESCRIPTOR_SIZE, TableType,
} from './device-structs.js';
import type { BcdDevice, BcdParent } from './types.js';
import { concatBytes } from '../../binary/concat.js';

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';


const u32 = (n: number): Uint8Array => LocalBody.encode({ localType: n });
const guidBytes = (id: string): Uint8Array => {
  const b = new Uint8Array(16);
  guid.encode(new DataView(b.buffer), 0, id.replace(/[{}]/g, ''));
  return b;
};

/** NUL-terminated UTF-16LE path. */
function pathBytes(path: string): Uint8Array {
  const out = new Uint8Array((path.length + 1) * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < path.length; i++) view.setUint16(2 * i, path.charCodeAt(i), true);
  return out;
}

/** A descriptor: header (with the total size) followed by its payload parts. */
function descriptor(deviceType: number, flags: number, payload: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(payload);
  return concatBytes([DeviceHeader.encode({ deviceType, flags, size: DeviceHeader.size + body.length, reserved: 0 }), body]);
}

function partitionBody(p: Extract<BcdParent, { kind: 'partition' }>): Uint8Array {
  if (p.table === 'gpt') {
    return PartitionBody.encode({ partition: guidBytes(p.partitionGuid), reserved1: 0, tableType: TableType.gpt, disk: guidBytes(p.diskGuid) });
  }
  const partition = new Uint8Array(16);
  new DataView(partition.buffer).setBigUint64(0, p.offsetBytes, true);
  const disk = new Uint8Array(16);
  new DataView(disk.buffer).setUint32(0, p.diskSignature >>> 0, true);
  return PartitionBody.encode({ partition, reserved1: 0, tableType: TableType.mbr, disk });
}

export function encodeParent(p: BcdParent): Uint8Array {
  const out = p.kind === 'boot' ? descriptor(DeviceKind.boot, 0, [new Uint8Array(0x38)]) : descriptor(DeviceKind.partition, 0, [partitionBody(p)]);
  if (out.length !== SIMPLE_DESCRIPTOR_SIZE) throw new InternalError(`bcd parent descriptor is ${out.length} bytes`);
  return out;
}

function filePath(parent: BcdParent, path: string): Uint8Array {
  const rest = concatBytes([encodeParent(parent), pathBytes(path)]);
  return concatBytes([FilePathHeader.encode({ version: 1, length: FilePathHeader.size + rest.length, pathType: 5 }), rest]);
}

const fileDescriptor = (parent: BcdParent, path: string): Uint8Array => descriptor(DeviceKind.local, 0, [u32(LocalKind.file), filePath(parent, path)]);

/** The descriptor of a device (without the leading options GUID). */
export function encodeDescriptor(d: BcdDevice): Uint8Array {
  switch (d.kind) {
    case 'boot':
    case 'partition':
      return encodeParent(d);
    case 'file':
      return fileDescriptor(d.parent, d.path);
    case 'vhd': {
      const vdisk = descriptor(DeviceKind.local, 0, [u32(LocalKind.virtualDisk), new Uint8Array(LOCAL_PAD), fileDescriptor(d.parent, d.path)]);
      const locate = LocateBody.encode({ locateType: 0, elementType: d.locateElement, nestedOffset: LOCATE_NESTED_OFFSET });
      return descriptor(DeviceKind.locate, 0, [locate, new Uint8Array(2), vdisk]);
    }
    case 'ramdisk':
      return descriptor(DeviceKind.local, RAMDISK_FLAG, [u32(LocalKind.ramdisk), new Uint8Array(LOCAL_PAD), filePath(d.parent, d.path)]);
  }
}

/** A device element value: options GUID ({ramdiskoptions} for a ramdisk, else zero) + descriptor. */
export function encodeDevice(d: BcdDevice): Uint8Array {
  const options = d.kind === 'ramdisk' ? d.options.replace(/[{}]/g, '') : ZERO_GUID;
  return concatBytes([DeviceElementHead.encode({ options }), encodeDescriptor(d)]);
}
