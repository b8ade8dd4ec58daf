// Test helper: re-reads an exFAT image with our own reader and checks what no native tool checks
// (ntfs-exfat.md §4): bitmap == union of all allocations (no leaks), FAT links < ClusterCount,
// chain lengths, no cluster owned twice, nothing after a 0x00 entry, name padding, VDL = DL,
// boot checksum and an identical backup region, the up-case table and its checksum.
import { closeSync, openSync, readSync } from 'node:fs';
import { readBootRegion, type ExfatBoot } from '../../../src/formats/exfat/read-boot-region.js';
import { upcaseTableChecksum } from '../../../src/formats/exfat/checksum.js';
import { FileAttr } from '../../../src/formats/exfat/dir-entry.js';
import { readDirectory } from '../../../src/formats/exfat/read-directory.js';
import { expandUpcase } from '../../../src/formats/exfat/upcase-table.js';

export interface WalkedFile {
  readonly path: string;
  readonly isDir: boolean;
  readonly firstCluster: number;
  readonly dataLength: number;
  readonly noFatChain: boolean;
  /** clusters in order */
  readonly clusters: readonly number[];
}

export interface Walk {
  readonly boot: ExfatBoot;
  readonly label: string | undefined;
  readonly entries: ReadonlyMap<string, WalkedFile>;
  readonly problems: string[];
  /** reads `length` bytes of a walked file's data at `offset` */
  readonly read: (path: string, offset: number, length: number) => Uint8Array;
}

export function walkVolume(image: string): Walk {
  // one open per read: `read` outlives the walk
  const pread = (offset: number, length: number): Uint8Array => {
    const fd = openSync(image, 'r');
    try {
      const b = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, b, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return b;
    } finally {
      closeSync(fd);
    }
  };
  return walk(pread);
}

function walk(pread: (offset: number, length: number) => Uint8Array): Omit<Walk, 'read'> & { read: Walk['read'] } {
  const problems: string[] = [];
  const { boot, problems: bootProblems } = readBootRegion(pread(0, 24 * 512));
  problems.push(...bootProblems);
  const cs = 512 << boot.sectorsPerClusterShift;
  const count = boot.clusterCount;
  const heap = boot.clusterHeapOffset * 512;
  const at = (c: number): number => heap + (c - 2) * cs;
  const fat = pread(boot.fatOffset * 512, boot.fatLength * 512);
  const fatView = new DataView(fat.buffer);
  const owner = new Map<number, string>();
  const own = (c: number, who: string): void => {
    if (c < 2 || c > count + 1) problems.push(`${who}: cluster ${c} outside the heap`);
    const prev = owner.get(c);
    if (prev !== undefined) problems.push(`${who}: cluster ${c} already owned by ${prev}`);
    owner.set(c, who);
  };
  const clustersOf = (who: string, first: number, bytes: number, noFatChain: boolean): number[] => {
    const n = Math.ceil(bytes / cs);
    const out: number[] = [];
    if (n === 0) return out;
    if (noFatChain) {
      for (let i = 0; i < n; i++) out.push(first + i);
    } else {
      let c = first;
      for (let i = 0; i < n; i++) {
        out.push(c);
        const next = fatView.getUint32(c * 4, true);
        if (i + 1 < n) {
          // GRUB rejects links ≥ ClusterCount (§2.4)
          if (next < 2 || next >= count) problems.push(`${who}: FAT link ${c} → 0x${next.toString(16)}`);
          c = next;
        } else if (next !== 0xffffffff) problems.push(`${who}: chain does not end after ${n} clusters (0x${next.toString(16)})`);
      }
    }
    for (const c of out) own(c, who);
    return out;
  };
  const readClusters = (cl: readonly number[], bytes: number): Uint8Array => {
    const out = new Uint8Array(bytes);
    cl.forEach((c, i) => out.set(pread(at(c), Math.min(cs, bytes - i * cs)), i * cs));
    return out;
  };
  const rootClusters: number[] = [];
  for (let c = boot.firstClusterOfRootDirectory; c !== 0xffffffff && rootClusters.length <= count; c = fatView.getUint32(c * 4, true)) {
    if (c < 2 || c >= count) {
      problems.push(`root chain reaches cluster 0x${c.toString(16)}`);
      break;
    }
    rootClusters.push(c);
  }
  for (const c of rootClusters) own(c, '/');
  const rootBytes = readClusters(rootClusters, rootClusters.length * cs);
  let upcase = expandUpcase(new Uint8Array());
  const rootRead0 = readDirectory(rootBytes, (u) => u);
  const up = rootRead0.upcase;
  if (!up) problems.push('no up-case table entry');
  else {
    const bytes = readClusters(clustersOf('(up-case table)', up.firstCluster, up.dataLength, false), up.dataLength);
    if (upcaseTableChecksum(bytes) !== up.tableChecksum) problems.push('up-case TableChecksum is wrong');
    upcase = expandUpcase(bytes);
  }
  const bm = rootRead0.bitmap;
  let bitmap: Uint8Array = new Uint8Array();
  if (!bm) problems.push('no allocation bitmap entry');
  else {
    if (bm.dataLength < Math.ceil(count / 8)) problems.push(`bitmap DataLength ${bm.dataLength} < ${Math.ceil(count / 8)}`);
    bitmap = readClusters(clustersOf('(bitmap)', bm.firstCluster, bm.dataLength, false), bm.dataLength);
  }
  const map = (u: number): number => upcase[u] ?? u;
  const entries = new Map<string, WalkedFile>();
  const walkDir = (path: string, bytes: Uint8Array): void => {
    const d = readDirectory(bytes, map);
    problems.push(...d.problems.map((p) => `${path}: ${p}`));
    for (const s of d.sets) {
      const child = `${path === '/' ? '' : path}/${s.name}`;
      const isDir = (s.attributes & FileAttr.directory) !== 0;
      if (isDir && (s.dataLength === 0 || s.dataLength % cs !== 0)) problems.push(`${child}: directory size ${s.dataLength}`);
      const cl = clustersOf(child, s.firstCluster, s.dataLength, s.noFatChain);
      entries.set(child, { path: child, isDir, firstCluster: s.firstCluster, dataLength: s.dataLength, noFatChain: s.noFatChain, clusters: cl });
      if (isDir) walkDir(child, readClusters(cl, s.dataLength));
    }
  };
  const rootRead = readDirectory(rootBytes, map);
  walkDir('/', rootBytes);
  // the bitmap must be exactly the union of every allocation (fsck misses leaks, §2.5)
  for (let c = 2; c <= count + 1; c++) {
    const set = ((bitmap[(c - 2) >> 3] ?? 0) >> ((c - 2) & 7)) & 1;
    if (set && !owner.has(c)) problems.push(`cluster ${c} is set in the bitmap but owned by nothing`);
    if (!set && owner.has(c)) problems.push(`cluster ${c} (${owner.get(c)}) is clear in the bitmap`);
  }
  const read = (path: string, offset: number, length: number): Uint8Array => {
    const f = entries.get(path);
    if (!f) throw new Error(`${path} not on the volume`);
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const pos = offset + done;
      const c = f.clusters[Math.floor(pos / cs)];
      if (c === undefined) break;
      const n = Math.min(length - done, cs - (pos % cs));
      out.set(pread(at(c) + (pos % cs), n), done);
      done += n;
    }
    return out;
  };
  return { boot, label: rootRead.label, entries, problems, read };
}
