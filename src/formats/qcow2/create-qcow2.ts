// qcow2 v3 writer (image-formats.md §5), laid out as `qemu-img create` does: header and
// extensions in cluster 0, refcount table in cluster 1, one refcount block in cluster 2, the L1
// table from cluster 3. No data clusters: every guest read falls through to the backing file.
import type { ImageLayout } from '../image-header.js';
import { Extension, QCOW_MAGIC, Qcow2ExtensionHeader, Qcow2Header, U64Entry } from './structs.js';

const CLUSTER_BITS = 16;
const CLUSTER = 1 << CLUSTER_BITS;
/** 16-bit refcounts: one refcount block covers CLUSTER / 2 clusters. */
const REFCOUNT_ORDER = 4;

export interface Qcow2CreateOptions {
  readonly sizeBytes: number;
  /** backing file name as recorded (relative to the child's directory, or absolute) */
  readonly backingFile?: string;
  /** backing format written to the 0xe2792aca extension */
  readonly backingFormat?: string;
}

function extensions(o: Qcow2CreateOptions): Uint8Array[] {
  const parts: Uint8Array[] = [];
  if (o.backingFormat !== undefined) {
    const data = new TextEncoder().encode(o.backingFormat);
    const ext = new Uint8Array(8 + Math.ceil(data.length / 8) * 8);
    Qcow2ExtensionHeader.encodeInto(ext, 0, { type: Extension.backingFormat, length: data.length });
    ext.set(data, 8);
    parts.push(ext);
  }
  parts.push(new Uint8Array(8)); // end of extensions
  return parts;
}

export function createQcow2(o: Qcow2CreateOptions): ImageLayout {
  const l2Covers = CLUSTER * (CLUSTER / 8);
  const l1Size = Math.ceil(o.sizeBytes / l2Covers);
  const l1Clusters = Math.max(1, Math.ceil((l1Size * 8) / CLUSTER));
  const clusters = 3 + l1Clusters;
  if (clusters > CLUSTER / 2) throw new RangeError(`qcow2 virtual size too large for one refcount block: ${o.sizeBytes}`);
  const cluster0 = new Uint8Array(CLUSTER);
  let at = 112;
  for (const part of extensions(o)) {
    cluster0.set(part, at);
    at += part.length;
  }
  const backing = o.backingFile !== undefined ? new TextEncoder().encode(o.backingFile) : undefined;
  if (backing) {
    if (backing.length > 1023) throw new RangeError('qcow2 backing file name longer than 1023 bytes');
    cluster0.set(backing, at);
  }
  Qcow2Header.encodeInto(cluster0, 0, {
    magic: QCOW_MAGIC,
    version: 3,
    backingFileOffset: backing ? BigInt(at) : 0n,
    backingFileSize: backing?.length ?? 0,
    clusterBits: CLUSTER_BITS,
    size: BigInt(o.sizeBytes),
    cryptMethod: 0,
    l1Size,
    l1TableOffset: BigInt(3 * CLUSTER),
    refcountTableOffset: BigInt(CLUSTER),
    refcountTableClusters: 1,
    nbSnapshots: 0,
    snapshotsOffset: 0n,
    incompatibleFeatures: 0n,
    compatibleFeatures: 0n,
    autoclearFeatures: 0n,
    refcountOrder: REFCOUNT_ORDER,
    headerLength: 112,
    compressionType: 0,
  });
  const refTable = U64Entry.encode({ value: BigInt(2 * CLUSTER) });
  const refBlock = new Uint8Array(clusters * 2);
  for (let i = 0; i < clusters; i++) refBlock[i * 2 + 1] = 1; // big-endian u16 refcount 1
  return {
    size: clusters * CLUSTER,
    extents: [
      { offset: 0, bytes: cluster0.subarray(0, Math.ceil((at + (backing?.length ?? 0)) / 512) * 512) },
      { offset: CLUSTER, bytes: refTable },
      { offset: 2 * CLUSTER, bytes: refBlock },
    ],
  };
}
