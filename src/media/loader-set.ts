// What io/loaders.ts hands the media planners: loader images as bytes (all are small: boot.img
// 512 B, core.img ~150 KiB, shim/GRUB ≤ 2 MiB) and GRUB module files to copy.
import type { VolumeFile } from '../binary/extent.js';
import type { LoaderKey } from './loader-needs.js';

export type GrubPlatform = 'i386-pc' | 'x86_64-efi';

export interface LoaderSet {
  readonly blobs: ReadonlyMap<LoaderKey, Uint8Array>;
  /** module files (`*.mod`, `*.lst`) by platform; `path` is the bare file name */
  readonly modules: ReadonlyMap<GrubPlatform, readonly VolumeFile[]>;
}
