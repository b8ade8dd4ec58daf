// The system records 0–26 (ntfs-exfat.md §1.7), as mkntfs lays them out, with two
// simplifications that every checker accepts: every record has the 72-byte
// $STANDARD_INFORMATION naming the one $SDS descriptor (no per-record $SECURITY_DESCRIPTOR), and
// the $Quota indexes are empty.
import { InternalError } from '../../diagnostics/errors.js';
import { AttrType, Collation, FileAttr, INDEX_BLOCK_SIZE, MFT_RECORD_SIZE, Namespace, Rec, RecordFlag, fileRef } from './constants.js';
import { nonResidentAttr, residentAttr, utf16leBytes, type Attr } from './attribute.js';
import { encodeFileName, encodeStdInfo } from './file-name.js';
import { encodeEndEntry, encodeEntry, encodeIndexRoot } from './index-node.js';
import type { NtfsLayout } from './layout.js';
import { encodeFreeRecord, encodeRecord } from './record.js';
import { SECURITY_ID, type SecureStreams } from './secure.js';
import { VOLUME_INFORMATION } from './structs.js';
import type { NamedKey } from './directory.js';
import type { Run } from './runlist.js';

/** Where each system stream lives, and how big it is. */
export interface SystemPlacement {
  readonly mft: { readonly lcn: number; readonly bytes: number };
  readonly mftBitmap: { readonly lcn: number; readonly bytes: number };
  readonly mftMirr: { readonly lcn: number };
  readonly logFile: { readonly lcn: number };
  readonly attrDef: { readonly lcn: number; readonly bytes: number };
  readonly bitmap: { readonly lcn: number; readonly bytes: number };
  readonly upCase: { readonly lcn: number; readonly bytes: number; readonly info: Uint8Array };
  readonly sds: { readonly lcn: number };
}

export interface SystemContext {
  readonly layout: NtfsLayout;
  readonly time: bigint;
  readonly label: string;
  readonly place: SystemPlacement;
  readonly secure: SecureStreams;
}

const SYS = FileAttr.hidden | FileAttr.system;
const ROOT_REF = fileRef(Rec.root, Rec.root);
const EXTEND_REF = fileRef(Rec.extend, Rec.extend);
/** §1.4: mkntfs's sequence numbers: record 0 → 1, 1–23 → their own number, 24–26 → 1 */
export const systemSequence = (n: number): number => (n === 0 || n >= 24 ? 1 : n);

interface SysFile {
  readonly number: number;
  readonly name: string;
  readonly parent: bigint;
  readonly flags: number;
  readonly siAttributes: number;
  readonly fnAttributes: number;
  readonly sizes: readonly [allocated: number, data: number];
  readonly attrs: readonly Attr[];
}

function systemFiles(c: SystemContext): SysFile[] {
  const { layout: l, place: p, secure } = c;
  const cs = l.clusterSize;
  const up = (b: number): number => Math.ceil(b / cs) * cs;
  const nr = (lcn: number, bytes: number, name = ''): Attr => {
    const runs: Run[] = bytes > 0 ? [{ lcn, length: Math.ceil(bytes / cs) }] : [];
    return nonResidentAttr({ type: AttrType.data, name, runs, clusterSize: cs, dataSize: bytes });
  };
  const res = (type: number, value: Uint8Array, name = ''): Attr => residentAttr({ type, name, value });
  const mirrorBytes = l.mirrorRecords * MFT_RECORD_SIZE;
  const viewRoot = (name: string, collation: number, value?: Uint8Array): Attr =>
    res(AttrType.indexRoot, value ?? encodeIndexRoot({ indexedType: 0, collation, blockSize: INDEX_BLOCK_SIZE, clustersPerBlock: l.indexRootClustersPerBlock, entries: [encodeEndEntry()], large: false }), name);
  const file = (number: number, name: string, sizes: readonly [number, number], attrs: Attr[], o: Partial<SysFile> = {}): SysFile => ({
    number, name, parent: ROOT_REF, flags: RecordFlag.inUse, siAttributes: SYS, fnAttributes: SYS, sizes, attrs, ...o,
  });
  const view = { flags: RecordFlag.inUse | RecordFlag.extend | RecordFlag.viewIndex, parent: EXTEND_REF, siAttributes: SYS | FileAttr.archive | FileAttr.viewIndex, fnAttributes: SYS | FileAttr.archive | FileAttr.viewIndex };
  return [
    file(Rec.mft, '$MFT', [p.mft.bytes, p.mft.bytes], [
      nr(p.mft.lcn, p.mft.bytes),
      nonResidentAttr({ type: AttrType.bitmap, runs: [{ lcn: p.mftBitmap.lcn, length: Math.ceil(p.mftBitmap.bytes / cs) }], clusterSize: cs, dataSize: p.mftBitmap.bytes }),
    ]),
    file(Rec.mftMirr, '$MFTMirr', [up(mirrorBytes), mirrorBytes], [nr(p.mftMirr.lcn, mirrorBytes)]),
    file(Rec.logFile, '$LogFile', [l.logFileBytes, l.logFileBytes], [nr(p.logFile.lcn, l.logFileBytes)]),
    file(Rec.volume, '$Volume', [0, 0], [
      res(AttrType.volumeName, utf16leBytes(c.label)),
      res(AttrType.volumeInformation, VOLUME_INFORMATION.encode({ major: 3, minor: 1, flags: 0 })),
      res(AttrType.data, new Uint8Array(0)),
    ]),
    file(Rec.attrDef, '$AttrDef', [up(p.attrDef.bytes), p.attrDef.bytes], [nr(p.attrDef.lcn, p.attrDef.bytes)]),
    file(Rec.bitmap, '$Bitmap', [up(p.bitmap.bytes), p.bitmap.bytes], [nr(p.bitmap.lcn, p.bitmap.bytes)]),
    file(Rec.boot, '$Boot', [l.bootBytes, l.bootBytes], [nr(0, l.bootBytes)]),
    file(Rec.badClus, '$BadClus', [0, 0], [
      res(AttrType.data, new Uint8Array(0)),
      // §1.7: one hole over the whole volume; allocated = data size, initialized 0, not flagged sparse
      nonResidentAttr({ type: AttrType.data, name: '$Bad', runs: [{ lcn: undefined, length: l.clusterCount }], clusterSize: cs, dataSize: l.clusterCount * cs, initializedSize: 0 }),
    ]),
    file(Rec.secure, '$Secure', [0, 0], [nr(p.sds.lcn, secure.sdsSize, '$SDS'), viewRoot('$SDH', 0, secure.sdh), viewRoot('$SII', 0, secure.sii)], {
      flags: RecordFlag.inUse | RecordFlag.viewIndex, siAttributes: SYS | FileAttr.viewIndex, fnAttributes: SYS | FileAttr.viewIndex,
    }),
    file(Rec.upCase, '$UpCase', [up(p.upCase.bytes), p.upCase.bytes], [nr(p.upCase.lcn, p.upCase.bytes), res(AttrType.data, p.upCase.info, '$Info')]),
    file(Rec.extend, '$Extend', [0, 0], [], { flags: RecordFlag.inUse | RecordFlag.directory, fnAttributes: SYS | FileAttr.i30Index }),
    file(Rec.quota, '$Quota', [0, 0], [viewRoot('$O', Collation.sid), viewRoot('$Q', Collation.ulong)], view),
    file(Rec.objId, '$ObjId', [0, 0], [viewRoot('$O', Collation.ulongs)], view),
    file(Rec.reparse, '$Reparse', [0, 0], [viewRoot('$R', Collation.ulongs)], view),
  ];
}

const fnOf = (f: SysFile, time: bigint): Uint8Array =>
  encodeFileName({ parent: f.parent, name: f.name, namespace: Namespace.win32AndDos, time, allocatedSize: f.sizes[0], dataSize: f.sizes[1], fileAttributes: f.fnAttributes });

const keyOf = (f: SysFile, time: bigint): NamedKey => ({ name: f.name, fileRef: fileRef(f.number, systemSequence(f.number)), key: fnOf(f, time) });

const rootFileName = (time: bigint): Uint8Array =>
  encodeFileName({ parent: ROOT_REF, name: '.', namespace: Namespace.win32AndDos, time, allocatedSize: 0, dataSize: 0, fileAttributes: SYS | FileAttr.i30Index });

/**
 * Root index entries for the system files in the root (everything but $Extend's children) and
 * for the root itself as "." (§1.11): ntfs-3g looks "." up to update the root's $FILE_NAME
 * whenever the root changes, and fails the write with EIO when it is missing.
 */
export function systemRootKeys(c: SystemContext): NamedKey[] {
  const files = systemFiles(c).filter((f) => f.parent === ROOT_REF).map((f) => keyOf(f, c.time));
  return [...files, { name: '.', fileRef: ROOT_REF, key: rootFileName(c.time) }];
}

/** $STANDARD_INFORMATION and $FILE_NAME of the root directory. */
export function rootFixedAttrs(time: bigint): Attr[] {
  return [
    residentAttr({ type: AttrType.standardInformation, value: encodeStdInfo({ time, fileAttributes: SYS, securityId: SECURITY_ID }) }),
    residentAttr({ type: AttrType.fileName, indexed: true, value: rootFileName(time) }),
  ];
}

/** Records 0–26 except the root (5), which the caller builds with its index; free slots formatted. */
export function systemRecords(c: SystemContext): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const files = systemFiles(c);
  for (const f of files) {
    const attrs = [
      residentAttr({ type: AttrType.standardInformation, value: encodeStdInfo({ time: c.time, fileAttributes: f.siAttributes, securityId: SECURITY_ID }) }),
      residentAttr({ type: AttrType.fileName, indexed: true, value: fnOf(f, c.time) }),
      ...f.attrs,
    ];
    if (f.number === Rec.extend) {
      const children = files.filter((x) => x.parent === EXTEND_REF).map((x) => keyOf(x, c.time));
      children.sort((a, b) => (a.name < b.name ? -1 : 1)); // $ObjId < $Quota < $Reparse in any collation
      const entries = [...children.map((k) => encodeEntry(k.fileRef, k.key)), encodeEndEntry()];
      attrs.push(residentAttr({ type: AttrType.indexRoot, name: '$I30', value: encodeIndexRoot({ indexedType: AttrType.fileName, collation: Collation.fileName, blockSize: INDEX_BLOCK_SIZE, clustersPerBlock: c.layout.indexRootClustersPerBlock, entries, large: false }) }));
    }
    out.set(f.number, mustEncode({ number: f.number, sequence: systemSequence(f.number), flags: f.flags, linkCount: 1, attrs }));
  }
  // §1.7: 12–15 reserved, in use, no name; 16–23 free
  for (let n = 12; n <= 15; n++) {
    const si = residentAttr({ type: AttrType.standardInformation, value: encodeStdInfo({ time: c.time, fileAttributes: SYS, securityId: SECURITY_ID }) });
    out.set(n, mustEncode({ number: n, sequence: n, flags: RecordFlag.inUse, linkCount: 0, attrs: [si, residentAttr({ type: AttrType.data, value: new Uint8Array(0) })] }));
  }
  for (let n = 16; n <= 23; n++) out.set(n, encodeFreeRecord(n, n));
  return out;
}

function mustEncode(spec: Parameters<typeof encodeRecord>[0]): Uint8Array {
  const r = encodeRecord(spec);
  if (!r) throw new InternalError(`NTFS system record ${spec.number} does not fit`);
  return r;
}
