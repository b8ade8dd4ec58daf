// Partitioned disk images for USB sticks: MBR, GPT or hybrid, with GRUB's core.img in the MBR gap
// (MBR) or in a BIOS-boot partition (GPT/hybrid) (boot-media.md §2.3, §3.1).
import { bytesExtent, type Extent } from '../binary/extent.js';
import { gptExtents, GptType, gptUsable } from '../formats/gpt/gpt.js';
import { encodeMbr, MbrType, type MbrPartition } from '../formats/mbr/mbr.js';
import type { FatType } from '../formats/fat/layout.js';
import { patchBootImg, patchCoreImg } from './grub-embed.js';
import { stableGuid, stableU32 } from '../binary/stable-id.js';

export type TableKind = 'mbr' | 'gpt' | 'hybrid';

const MIB = 2048; // sectors

export interface DiskPlan {
  readonly table: TableKind;
  readonly diskSectors: number;
  /** ESP location in sectors */
  readonly espFirst: number;
  readonly espSectors: number;
  /** where core.img goes (MBR gap or BIOS-boot partition), when BIOS boot is wanted */
  readonly coreLba: number | undefined;
  /** sectors available for core.img */
  readonly coreRoom: number;
}

export function planDisk(table: TableKind, sizeBytes: number, bios: boolean): DiskPlan | undefined {
  const diskSectors = Math.floor(sizeBytes / 512);
  if (table === 'mbr') {
    const espSectors = diskSectors - MIB;
    return espSectors > MIB ? { table, diskSectors, espFirst: MIB, espSectors, coreLba: bios ? 1 : undefined, coreRoom: MIB - 1 } : undefined;
  }
  const usable = gptUsable(diskSectors);
  const espFirst = bios ? 2 * MIB : MIB;
  // end the ESP on a 1 MiB boundary before the backup GPT
  const espEnd = Math.floor((usable.last + 1) / MIB) * MIB;
  const espSectors = espEnd - espFirst;
  return espSectors > MIB ? { table, diskSectors, espFirst, espSectors, coreLba: bios ? MIB : undefined, coreRoom: MIB } : undefined;
}

export interface DiskBoot {
  readonly bootImg: Uint8Array | undefined;
  readonly coreImg: Uint8Array | undefined;
}

/** Partition tables + GRUB boot code as extents; `seed` makes the disk ids deterministic. */
export function diskExtents(plan: DiskPlan, fatType: FatType, boot: DiskBoot, seed: string): Extent[] {
  const code = boot.bootImg && plan.coreLba !== undefined ? patchBootImg(boot.bootImg, plan.coreLba) : undefined;
  const extents: Extent[] = [];
  const esp: MbrPartition = { type: plan.table === 'mbr' ? fatMbrType(fatType) : MbrType.efiSystem, active: true, firstLba: plan.espFirst, sectors: plan.espSectors };
  const protective: MbrPartition = { type: MbrType.gptProtective, active: false, firstLba: 1, sectors: Math.min(plan.diskSectors - 1, 0xffffffff) };
  // hybrid (§2.3): the 0xEE entry covers only the GPT structures before the mirrored ESP
  const hybridGuard: MbrPartition = { ...protective, sectors: plan.espFirst - 1 };
  const parts = plan.table === 'mbr' ? [esp] : plan.table === 'gpt' ? [protective] : [hybridGuard, esp];
  extents.push(bytesExtent(0, encodeMbr({ ...(code ? { bootCode: code } : {}), diskSignature: stableU32(`${seed}:mbr`), partitions: parts }), 'mbr'));
  if (plan.table !== 'mbr') {
    const bios = plan.coreLba !== undefined;
    const espPart = { typeGuid: GptType.esp, uniqueGuid: stableGuid(`${seed}:esp`), firstLba: plan.espFirst, lastLba: plan.espFirst + plan.espSectors - 1, name: 'EFI system partition' };
    const biosPart = { typeGuid: GptType.biosBoot, uniqueGuid: stableGuid(`${seed}:bios`), firstLba: MIB, lastLba: 2 * MIB - 1, name: 'BIOS boot partition' };
    extents.push(...gptExtents({ diskSectors: plan.diskSectors, diskGuid: stableGuid(`${seed}:disk`), partitions: bios ? [biosPart, espPart] : [espPart] }));
  }
  if (boot.coreImg && plan.coreLba !== undefined) extents.push(bytesExtent(plan.coreLba * 512, patchCoreImg(boot.coreImg, plan.coreLba), 'grub.core.img'));
  return extents;
}

function fatMbrType(t: FatType): number {
  return t === 32 ? MbrType.fat32Lba : t === 16 ? MbrType.fat16Lba : MbrType.fat12;
}
