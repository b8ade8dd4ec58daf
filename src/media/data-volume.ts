// The file systems a USB stick's data partition can hold (media.usb.data.fs), by name: each writer
// builds the volume as extents from the files, the serial and label the menus name it by.
import type { Extent, VolumeFile } from '../binary/extent.js';
import type { Result } from '../diagnostics/diagnostic.js';
import { buildExfatVolume } from '../formats/exfat/volume.js';
import { buildNtfsVolume } from '../formats/ntfs/volume.js';
import type { DataVolume } from '../targets/data-partition.js';

export interface DataVolumeInput {
  readonly volume: DataVolume;
  readonly sizeBytes: number;
  /** LBA of the partition on the stick */
  readonly hiddenSectors: number;
  readonly epoch: number;
}

export interface BuiltDataVolume {
  readonly extents: readonly Extent[];
  readonly summary: readonly string[];
}

type DataWriter = (files: readonly VolumeFile[], input: DataVolumeInput) => Result<BuiltDataVolume | undefined>;

export const DATA_FILESYSTEMS: Readonly<Record<DataVolume['fs'], DataWriter>> = {
  ntfs: (files, i) => buildNtfsVolume(files, { sizeBytes: i.sizeBytes, label: i.volume.label, serial: i.volume.serial64, epoch: i.epoch, hiddenSectors: i.hiddenSectors }),
  exfat: (files, i) => buildExfatVolume(files, { sizeBytes: i.sizeBytes, label: i.volume.label, serial: i.volume.serial32, epoch: i.epoch, hiddenSectors: i.hiddenSectors }),
};
