// qcow2 header reader (image-formats.md §5): virtual size, backing file, backing-format and
// data-file extensions, feature bits. Reads cluster 0 only, capped at 64 KiB.
import { BoundedReader } from '../../binary/bounded-reader.js';
import { toSafeNumber, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { Findings, invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader, ParentRef } from '../image-header.js';
import { readQcow2Extensions, type Qcow2Extensions } from './read-extensions.js';
import { Incompatible, KNOWN_INCOMPATIBLE, QCOW_MAGIC, Qcow2Header } from './structs.js';

const BUDGET = 72 * 1024;

export function readQcow2(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, (findings) => readHeader(new BoundedReader(src, 'qcow2', BUDGET), findings));
}

async function readHeader(r: BoundedReader, findings: Findings): Promise<ImageHeader> {
  const h = Qcow2Header.decode(await r.read(0, Qcow2Header.size, { structure: 'qcow2.header' }));
  if (h.magic !== QCOW_MAGIC) invalid('qcow2', 'qcow2.header', 'magic', 0, 'QFI\\xfb', `0x${h.magic.toString(16)}`);
  if (h.version !== 2 && h.version !== 3) invalid('qcow2', 'qcow2.header', 'version', 4, '2 or 3', `${h.version}`);
  if (h.clusterBits < 9 || h.clusterBits > 21) invalid('qcow2', 'qcow2.header', 'clusterBits', 20, '9..21', `${h.clusterBits}`);
  const clusterSize = 2 ** h.clusterBits;
  const v3 = h.version === 3;
  const headerLength = v3 ? h.headerLength : 72;
  if (v3 && (headerLength < 104 || headerLength % 8 !== 0 || headerLength > clusterSize)) {
    invalid('qcow2', 'qcow2.header', 'headerLength', 100, `a multiple of 8 in 104..${clusterSize}`, `${headerLength}`);
  }
  const virtualSize = toSafeNumber(h.size, { format: 'qcow2', structure: 'qcow2.header', field: 'size', offset: 24 });
  const incompatible = v3 ? h.incompatibleFeatures : 0n;
  checkFeatures(findings, incompatible, h.cryptMethod);
  const backingOffset = toSafeNumber(h.backingFileOffset, { format: 'qcow2', structure: 'qcow2.header', field: 'backingFileOffset', offset: 8 });
  const ext = await readQcow2Extensions(r, findings, headerLength, backingOffset > 0 ? backingOffset : clusterSize, clusterSize);
  const parent = backingOffset > 0 ? await readBacking(r, h, backingOffset, clusterSize, ext) : undefined;
  return {
    format: 'qcow2',
    subformat: v3 ? 'v3' : 'v2',
    virtualSize,
    clusterSize,
    identity: undefined,
    parent,
    dirty: (incompatible & Incompatible.dirty) !== 0n,
    extra: extraOf(h, incompatible, ext),
  };
}

function extraOf(h: Qcow2Header, incompatible: bigint, ext: Qcow2Extensions): Record<string, string | number | boolean> {
  const v3 = h.version === 3;
  const extra: Record<string, string | number | boolean> = {
    compat: v3 ? '1.1' : '0.10',
    'refcount-bits': v3 ? 2 ** h.refcountOrder : 16,
    corrupt: (incompatible & Incompatible.corrupt) !== 0n,
  };
  if (v3) {
    extra['compression-type'] = h.compressionType === 1 && h.headerLength > 104 ? 'zstd' : 'zlib';
    extra['lazy-refcounts'] = (h.compatibleFeatures & 1n) !== 0n;
    extra['extended-l2'] = (incompatible & Incompatible.extendedL2) !== 0n;
  }
  if (ext.dataFile !== undefined) extra['data-file'] = ext.dataFile;
  return extra;
}

function checkFeatures(findings: Findings, incompatible: bigint, cryptMethod: number): void {
  if (incompatible & Incompatible.dirty) {
    findings.add('format/qcow2-dirty', 'warning', 'qcow2 dirty bit is set: refcounts may be stale (QEMU repairs on a read-write open)', { offset: 79, field: 'qcow2.header.incompatibleFeatures', hint: 'run `qemu-img check -r all` on it' });
  }
  if (incompatible & Incompatible.corrupt) {
    findings.add('format/qcow2-corrupt', 'error', 'qcow2 corrupt bit is set: QEMU refuses to open it read-write', { offset: 79, field: 'qcow2.header.incompatibleFeatures', hint: 'run `qemu-img check -r all` on it' });
  }
  const unknown = incompatible & ~KNOWN_INCOMPATIBLE;
  if (unknown !== 0n) {
    findings.add('format/qcow2-unknown-feature', 'error', 'qcow2 has incompatible feature bits QEMU 7.2 does not know: it will refuse the image', {
      offset: 72,
      field: 'qcow2.header.incompatibleFeatures',
      expected: `only bits 0x${KNOWN_INCOMPATIBLE.toString(16)}`,
      found: `0x${unknown.toString(16)}`,
    });
  }
  if (cryptMethod !== 0) {
    findings.add('format/qcow2-encrypted', 'warning', 'qcow2 image is encrypted: a boot loader cannot read it', { offset: 32, field: 'qcow2.header.cryptMethod' });
  }
}

async function readBacking(r: BoundedReader, h: Qcow2Header, offset: number, clusterSize: number, ext: Qcow2Extensions): Promise<ParentRef> {
  const size = h.backingFileSize;
  if (size === 0 || size > 1023 || offset + size > clusterSize) {
    invalid('qcow2', 'qcow2.header', 'backingFileSize', 16, `1..1023 bytes inside cluster 0 (offset ${offset})`, `${size}`);
  }
  const raw = await r.read(offset, size, { structure: 'qcow2.backing-file' });
  const name = new TextDecoder('utf-8').decode(raw);
  const isProtocol = /^[a-z][a-z0-9+.-]*:/i.test(name);
  return {
    name,
    candidates: isProtocol ? [] : [{ source: 'backing-file', path: name, relative: !name.startsWith('/') }],
    byIdentity: false,
    identity: [],
    ...(ext.backingFormat !== undefined ? { format: ext.backingFormat } : {}),
  };
}
