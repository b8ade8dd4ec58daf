// A BCD store as data: objects (GUID + type) holding typed elements (reference/boot-media.md §6.1).

/** Where a file lives: the device bootmgr started from, or a fixed partition (§6.2). */
export type BcdParent =
  | { readonly kind: 'boot' }
  | { readonly kind: 'partition'; readonly table: 'gpt'; readonly partitionGuid: string; readonly diskGuid: string }
  | { readonly kind: 'partition'; readonly table: 'mbr'; readonly offsetBytes: bigint; readonly diskSignature: number };

export type BcdDevice =
  | BcdParent
  /** `file=[parent]\path` */
  | { readonly kind: 'file'; readonly parent: BcdParent; readonly path: string }
  /** `vhd=[parent]\path`: a virtual disk over a file, partition found by `locateElement` (ApplicationPath) */
  | { readonly kind: 'vhd'; readonly parent: BcdParent; readonly path: string; readonly locateElement: number }
  /** `ramdisk=[parent]\path,{options}` (WinPE boot.wim) */
  | { readonly kind: 'ramdisk'; readonly parent: BcdParent; readonly path: string; readonly options: string };

/** Element values by format (bits 24..27 of the element type). */
export type BcdValue =
  | { readonly format: 'device'; readonly device: BcdDevice }
  | { readonly format: 'string'; readonly value: string }
  | { readonly format: 'object'; readonly value: string }
  | { readonly format: 'objectList'; readonly value: readonly string[] }
  | { readonly format: 'integer'; readonly value: bigint }
  | { readonly format: 'boolean'; readonly value: boolean }
  | { readonly format: 'integerList'; readonly value: readonly bigint[] };

export interface BcdElement {
  readonly type: number;
  readonly value: BcdValue;
}

export interface BcdObject {
  /** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lower case */
  readonly id: string;
  readonly type: number;
  readonly elements: readonly BcdElement[];
}

export interface BcdStore {
  readonly objects: readonly BcdObject[];
}
