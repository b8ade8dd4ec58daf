// Reads a boot region back (main + backup, 24 sectors of 512 bytes) and lists what fsck.exfat
// and GRUB would reject (ntfs-exfat.md §2.2, §2.9, §2.10), plus a backup that differs.
import { bootRegionChecksum } from './checksum.js';
import { ExfatBootSector, FILE_SYSTEM_NAME } from './boot-sector.js';
import { BOOT_REGION_SECTORS, MAX_CLUSTER_COUNT } from './layout.js';
import type { Infer } from '../../binary/struct.js';

export type ExfatBoot = Infer<typeof ExfatBootSector>;

export function readBootRegion(bytes: Uint8Array): { boot: ExfatBoot; problems: string[] } {
  const boot = ExfatBootSector.decode(bytes);
  const problems: string[] = [];
  const sector = 1 << boot.bytesPerSectorShift;
  if (boot.fileSystemName !== FILE_SYSTEM_NAME) problems.push(`FileSystemName ${JSON.stringify(boot.fileSystemName)}`);
  if (boot.bootSignature !== 0xaa55) problems.push(`boot signature 0x${boot.bootSignature.toString(16)}`);
  if (boot.bytesPerSectorShift < 9 || boot.bytesPerSectorShift > 12) problems.push(`BytesPerSectorShift ${boot.bytesPerSectorShift}`);
  if (boot.bytesPerSectorShift + boot.sectorsPerClusterShift > 25) problems.push('cluster larger than 32 MiB');
  if (boot.fileSystemRevision !== 0x0100) problems.push(`FileSystemRevision 0x${boot.fileSystemRevision.toString(16)}`);
  if (boot.numberOfFats !== 1) problems.push(`NumberOfFats ${boot.numberOfFats}`);
  if (boot.fatOffset === 0 || boot.fatLength === 0) problems.push('FatOffset or FatLength is 0');
  if (boot.clusterCount <= 2 || boot.clusterCount > MAX_CLUSTER_COUNT) problems.push(`ClusterCount ${boot.clusterCount}`);
  if (boot.fatLength * sector < (boot.clusterCount + 2) * 4) problems.push('the FAT cannot hold ClusterCount + 2 entries');
  const heapEnd = boot.clusterHeapOffset + boot.clusterCount * (1 << boot.sectorsPerClusterShift);
  if (BigInt(heapEnd) > boot.volumeLength) problems.push('the cluster heap ends past VolumeLength');
  if (bytes.length >= 2 * BOOT_REGION_SECTORS * sector) {
    const sum = bootRegionChecksum(bytes, sector);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 11 * sector; o < 12 * sector; o += 4) {
      if (view.getUint32(o, true) !== sum) {
        problems.push(`boot checksum 0x${view.getUint32(o, true).toString(16)} at byte ${o}, computed 0x${sum.toString(16)}`);
        break;
      }
    }
    // drivers update VolumeFlags and PercentInUse in the main sector only (both outside the sum)
    const volatile = new Set([ExfatBootSector.offsetOf('volumeFlags'), ExfatBootSector.offsetOf('volumeFlags') + 1, ExfatBootSector.offsetOf('percentInUse')]);
    const backupAt = BOOT_REGION_SECTORS * sector;
    for (let i = 0; i < backupAt; i++) {
      if (bytes[i] !== bytes[backupAt + i] && !volatile.has(i)) {
        problems.push(`backup boot region differs from the main one at byte ${i}`);
        break;
      }
    }
  } else {
    problems.push(`boot region truncated: ${bytes.length} bytes`);
  }
  return { boot, problems };
}
