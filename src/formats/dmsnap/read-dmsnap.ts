// Linux dm-snapshot persistent exception store header (drivers/md/dm-snap-persistent.c;
// image-formats.md §8.1). The COW store records nothing about its origin: no parent reference.
import { BoundedReader } from '../../binary/bounded-reader.js';
import { at, struct, u32le, type ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import { invalid, readImageWith } from '../image-findings.js';
import type { ImageHeader } from '../image-header.js';

export const SNAP_MAGIC = 0x7041_6e53; // "SnAp"

export const DmSnapHeader = struct('dmsnap.header', 16, {
  magic: at(0, u32le),
  valid: at(4, u32le), // 0: invalidated (overflow or I/O error), cannot be recovered
  version: at(8, u32le), // SNAPSHOT_DISK_VERSION = 1
  chunkSize: at(12, u32le), // sectors
});

export function readDmSnap(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  return readImageWith(file, async (findings) => {
    const r = new BoundedReader(src, 'dmsnap', 16);
    const h = DmSnapHeader.decode(await r.read(0, 16, { structure: 'dmsnap.header' }));
    if (h.magic !== SNAP_MAGIC) invalid('dmsnap', 'dmsnap.header', 'magic', 0, '"SnAp" (0x70416e53)', `0x${h.magic.toString(16)}`);
    if (h.version !== 1) invalid('dmsnap', 'dmsnap.header', 'version', 8, '1', `${h.version}`);
    const c = h.chunkSize;
    if (c === 0 || (c & (c - 1)) !== 0 || c > 0x7fff_ffff >>> 9) {
      invalid('dmsnap', 'dmsnap.header', 'chunkSize', 12, 'a power of two ≤ INT_MAX >> 9 sectors', `${c}`);
    }
    if (h.valid !== 1) {
      findings.add('format/dmsnap-invalidated', 'error', 'dm-snapshot COW store is invalidated (overflowed or hit an I/O error): its data cannot be recovered', { offset: 4, field: 'dmsnap.header.valid', expected: '1', found: `${h.valid}` });
    }
    return { format: 'dmsnap', subformat: 'persistent', virtualSize: r.size, clusterSize: c * 512, identity: undefined, parent: undefined, dirty: false, extra: { 'chunk-sectors': c } };
  });
}
