// VHD header reader (image-formats.md §1): footer at EOF−512 (copy at 0 for dynamic and
// differencing disks), dynamic header, parent locators. Reads at most a few KiB whatever the size.
import { BoundedReader } from '../../binary/bounded-reader.js';
import { onesComplementSum, toSafeNumber, withFieldZeroed, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { Findings, invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader, ParentRef } from '../image-header.js';
import { readVhdLocators } from './read-locators.js';
import { NO_DATA_OFFSET, VHD_COOKIE, VHD_EPOCH, VHD_SPARSE_COOKIE, VhdDiskType, VhdDynamicHeader, VhdFooter } from './structs.js';

const BUDGET = 64 * 1024;

export function readVhd(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, (findings) => readVhdHeader(new BoundedReader(src, 'vhd', BUDGET), findings));
}

async function readFooter(r: BoundedReader, findings: Findings): Promise<VhdFooter> {
  if (r.size < 512) invalid('vhd', 'vhd.footer', 'cookie', 0, 'a file of at least 512 bytes', `${r.size} bytes`);
  const end = r.size - 512;
  const raw = await r.read(end, 512, { structure: 'vhd.footer' });
  let footer = VhdFooter.decode(raw, 0, { base: end });
  let base = end;
  let bytes = raw;
  if (footer.cookie !== VHD_COOKIE && r.size >= 1024) {
    const copy = await r.read(0, 512, { structure: 'vhd.footer' });
    const first = VhdFooter.decode(copy);
    if (first.cookie !== VHD_COOKIE) invalid('vhd', 'vhd.footer', 'cookie', end, `"${VHD_COOKIE}"`, JSON.stringify(footer.cookie));
    findings.add('format/truncated', 'error', 'VHD footer at the end of the file is missing (truncated?); using the copy at offset 0', {
      offset: end,
      field: 'vhd.footer.cookie',
      expected: VHD_COOKIE,
      found: footer.cookie,
    });
    [footer, base, bytes] = [first, 0, copy];
  } else if (footer.cookie !== VHD_COOKIE) {
    invalid('vhd', 'vhd.footer', 'cookie', end, `"${VHD_COOKIE}"`, JSON.stringify(footer.cookie));
  }
  checkSum(findings, bytes, 64, footer.checksum, base, 'vhd.footer.checksum');
  if ((footer.features & 2) === 0) {
    findings.add('format/vhd-features', 'warning', 'VHD footer Features lacks the reserved bit 0x2', { offset: base + 8, field: 'vhd.footer.features' });
  }
  if (footer.formatVersion !== 0x0001_0000) {
    invalid('vhd', 'vhd.footer', 'formatVersion', base + 12, '0x00010000', `0x${footer.formatVersion.toString(16)}`);
  }
  return footer;
}

export function checkSum(findings: Findings, bytes: Uint8Array, at: number, recorded: number, base: number, field: string): void {
  const computed = onesComplementSum(withFieldZeroed(bytes, at, 4));
  if (computed !== recorded) {
    findings.add('format/bad-checksum', 'error', `${field} does not match the structure`, {
      offset: base + at,
      field,
      expected: `0x${computed.toString(16).padStart(8, '0')}`,
      found: `0x${recorded.toString(16).padStart(8, '0')}`,
    });
  }
}

async function readVhdHeader(r: BoundedReader, findings: Findings): Promise<ImageHeader> {
  const footer = await readFooter(r, findings);
  const virtualSize = toSafeNumber(footer.currentSize, { format: 'vhd', structure: 'vhd.footer', field: 'currentSize', offset: r.size - 512 + 48 });
  const extra = { 'creator-app': footer.creatorApp, timestamp: footer.timestamp + VHD_EPOCH };
  const common = { format: 'vhd' as const, virtualSize, identity: { kind: 'unique-id' as const, value: footer.uniqueId }, dirty: false };
  if (footer.diskType === VhdDiskType.fixed) {
    if (r.size - 512 < virtualSize) {
      findings.add('format/truncated', 'error', 'fixed VHD is shorter than its Current Size', {
        offset: r.size - 512 + 48,
        field: 'vhd.footer.currentSize',
        expected: `${virtualSize + 512} bytes`,
        found: `${r.size} bytes`,
      });
    }
    return { ...common, subformat: 'fixed', parent: undefined, extra };
  }
  if (footer.diskType !== VhdDiskType.dynamic && footer.diskType !== VhdDiskType.differencing) {
    invalid('vhd', 'vhd.footer', 'diskType', r.size - 512 + 60, '2 (fixed), 3 (dynamic) or 4 (differencing)', `${footer.diskType}`);
  }
  const dyn = await readDynamicHeader(r, findings, footer, virtualSize);
  const differencing = footer.diskType === VhdDiskType.differencing;
  const parent = differencing ? await readParent(r, findings, dyn.header, dyn.offset) : undefined;
  if (!differencing) checkNoParent(findings, dyn.header, dyn.offset);
  return {
    ...common,
    subformat: differencing ? 'differencing' : 'dynamic',
    clusterSize: dyn.header.blockSize,
    parent,
    extra: { ...extra, 'block-size': dyn.header.blockSize },
  };
}

async function readDynamicHeader(r: BoundedReader, findings: Findings, footer: VhdFooter, virtualSize: number) {
  if (footer.dataOffset === NO_DATA_OFFSET) invalid('vhd', 'vhd.footer', 'dataOffset', r.size - 512 + 16, 'the dynamic header offset', 'none');
  const offset = toSafeNumber(footer.dataOffset, { format: 'vhd', structure: 'vhd.footer', field: 'dataOffset', offset: r.size - 512 + 16 });
  const bytes = await r.read(offset, 1024, { structure: 'vhd.dynamic-header' });
  const header = VhdDynamicHeader.decode(bytes, 0, { base: offset });
  if (header.cookie !== VHD_SPARSE_COOKIE) invalid('vhd', 'vhd.dynamic-header', 'cookie', offset, `"${VHD_SPARSE_COOKIE}"`, JSON.stringify(header.cookie));
  checkSum(findings, bytes, 36, header.checksum, offset, 'vhd.dynamic-header.checksum');
  const bs = header.blockSize;
  if (bs < 512 || (bs & (bs - 1)) !== 0) invalid('vhd', 'vhd.dynamic-header', 'blockSize', offset + 32, 'a power of two ≥ 512', `${bs}`);
  if (header.maxTableEntries * bs < virtualSize) {
    invalid('vhd', 'vhd.dynamic-header', 'maxTableEntries', offset + 28, `≥ ${Math.ceil(virtualSize / bs)} entries`, `${header.maxTableEntries}`);
  }
  const table = toSafeNumber(header.tableOffset, { format: 'vhd', structure: 'vhd.dynamic-header', field: 'tableOffset', offset: offset + 16 });
  if (table % 512 !== 0 || table + header.maxTableEntries * 4 > r.size - 512) {
    findings.add('format/truncated', 'error', 'VHD block allocation table lies outside the file', {
      offset: offset + 16,
      field: 'vhd.dynamic-header.tableOffset',
      expected: `a 512-aligned table ending before ${r.size - 512}`,
      found: `${table} + ${header.maxTableEntries} entries`,
    });
  }
  return { header, offset };
}

async function readParent(r: BoundedReader, findings: Findings, h: VhdDynamicHeader, offset: number): Promise<ParentRef> {
  const candidates = await readVhdLocators(r, findings, h, offset);
  return {
    name: h.parentUnicodeName,
    candidates,
    byIdentity: false,
    identity: [h.parentUniqueId],
    timestamp: h.parentTimestamp + VHD_EPOCH,
  };
}

function checkNoParent(findings: Findings, h: VhdDynamicHeader, offset: number): void {
  if (h.parentUniqueId !== '00000000-0000-0000-0000-000000000000' || h.parentUnicodeName !== '') {
    findings.add('format/vhd-stray-parent', 'warning', 'dynamic VHD carries parent fields (only differencing disks should)', {
      offset: offset + 40,
      field: 'vhd.dynamic-header.parentUniqueId',
    });
  }
}
