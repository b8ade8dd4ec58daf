// Checks no native tool performs (ntfs-exfat.md §4 "Checks no tool performs"), run with our own
// reader: $Bitmap = the union of every run list, $MFT:$BITMAP = the in-use flags, $MFTMirr =
// the first records, every index sorted by collation with leaves at one depth, entry references
// carrying the record's sequence number, the directory bit on directory entries, zero slack,
// and newer GRUB's attribute check (grub-attr-check.ts) on every record.
import { closeSync, openSync, readSync } from 'node:fs';
import { expect } from 'vitest';
import { collateNames } from '../../../src/formats/ntfs/collate.js';
import { AttrType, MFT_RECORD_SIZE, RecordFlag } from '../../../src/formats/ntfs/constants.js';
import { decodeFileName } from '../../../src/formats/ntfs/file-name.js';
import { NtfsReader, type ParsedRecord } from '../../../src/formats/ntfs/reader.js';
import { ntfsUpcase } from '../../../src/formats/ntfs/upcase.js';
import { grubRecordProblems } from './grub-attr-check.js';

export function withImage<T>(img: string, f: (r: NtfsReader) => T): T {
  const fd = openSync(img, 'r');
  try {
    return f(new NtfsReader((offset, length) => {
      const b = Buffer.alloc(length);
      readSync(fd, b, 0, length, offset);
      return new Uint8Array(b.buffer, b.byteOffset, length);
    }));
  } finally {
    closeSync(fd);
  }
}

const bit = (b: Uint8Array, i: number): boolean => (((b[i >> 3] ?? 0) >> (i & 7)) & 1) === 1;

export function selfCheck(img: string): { records: number; dirs: number } {
  return withImage(img, (r) => {
    const up = ntfsUpcase();
    const cs = r.clusterSize;
    const mft = r.record(0);
    const mftData = mft.attrs.find((a) => a.type === AttrType.data);
    const mftBitmap = r.attrData(mft.attrs.find((a) => a.type === AttrType.bitmap) ?? mft.attrs[0]!);
    const count = (mftData?.dataSize ?? 0) / MFT_RECORD_SIZE;
    const records: ParsedRecord[] = [];
    for (let n = 0; n < count; n++) {
      const rec = r.record(n);
      expect(rec.header.recordNumber).toBe(n);
      expect(rec.header.bytesAllocated).toBe(MFT_RECORD_SIZE);
      expect(bit(mftBitmap, n), `MFT bitmap bit ${n}`).toBe((rec.header.flags & RecordFlag.inUse) !== 0);
      // §1.15 item 7: nothing but zeros after the END marker
      expect(rec.bytes.subarray(rec.header.bytesInUse).every((x) => x === 0), `slack of record ${n}`).toBe(true);
      expect(grubRecordProblems(rec.bytes, rec.header.attrsOffset), `newer GRUB's attribute check on record ${n}`).toEqual([]);
      records.push(rec);
    }
    // $MFTMirr is byte-identical to the first records
    const mirr = r.record(1).attrs.find((a) => a.type === AttrType.data);
    const mirrBytes = r.attrData(mirr ?? mft.attrs[0]!);
    const mftBytes = r.readRuns(mftData?.runs ?? [], 0, mirrBytes.length);
    expect(Buffer.from(mirrBytes).equals(Buffer.from(mftBytes)), '$MFTMirr = $MFT').toBe(true);
    // $Bitmap: exactly the clusters some run list maps, plus the padding bits past the end
    const used = new Set<number>();
    for (const rec of records) {
      if (!(rec.header.flags & RecordFlag.inUse)) continue;
      for (const a of rec.attrs) {
        for (let i = 0, vcn = 0; i < (a.runs?.length ?? 0); i++) {
          const run = a.runs?.[i];
          if (run?.lcn !== undefined) for (let c = 0; c < run.length; c++) {
            expect(used.has(run.lcn + c), `cluster ${run.lcn + c} owned twice`).toBe(false);
            used.add(run.lcn + c);
          }
          vcn += run?.length ?? 0;
        }
      }
    }
    const bitmap = r.attrData(records[6]?.attrs.find((a) => a.type === AttrType.data) ?? mft.attrs[0]!);
    const clusters = Math.floor(Number(r.boot.totalSectors) / r.boot.sectorsPerCluster);
    for (let c = 0; c < bitmap.length * 8; c++) {
      if (bit(bitmap, c) !== (c >= clusters || used.has(c))) expect.fail(`$Bitmap bit ${c} is ${bit(bitmap, c)}`);
    }
    // indexes
    let dirs = 0;
    const indexed = new Map<number, Set<string>>();
    for (const rec of records) {
      if (!(rec.header.flags & RecordFlag.directory) || !(rec.header.flags & RecordFlag.inUse)) continue;
      dirs++;
      const { entries, leafDepths } = r.walkIndex(rec);
      indexed.set(rec.header.recordNumber, new Set(entries.map((e) => `${e.name}\0${e.fileRef & 0xffffffffffffn}`)));
      expect(leafDepths.size, `record ${rec.header.recordNumber}: leaves at one depth`).toBe(1);
      for (let i = 1; i < entries.length; i++) {
        expect(collateNames(entries[i - 1]!.name, entries[i]!.name, up), `order ${entries[i - 1]!.name} < ${entries[i]!.name}`).toBeLessThan(0);
      }
      for (const e of entries) {
        const n = Number(e.fileRef & 0xffffffffffffn);
        const target = records[n];
        expect(target, `entry ${e.name} → record ${n}`).toBeDefined();
        if (!target) continue;
        expect(Number(e.fileRef >> 48n), `sequence of ${e.name}`).toBe(target.header.sequence);
        const isDir = (target.header.flags & RecordFlag.directory) !== 0;
        expect(((e.fn?.fileAttributes ?? 0) & 0x10000000) !== 0, `directory bit of ${e.name}`).toBe(isDir);
      }
    }
    // every $FILE_NAME of every record in use is in its parent's index; link count = names
    for (const rec of records) {
      if (!(rec.header.flags & RecordFlag.inUse)) continue;
      const fns = rec.attrs.filter((a) => a.type === AttrType.fileName && a.value);
      expect(rec.header.linkCount, `link count of record ${rec.header.recordNumber}`).toBe(rec.header.recordNumber >= 12 && rec.header.recordNumber < 16 ? 0 : fns.length);
      for (const a of fns) {
        const fn = decodeFileName(a.value!);
        const parent = Number(fn.parent & 0xffffffffffffn);
        expect(indexed.get(parent)?.has(`${fn.name}\0${rec.header.recordNumber}`), `${fn.name} (record ${rec.header.recordNumber}) in the index of ${parent}`).toBe(true);
      }
      if (fns.length === 2) {
        const [a, b] = fns.map((x) => decodeFileName(x.value!));
        expect([a?.namespace, b?.namespace].sort(), `namespaces of record ${rec.header.recordNumber}`).toEqual([1, 2]);
      }
    }
    expect(cs).toBeGreaterThan(0);
    return { records: count, dirs };
  });
}
