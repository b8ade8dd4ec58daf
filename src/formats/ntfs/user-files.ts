// Records for the user's files and directories: numbers from 64 (§1.7), breadth-first, each
// directory's children in collation order; a Win32 name and a DOS name each, or one Win32&DOS
// name when the name is its own 8.3 form (dos-name.ts), all of them indexed in the parent.
import type { TreeDir, TreeNode } from '../../binary/file-tree.js';
import { dirsBreadthFirst } from '../../binary/file-tree.js';
import { AttrType, FIRST_USER_RECORD, FIXUP_STRIDE, FileAttr, MFT_RECORD_SIZE, Namespace, Rec, RecordFlag, fileRef } from './constants.js';
import { collateNames } from './collate.js';
import { residentAttr, type Attr } from './attribute.js';
import { dataAttr, fnSizes, planData, type DataPlan, type ResidentRoom } from './file-data.js';
import { encodeFileName, encodeStdInfo } from './file-name.js';
import { dirIndexAttrs, planDirIndex, type DirIndexPlan, type NamedKey } from './directory.js';
import type { NtfsLayout } from './layout.js';
import { encodeRecord, recordBytesInUse } from './record.js';
import { SECURITY_ID } from './secure.js';
import { SYSTEM_NAMES } from './check-input.js';
import { planDosNames } from './dos-name.js';
import { RESIDENT } from './structs.js';

/** User records have sequence number 1, as ntfs-3g gives new files (§1.4). */
export const USER_SEQUENCE = 1;

export interface UserNode {
  readonly node: TreeNode;
  readonly record: number;
  /** $STANDARD_INFORMATION and the $FILE_NAMEs (Win32 and DOS, or one Win32&DOS) */
  readonly fixed: readonly Attr[];
  /** §1.4: one per $FILE_NAME */
  readonly links: number;
  readonly data?: DataPlan;
  readonly index?: DirIndexPlan;
}

export interface UserPlan {
  /** in record order */
  readonly nodes: readonly UserNode[];
  readonly root: DirIndexPlan;
}

interface Ctx {
  readonly layout: NtfsLayout;
  readonly upcase: Uint16Array;
  readonly time: bigint;
}

function fixedAttrs(c: Ctx, node: TreeNode, parent: bigint, data: DataPlan | undefined, dos: string | undefined): { attrs: Attr[]; names: { name: string; fn: Uint8Array }[] } {
  const sparse = data?.sparse ? FileAttr.sparse : 0;
  const sizes = data ? fnSizes(data, c.layout.clusterSize) : { allocatedSize: 0, dataSize: 0 };
  const fn = (name: string, namespace: number): Uint8Array =>
    encodeFileName({
      parent, name, namespace, time: c.time, ...sizes,
      // §1.8: directories carry 0x10000000 in FN and index entries (GRUB needs it, §1.15 item 4)
      fileAttributes: node.kind === 'dir' ? FileAttr.i30Index : FileAttr.archive | sparse,
    });
  const names = dos === undefined
    ? [{ name: node.name, fn: fn(node.name, Namespace.win32AndDos) }]
    : [{ name: node.name, fn: fn(node.name, Namespace.win32) }, { name: dos, fn: fn(dos, Namespace.dos) }];
  // ntfs-3g writes no directory bit in SI: the record flag says it (§1.8)
  const si = encodeStdInfo({ time: c.time, fileAttributes: node.kind === 'dir' ? 0 : FileAttr.archive | sparse, securityId: SECURITY_ID });
  return {
    attrs: [residentAttr({ type: AttrType.standardInformation, value: si }), ...names.map((n) => residentAttr({ type: AttrType.fileName, indexed: true, value: n.fn }))],
    names,
  };
}

/** Offset in its record of a resident $DATA value placed after `fixed` (it sorts last, §1.4). */
export const residentValueOffset = (fixed: readonly Attr[]): number => recordBytesInUse(fixed) - END_MARKER + RESIDENT.size;
const END_MARKER = 8;

function residentRoom(fixed: readonly Attr[]): ResidentRoom {
  const at = residentValueOffset(fixed);
  return {
    inRecord: (MFT_RECORD_SIZE - END_MARKER - at) & ~7,
    beforeFixup: Math.max(0, FIXUP_STRIDE - 2 - at),
  };
}

export function planUserNodes(c: Ctx, root: TreeDir, rootFixed: readonly Attr[], systemKeys: readonly NamedKey[]): UserPlan {
  const nodes: UserNode[] = [];
  const keysOf = new Map<string, NamedKey[]>();
  const recordOf = new Map<string, number>([['/', Rec.root]]);
  let next = FIRST_USER_RECORD;
  const dirs = dirsBreadthFirst(root);
  for (const d of dirs) d.children.sort((a, b) => collateNames(a.name, b.name, c.upcase));
  for (const d of dirs) {
    const self = recordOf.get(d.path) ?? Rec.root;
    const parent = fileRef(self, self === Rec.root ? Rec.root : USER_SEQUENCE);
    const keys: NamedKey[] = [];
    const dos = planDosNames(d.children.map((n) => n.name), d === root ? SYSTEM_NAMES.filter((n) => n !== '.') : []);
    d.children.forEach((n, i) => {
      const record = next++;
      recordOf.set(n.path, record);
      const short = dos[i]?.dos;
      const probe = fixedAttrs(c, n, parent, undefined, short);
      // §1.5: resident when the in-memory bytes fit beside SI and FN (value padded to 8)
      const data = n.kind === 'file' ? planData(n.file, c.layout.clusterSize, residentRoom(probe.attrs)) : undefined;
      const { attrs, names } = data ? fixedAttrs(c, n, parent, data, short) : probe;
      nodes.push({ node: n, record, fixed: attrs, links: names.length, ...(data ? { data } : {}) });
      // every name is indexed in the parent, the DOS one too (GRUB skips it, §1.15)
      for (const x of names) keys.push({ name: x.name, fileRef: fileRef(record, USER_SEQUENCE), key: x.fn });
    });
    keysOf.set(d.path, keys);
  }
  const withIndex = nodes.map((u) =>
    u.node.kind === 'dir' ? { ...u, index: planDirIndex(keysOf.get(u.node.path) ?? [], u.fixed, c.layout, c.upcase) } : u,
  );
  const rootPlan = planDirIndex([...systemKeys, ...(keysOf.get('/') ?? [])], rootFixed, c.layout, c.upcase);
  return { nodes: withIndex, root: rootPlan };
}

/** The record, or undefined when its run list does not fit (a very fragmented sparse file). */
export function encodeUserRecord(u: UserNode, layout: NtfsLayout, lcn: number): Uint8Array | undefined {
  if (u.node.kind === 'dir' && u.index) {
    const attrs = [...u.fixed, ...dirIndexAttrs(u.index, layout, lcn)];
    return encodeRecord({ number: u.record, sequence: USER_SEQUENCE, flags: RecordFlag.inUse | RecordFlag.directory, linkCount: u.links, attrs });
  }
  if (!u.data) return undefined;
  const attrs = [...u.fixed, dataAttr(u.data, layout.clusterSize, lcn)];
  return encodeRecord({ number: u.record, sequence: USER_SEQUENCE, flags: RecordFlag.inUse, linkCount: u.links, attrs });
}
