// VMDK reader (image-formats.md §3): a hosted sparse extent ("KDMV") with its embedded
// descriptor, a streamOptimized extent (header copy in the footer when GD_AT_END), an ESX "COWD"
// extent, or a text descriptor file with extent lines. Header bytes only.
import { BoundedReader } from '../../binary/bounded-reader.js';
import { toSafeNumber, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { Findings, invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader, ParentRef } from '../image-header.js';
import { windowsToPosix } from '../vhd/windows-path.js';
import { NO_PARENT_CID, parseVmdkDescriptor, type VmdkDescriptor } from './descriptor.js';
import { COWD_MAGIC, GD_AT_END, KDMV_MAGIC, VmdkCowdHeader, VmdkFlags, VmdkSparseHeader, type VmdkSparseHeader as Header } from './structs.js';

/** Descriptors are a few hundred bytes; QEMU reserves 20 sectors. */
export const MAX_DESCRIPTOR = 64 * 1024;
const BUDGET = MAX_DESCRIPTOR + 4 * 1024;

export function readVmdk(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, async (findings) => {
    const r = new BoundedReader(src, 'vmdk', BUDGET);
    const head = await r.read(0, Math.min(4, r.size), { structure: 'vmdk.sparse-header', field: 'magicNumber' });
    const magic = head.length === 4 ? new DataView(head.buffer, head.byteOffset).getUint32(0, true) : 0;
    if (magic === KDMV_MAGIC) return readSparse(r, findings);
    if (magic === COWD_MAGIC) return readCowd(r);
    return readDescriptorFile(r, findings);
  });
}

async function readSparse(r: BoundedReader, findings: Findings): Promise<ImageHeader> {
  let h = VmdkSparseHeader.decode(await r.read(0, 512, { structure: 'vmdk.sparse-header' }));
  checkSparse(h, findings, 0);
  if (h.gdOffset === GD_AT_END && r.size >= 1536) {
    // streamOptimized: the real header is the footer, 1024 bytes before EOF (§3.1)
    const footer = VmdkSparseHeader.decode(await r.read(r.size - 1024, 512, { structure: 'vmdk.footer' }), 0, { base: r.size - 1024 });
    if (footer.magicNumber === KDMV_MAGIC) h = footer;
    else findings.add('format/truncated', 'error', 'streamOptimized VMDK has no footer header', { offset: r.size - 1024, field: 'vmdk.footer.magicNumber' });
  }
  const where = (field: string, offset: number) => ({ format: 'vmdk', structure: 'vmdk.sparse-header', field, offset });
  const capacity = toSafeNumber(h.capacity, where('capacity', 12));
  const descOffset = toSafeNumber(h.descriptorOffset, where('descriptorOffset', 28));
  const descSize = toSafeNumber(h.descriptorSize, where('descriptorSize', 36));
  const overhead = toSafeNumber(h.overHead, where('overHead', 64));
  if (overhead * 512 > r.size) {
    findings.add('format/truncated', 'error', 'VMDK file is shorter than its metadata (overHead)', { offset: 64, field: 'vmdk.sparse-header.overHead', expected: `≥ ${overhead * 512} bytes`, found: `${r.size} bytes` });
  }
  let desc: VmdkDescriptor | undefined;
  if (descOffset > 0 && descSize > 0) {
    if (descSize * 512 > MAX_DESCRIPTOR) invalid('vmdk', 'vmdk.sparse-header', 'descriptorSize', 36, `at most ${MAX_DESCRIPTOR / 512} sectors`, `${descSize}`);
    const bytes = await r.read(descOffset * 512, descSize * 512, { structure: 'vmdk.descriptor' });
    desc = parseVmdkDescriptor(textOf(bytes), findings, descOffset * 512);
  }
  const flags = h.flags;
  const subformat = desc?.createType ?? ((flags & VmdkFlags.compressed) !== 0 ? 'streamOptimized' : 'monolithicSparse');
  return headerFrom(findings, desc, {
    subformat,
    virtualSize: capacity * 512,
    clusterSize: toSafeNumber(h.grainSize, where('grainSize', 20)) * 512,
    dirty: h.uncleanShutdown !== 0,
    base: descOffset * 512,
  });
}

function checkSparse(h: Header, findings: Findings, base: number): void {
  if (h.version < 1 || h.version > 3) invalid('vmdk', 'vmdk.sparse-header', 'version', base + 4, '1, 2 or 3', `${h.version}`);
  const nl = [h.singleEndLineChar, h.nonEndLineChar, h.doubleEndLineChar1, h.doubleEndLineChar2];
  if ((h.flags & VmdkFlags.nlTest) !== 0 && nl.join(',') !== '10,32,13,10') {
    findings.add('format/vmdk-newline-damage', 'error', 'VMDK end-of-line check bytes are altered: the file went through a text-mode transfer', {
      offset: base + 73,
      field: 'vmdk.sparse-header.singleEndLineChar',
      expected: '0a 20 0d 0a',
      found: nl.map((b) => b.toString(16).padStart(2, '0')).join(' '),
    });
  }
  const grain = Number(h.grainSize & 0xffff_ffffn);
  if (h.grainSize > 0x20_0000n || grain < 8 || (grain & (grain - 1)) !== 0) invalid('vmdk', 'vmdk.sparse-header', 'grainSize', base + 20, 'a power of two, 8..2097152 sectors', `${h.grainSize}`);
  if (h.numGTEsPerGT === 0 || h.numGTEsPerGT > 512) invalid('vmdk', 'vmdk.sparse-header', 'numGTEsPerGT', base + 44, '1..512', `${h.numGTEsPerGT}`);
}

async function readCowd(r: BoundedReader): Promise<ImageHeader> {
  const h = VmdkCowdHeader.decode(await r.read(0, VmdkCowdHeader.size, { structure: 'vmdk.cowd-header' }));
  return { format: 'vmdk', subformat: 'vmfsSparse', virtualSize: h.capacity * 512, clusterSize: h.grainSize * 512, identity: undefined, parent: undefined, dirty: false, extra: {} };
}

async function readDescriptorFile(r: BoundedReader, findings: Findings): Promise<ImageHeader> {
  if (r.size > MAX_DESCRIPTOR) invalid('vmdk', 'vmdk.descriptor', '(whole)', 0, `a descriptor file of at most ${MAX_DESCRIPTOR} bytes`, `${r.size} bytes`);
  const desc = parseVmdkDescriptor(textOf(await r.read(0, r.size, { structure: 'vmdk.descriptor' })), findings, 0);
  if (desc.version === undefined) invalid('vmdk', 'vmdk.descriptor', 'version', 0, 'a `version=N` line', 'none');
  const sectors = desc.extents.reduce((sum, e) => sum + e.sectors, 0);
  return headerFrom(findings, desc, { subformat: desc.createType ?? 'custom', virtualSize: sectors * 512, clusterSize: undefined, dirty: false, base: 0 });
}

function textOf(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

interface SparseFacts {
  readonly subformat: string;
  readonly virtualSize: number;
  readonly clusterSize: number | undefined;
  readonly dirty: boolean;
  readonly base: number;
}

function headerFrom(findings: Findings, desc: VmdkDescriptor | undefined, f: SparseFacts): ImageHeader {
  if (desc?.version !== undefined && (desc.version < 1 || desc.version > 3)) {
    findings.add('format/unsupported-version', 'error', 'VMDK descriptor version is not 1, 2 or 3', { offset: f.base, field: 'vmdk.descriptor.version', found: `${desc.version}` });
  }
  if (f.dirty) findings.add('format/vmdk-unclean', 'warning', 'VMDK uncleanShutdown is set: it was not closed cleanly', { offset: 72, field: 'vmdk.sparse-header.uncleanShutdown' });
  const extra: Record<string, string | number | boolean> = { 'create-type': f.subformat };
  if (desc?.cid !== undefined) extra.cid = parseInt(desc.cid, 16);
  if (desc?.parentCid !== undefined) extra['parent-cid'] = parseInt(desc.parentCid, 16);
  return {
    format: 'vmdk',
    subformat: f.subformat,
    virtualSize: f.virtualSize,
    ...(f.clusterSize !== undefined ? { clusterSize: f.clusterSize } : {}),
    identity: desc?.cid !== undefined ? { kind: 'cid', value: desc.cid } : undefined,
    parent: desc ? parentOf(desc, findings, f.base) : undefined,
    dirty: f.dirty,
    extents: desc?.extents ?? [],
    extra,
  };
}

function parentOf(d: VmdkDescriptor, findings: Findings, base: number): ParentRef | undefined {
  const hasParentCid = d.parentCid !== undefined && d.parentCid !== NO_PARENT_CID;
  if (d.parentFileNameHint === undefined) {
    if (hasParentCid) findings.add('format/vmdk-parent-hint', 'warning', 'VMDK has a parentCID but no parentFileNameHint: its parent cannot be found', { offset: base, field: 'vmdk.descriptor.parentFileNameHint' });
    return undefined;
  }
  const hint = d.parentFileNameHint;
  const path = /\\|^[A-Za-z]:/.test(hint) ? windowsToPosix(hint) : { path: hint, relative: !hint.startsWith('/') };
  return {
    name: hint,
    candidates: path ? [{ source: 'parentFileNameHint', ...path }] : [],
    byIdentity: false,
    identity: [d.parentCid ?? NO_PARENT_CID],
    format: 'vmdk',
  };
}
