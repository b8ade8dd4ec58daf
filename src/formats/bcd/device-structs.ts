// BCD device element layouts (reference/boot-media.md §6.2; ReactOS BL_DEVICE_DESCRIPTOR,
// cross-checked with ntloader's NTBOOT_VHD/NTBOOT_WIM offsets and Ventoy's ventoy_patch_vhd).
import { at, bytes, guid, struct, u32le, zeros } from '../../binary/index.js';

/** The element value starts with the GUID of an options object ({ramdiskoptions}) or zeros. */
export const DeviceElementHead = struct('bcd.device', 16, { options: at(0, guid) });

/** Every descriptor: type, flags, size of the descriptor with everything nested, reserved. */
export const DeviceHeader = struct('bcd.descriptor', 16, {
  deviceType: at(0, u32le),
  flags: at(4, u32le),
  size: at(8, u32le),
  reserved: at(12, u32le),
});

export const DeviceKind = { local: 0, boot: 5, partition: 6, locate: 8 } as const;
export const LocalKind = { ramdisk: 3, file: 5, virtualDisk: 6 } as const;
/** DeviceHeader.flags of a ramdisk descriptor */
export const RAMDISK_FLAG = 1;

/** boot and partition descriptors are both 0x48 bytes: header + 0x38. */
export const SIMPLE_DESCRIPTOR_SIZE = 0x48;

/** Partition payload (after the header): GPT GUIDs or MBR offset (bytes) + disk signature. */
export const PartitionBody = struct('bcd.partition', 0x38, {
  partition: at(0x00, bytes(16)), // GPT: partition unique GUID; MBR: u64 byte offset + 8 zero
  reserved1: at(0x10, u32le),
  tableType: at(0x14, u32le), // 0 GPT, 1 MBR, 2 raw
  disk: at(0x18, bytes(16)), // GPT: disk GUID; MBR: u32 signature + 12 zero
  reserved2: at(0x28, zeros(16)),
});
export const TableType = { gpt: 0, mbr: 1 } as const;

/** Local descriptor payload: its kind; virtual disk and ramdisk add 20 reserved bytes. */
export const LocalBody = struct('bcd.local', 4, { localType: at(0, u32le) });
export const LOCAL_PAD = 20;

/** Locate payload: by element (type 0) = search partitions for the file named by `elementType`. */
export const LocateBody = struct('bcd.locate', 12, {
  locateType: at(0, u32le),
  elementType: at(4, u32le),
  nestedOffset: at(8, u32le), // from the start of this descriptor
});
/** A locate descriptor with an empty locate string: header 16 + 12 + UTF-16 NUL. */
export const LOCATE_NESTED_OFFSET = 0x1e;

/** File path: version 1, length of this structure with parent and path, path type 5. */
export const FilePathHeader = struct('bcd.filepath', 12, {
  version: at(0, u32le),
  length: at(4, u32le),
  pathType: at(8, u32le),
});
