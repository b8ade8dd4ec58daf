// What every disk-image reader returns (image-formats.md §0): identity, virtual size, the parent
// reference as recorded, and integrity state. Readers fill it from headers only; chain/ links images.

export type ImageFormat = 'vhd' | 'vhdx' | 'vmdk' | 'vdi' | 'qcow2' | 'raw' | 'iso' | 'dmsnap';

/** Formats that can carry a parent reference. */
export const DIFFERENCING_FORMATS: readonly ImageFormat[] = ['vhd', 'vhdx', 'vmdk', 'vdi', 'qcow2'];

export interface ImageIdentity {
  /** what the value is: VHD Unique Id, VHDX DataWriteGuid, VMDK CID, VDI uuidCreate */
  readonly kind: 'unique-id' | 'data-write-guid' | 'cid' | 'uuid-create';
  readonly value: string;
  /** VDI uuidModify; VHDX Virtual Disk ID is in `extra` */
  readonly modify?: string;
}

/** One place to look for the parent, in the format's resolution order. */
export interface ParentCandidate {
  /** where it came from: 'W2ru', 'W2ku', 'MacX', 'parent-name', 'relative_path', 'backing-file', … */
  readonly source: string;
  /** POSIX path as recorded (Windows separators converted, drive letters dropped) */
  readonly path: string;
  /** true when relative to the child's directory */
  readonly relative: boolean;
}

export interface ParentRef {
  /** the backing file name as recorded (qemu-img's backing-filename) */
  readonly name: string;
  readonly candidates: readonly ParentCandidate[];
  /** VDI stores no path: the parent is found by identity among candidate directories */
  readonly byIdentity: boolean;
  /** identities the parent may have (VHD parent UUID, VHDX parent_linkage(2), VMDK parentCID, VDI uuidLinkage) */
  readonly identity: readonly string[];
  /** VDI uuidParentModify: the parent's uuidModify when the child was made */
  readonly modify?: string;
  /** VHD Parent Time Stamp, Unix seconds */
  readonly timestamp?: number;
  /** recorded parent format (qcow2 backing-format extension; VMDK implies vmdk) */
  readonly format?: string;
}

export interface ImageHeader {
  readonly format: ImageFormat;
  /** e.g. 'fixed' | 'dynamic' | 'differencing' | 'monolithicSparse' | 'v3' */
  readonly subformat: string;
  readonly virtualSize: number;
  readonly clusterSize?: number;
  readonly identity: ImageIdentity | undefined;
  readonly parent: ParentRef | undefined;
  /** qcow2 dirty bit, VMDK uncleanShutdown, VHDX non-empty log */
  readonly dirty: boolean;
  /** VMDK descriptor extents (file names relative to the descriptor) */
  readonly extents?: readonly VmdkExtentRef[];
  /** format-specific facts, shown by `bootgen chain --json` like qemu-img's format-specific */
  readonly extra: Readonly<Record<string, string | number | boolean>>;
}

export interface VmdkExtentRef {
  readonly access: string;
  readonly sectors: number;
  readonly type: string;
  readonly file: string | undefined;
}

/** What a writer produces: a file size and the few non-zero extents (the rest stays sparse). */
export interface ImageLayout {
  readonly size: number;
  readonly extents: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
}
