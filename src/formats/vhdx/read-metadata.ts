// VHDX metadata region ([MS-VHDX] §2.6; image-formats.md §2.2–2.3): file parameters, virtual
// disk size and id, sector size, and the parent locator key/value pairs.
import type { BoundedReader } from '../../binary/bounded-reader.js';
import { toSafeNumber } from '../../binary/index.js';
import type { Findings } from '../image-findings.js';
import { invalid } from '../image-findings.js';
import type { ParentRef } from '../image-header.js';
import { readVhdxParentLocator } from './read-parent-locator.js';
import { KiB64, MetadataGuid, VhdxMetadataEntry, VhdxMetadataTableHeader, type VhdxRegionEntry } from './structs.js';

export interface VhdxMetadata {
  readonly virtualSize: number;
  readonly blockSize: number;
  readonly leaveBlocksAllocated: boolean;
  readonly logicalSectorSize: number;
  readonly virtualDiskId: string;
  readonly parent: ParentRef | undefined;
}

const KNOWN = new Set<string>(Object.values(MetadataGuid));
const MAX_ITEM = 64 * 1024;

export async function readVhdxMetadata(r: BoundedReader, findings: Findings, region: VhdxRegionEntry): Promise<VhdxMetadata> {
  const base = toSafeNumber(region.fileOffset, { format: 'vhdx', structure: 'vhdx.region', field: 'fileOffset', offset: 0 });
  const table = await r.read(base, KiB64, { structure: 'vhdx.metadata-table' });
  const h = VhdxMetadataTableHeader.decode(table, 0, { base });
  if (h.signature !== 'metadata') invalid('vhdx', 'vhdx.metadata-table', 'signature', base, '"metadata"', JSON.stringify(h.signature));
  if (h.entryCount > 2047) invalid('vhdx', 'vhdx.metadata-table', 'entryCount', base + 10, '≤ 2047', `${h.entryCount}`);
  const items = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < h.entryCount; i++) {
    const e = VhdxMetadataEntry.decode(table, 32 + i * 32, { base });
    if (!KNOWN.has(e.itemId) && (e.flags & 4) !== 0) {
      findings.add('format/vhdx-unknown-metadata', 'error', 'VHDX has a required metadata item bootgen does not know', { offset: base + 32 + i * 32, field: 'vhdx.metadata-entry.itemId', found: e.itemId });
    }
    items.set(e.itemId, { offset: base + e.offset, length: e.length });
  }
  const item = async (id: string, name: string, min: number): Promise<Uint8Array> => {
    const at = items.get(id);
    if (!at) return invalid('vhdx', 'vhdx.metadata', name, base, `a ${name} item`, 'none');
    if (at.length < min || at.length > MAX_ITEM) invalid('vhdx', 'vhdx.metadata', name, at.offset, `${min}..${MAX_ITEM} bytes`, `${at.length}`);
    return r.read(at.offset, at.length, { structure: 'vhdx.metadata', field: name });
  };
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const params = view(await item(MetadataGuid.fileParameters, 'fileParameters', 8));
  const size = view(await item(MetadataGuid.virtualDiskSize, 'virtualDiskSize', 8)).getBigUint64(0, true);
  const idBytes = await item(MetadataGuid.virtualDiskId, 'virtualDiskId', 16);
  const sector = view(await item(MetadataGuid.logicalSectorSize, 'logicalSectorSize', 4)).getUint32(0, true);
  const flags = params.getUint32(4, true);
  const hasParent = (flags & 2) !== 0;
  const locator = items.get(MetadataGuid.parentLocator);
  if (hasParent && !locator) invalid('vhdx', 'vhdx.metadata', 'parentLocator', base, 'a parent locator (HasParent is set)', 'none');
  const parent = hasParent && locator ? await readVhdxParentLocator(await item(MetadataGuid.parentLocator, 'parentLocator', 20), findings, locator.offset) : undefined;
  return {
    virtualSize: toSafeNumber(size, { format: 'vhdx', structure: 'vhdx.metadata', field: 'virtualDiskSize', offset: base }),
    blockSize: params.getUint32(0, true),
    leaveBlocksAllocated: (flags & 1) !== 0,
    logicalSectorSize: sector,
    virtualDiskId: formatGuid(idBytes),
    parent,
  };
}

function formatGuid(b: Uint8Array): string {
  const h = (i: number) => (b[i] ?? 0).toString(16).padStart(2, '0');
  const g = (idx: number[]) => idx.map(h).join('');
  return `${g([3, 2, 1, 0])}-${g([5, 4])}-${g([7, 6])}-${g([8, 9])}-${g([10, 11, 12, 13, 14, 15])}`;
}
