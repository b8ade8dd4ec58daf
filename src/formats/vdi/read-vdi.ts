// VDI reader (image-formats.md §4): identity (uuidCreate, uuidModify), the parent link
// (uuidLinkage, uuidParentModify: no path is stored, chain/ finds the parent by uuid), and
// VirtualBox's vdiValidateHeader rules as findings.
import { BoundedReader } from '../../binary/bounded-reader.js';
import { toSafeNumber, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { Findings, invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader } from '../image-header.js';
import { NULL_UUID, VDI_SIGNATURE, VdiHeader, VdiType, type VdiHeader as Header } from './structs.js';

const TYPES: Record<number, string> = { 1: 'normal', 2: 'fixed', 3: 'undo', 4: 'diff' };

export function readVdi(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, async (findings) => {
    const r = new BoundedReader(src, 'vdi', 4096);
    const h = VdiHeader.decode(await r.read(0, VdiHeader.size, { structure: 'vdi.header' }));
    if (h.signature !== VDI_SIGNATURE) invalid('vdi', 'vdi.header', 'signature', 64, '0xbeda107f', `0x${h.signature.toString(16)}`);
    if (h.version >>> 16 !== 1) invalid('vdi', 'vdi.header', 'version', 68, 'major version 1', `0x${h.version.toString(16)}`);
    validate(h, findings, r.size);
    const virtualSize = toSafeNumber(h.cbDisk, { format: 'vdi', structure: 'vdi.header', field: 'cbDisk', offset: 368 });
    const diff = h.imageType === VdiType.diff || h.uuidLinkage !== NULL_UUID;
    return {
      format: 'vdi',
      subformat: TYPES[h.imageType] ?? `type-${h.imageType}`,
      virtualSize,
      clusterSize: h.cbBlock,
      identity: { kind: 'uuid-create', value: h.uuidCreate, modify: h.uuidModify },
      parent: diff ? { name: `{${h.uuidLinkage}}`, candidates: [], byIdentity: true, identity: [h.uuidLinkage], modify: h.uuidParentModify } : undefined,
      dirty: false,
      extra: { 'uuid-modify': h.uuidModify },
    };
  });
}

/** vdiValidateHeader (VDI.cpp): each broken rule is a finding at its field. */
function validate(h: Header, findings: Findings, fileSize: number): void {
  const bad = (field: keyof Header & string, expected: string, found: string | number): void =>
    findings.add('format/vdi-header', 'error', `VDI header field ${field} is invalid`, { offset: VdiHeader.offsetOf(field), field: `vdi.header.${field}`, expected, found: `${found}` });
  if (h.cbHeader < 384) bad('cbHeader', '≥ 384', h.cbHeader);
  if (!(h.imageType >= 1 && h.imageType <= 4)) bad('imageType', '1..4', h.imageType);
  if (h.offBlocks < 456) bad('offBlocks', '≥ 456', h.offBlocks);
  if (h.offData < h.offBlocks + 4 * h.cBlocks) bad('offData', `≥ ${h.offBlocks + 4 * h.cBlocks}`, h.offData);
  if (h.cbBlock === 0 || (h.cbBlock & (h.cbBlock - 1)) !== 0) bad('cbBlock', 'a power of two', h.cbBlock);
  if (h.cbBlockExtra !== 0 && (h.cbBlockExtra & (h.cbBlockExtra - 1)) !== 0) bad('cbBlockExtra', '0 or a power of two', h.cbBlockExtra);
  if (h.cBlocks === 0 || h.cbDisk === 0n) bad('cBlocks', 'non-zero block count and disk size', h.cBlocks);
  if (h.cBlocksAllocated > h.cBlocks) bad('cBlocksAllocated', `≤ ${h.cBlocks}`, h.cBlocksAllocated);
  if (BigInt(h.cbBlock) * BigInt(h.cBlocks) < h.cbDisk) bad('cBlocks', `≥ ${h.cbDisk} bytes of blocks`, h.cBlocks);
  if (h.uuidCreate === NULL_UUID) bad('uuidCreate', 'a non-null UUID', NULL_UUID);
  if (h.uuidModify === NULL_UUID) bad('uuidModify', 'a non-null UUID', NULL_UUID);
  if (h.offBlocks + 4 * h.cBlocks > fileSize) {
    findings.add('format/truncated', 'error', 'VDI block map lies past the end of the file', { offset: 340, field: 'vdi.header.offBlocks', expected: `≥ ${h.offBlocks + 4 * h.cBlocks} bytes`, found: `${fileSize} bytes` });
  }
  if (h.imageType === VdiType.diff && h.uuidLinkage === NULL_UUID) bad('uuidLinkage', 'the parent uuidCreate in a diff image', NULL_UUID);
}
