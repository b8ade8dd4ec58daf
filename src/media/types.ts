// The media stage's output: a whole image as extents (metadata bytes + streamed file ranges),
// written sparse by io/media-writer.ts.
import type { Extent, VolumeFile } from '../binary/extent.js';

export type MediaKind = 'usb' | 'iso';

export interface MediaLayout {
  readonly kind: MediaKind;
  /** file name in the out dir, e.g. 'media/vhdlab-usb.img' */
  readonly path: string;
  readonly sizeBytes: number;
  readonly extents: readonly Extent[];
  /** human summary lines ('GPT: BIOS boot 1 MiB @2048, ESP FAT16 254 MiB @4096') */
  readonly summary: readonly string[];
}

/** What goes on a medium besides loaders: the menu and the site's payload. */
export interface MediaContent {
  /** /boot/grub/grub.cfg */
  readonly grubCfg: Uint8Array;
  /** payload and other configs at their medium paths */
  readonly files: readonly VolumeFile[];
  /** the files of the USB stick's data partition (media.usb.data): images, ISOs, WIMs */
  readonly dataFiles?: readonly VolumeFile[];
}

export const textFile = (path: string, text: string | Uint8Array): VolumeFile => {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { path, size: bytes.length, source: { kind: 'bytes', bytes } };
};
