// VHDX reader ([MS-VHDX]; image-formats.md §2): the current header (valid CRC, larger sequence
// number), a region table with a valid CRC, then the metadata items. Bytes read are fixed
// (two 4 KiB headers, up to two 64 KiB region tables, the 64 KiB metadata table, small items).
import { BoundedReader } from '../../binary/bounded-reader.js';
import { crc32c, withFieldZeroed, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { Findings, invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader } from '../image-header.js';
import { readVhdxMetadata } from './read-metadata.js';
import {
  HEADER_OFFSETS,
  HEADER_SIGNATURE,
  KiB64,
  REGION_SIGNATURE,
  REGION_TABLE_OFFSETS,
  RegionGuid,
  VhdxFileIdentifier,
  VhdxHeader,
  VhdxRegionEntry,
  VhdxRegionTableHeader,
  type VhdxHeader as Header,
  type VhdxRegionEntry as Region,
} from './structs.js';

const BUDGET = 512 * 1024;
const NULL_GUID = '00000000-0000-0000-0000-000000000000';

export function readVhdx(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, async (findings) => {
    const r = new BoundedReader(src, 'vhdx', BUDGET);
    const id = VhdxFileIdentifier.decode(await r.read(0, 8, { structure: 'vhdx.file-identifier' }));
    if (id.signature !== 'vhdxfile') invalid('vhdx', 'vhdx.file-identifier', 'signature', 0, '"vhdxfile"', JSON.stringify(id.signature));
    const header = await currentHeader(r, findings);
    const regions = await regionTable(r, findings);
    const metadata = regions.find((e) => e.guid === RegionGuid.metadata);
    if (!metadata) invalid('vhdx', 'vhdx.region-table', 'entries', REGION_TABLE_OFFSETS[0] + 16, 'a metadata region', 'none');
    const meta = await readVhdxMetadata(r, findings, metadata);
    if (header.logGuid !== NULL_GUID) {
      findings.add('format/vhdx-log-pending', 'warning', 'VHDX log is not empty: it must be replayed before the image is used', { offset: HEADER_OFFSETS[0] + 48, field: 'vhdx.header.logGuid', found: header.logGuid });
    }
    return {
      format: 'vhdx',
      subformat: meta.parent ? 'differencing' : meta.leaveBlocksAllocated ? 'fixed' : 'dynamic',
      virtualSize: meta.virtualSize,
      clusterSize: meta.blockSize,
      identity: { kind: 'data-write-guid', value: header.dataWriteGuid },
      parent: meta.parent,
      dirty: header.logGuid !== NULL_GUID,
      extra: { 'virtual-disk-id': meta.virtualDiskId, 'logical-sector-size': meta.logicalSectorSize },
    };
  });
}

async function currentHeader(r: BoundedReader, findings: Findings): Promise<Header> {
  const valid: Header[] = [];
  for (const offset of HEADER_OFFSETS) {
    const bytes = await r.read(offset, 4096, { structure: 'vhdx.header' });
    const h = VhdxHeader.decode(bytes, 0, { base: offset });
    if (h.signature !== HEADER_SIGNATURE) {
      findings.add('format/invalid-header', 'warning', 'VHDX header copy has no "head" signature', { offset, field: 'vhdx.header.signature' });
      continue;
    }
    if (crc32c(withFieldZeroed(bytes, 4, 4)) !== h.checksum) {
      findings.add('format/bad-checksum', 'error', 'VHDX header CRC-32C does not match', { offset: offset + 4, field: 'vhdx.header.checksum', expected: `0x${crc32c(withFieldZeroed(bytes, 4, 4)).toString(16)}`, found: `0x${h.checksum.toString(16)}` });
      continue;
    }
    valid.push(h);
  }
  const best = valid.sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? 1 : -1))[0];
  if (!best) invalid('vhdx', 'vhdx.header', 'checksum', HEADER_OFFSETS[0] + 4, 'at least one header with a valid CRC-32C', 'none');
  return best;
}

async function regionTable(r: BoundedReader, findings: Findings): Promise<Region[]> {
  for (const offset of REGION_TABLE_OFFSETS) {
    const bytes = await r.read(offset, KiB64, { structure: 'vhdx.region-table' });
    const h = VhdxRegionTableHeader.decode(bytes, 0, { base: offset });
    const crc = crc32c(withFieldZeroed(bytes, 4, 4));
    if (h.signature !== REGION_SIGNATURE || crc !== h.checksum || h.entryCount > 2047) {
      findings.add('format/bad-checksum', 'error', 'VHDX region table is damaged (signature, CRC-32C or entry count)', { offset: offset + 4, field: 'vhdx.region-table.checksum', expected: `0x${crc.toString(16)}`, found: `0x${h.checksum.toString(16)}` });
      continue;
    }
    const entries = Array.from({ length: h.entryCount }, (_, i) => VhdxRegionEntry.decode(bytes, 16 + i * 32, { base: offset }));
    for (const [i, e] of entries.entries()) {
      const known = e.guid === RegionGuid.bat || e.guid === RegionGuid.metadata;
      if (!known && (e.required & 1) !== 0) {
        findings.add('format/vhdx-unknown-region', 'error', 'VHDX has a required region bootgen and hypervisors do not know', { offset: offset + 16 + i * 32, field: 'vhdx.region.guid', found: e.guid });
      }
    }
    return entries;
  }
  return invalid('vhdx', 'vhdx.region-table', 'checksum', REGION_TABLE_OFFSETS[0] + 4, 'a region table with a valid CRC-32C', 'none');
}
