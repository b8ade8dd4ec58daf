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
  /** the data partition after the ESP (media.usb.data), in sectors */
  readonly data: { readonly first: number; readonly sectors: number } | undefined;
  /** where core.img goes (MBR gap or BIOS-boot partition), when BIOS boot is wanted */
  readonly coreLba: number | undefined;
  /** sectors available for core.img */
  readonly coreRoom: number;
}

/** How the space after the ESP's start is split: all ESP, or an ESP and a data partition. */
export interface DataSplit {
  /** the data partition's bytes, or what the ESP leaves */
  readonly dataBytes: number | 'rest';
  /** the ESP's bytes when the data partition takes the rest */
  readonly espBytes: number;
}

/** Partitions start and end on 1 MiB boundaries (what Windows and parted align to). */
export function planDisk(table: TableKind, sizeBytes: number, bios: boolean, split?: DataSplit): DiskPlan | undefined {
  const diskSectors = Math.floor(sizeBytes / 512);
  const mbr = table === 'mbr';
  const espFirst = mbr || !bios ? MIB : 2 * MIB;
  // end on a 1 MiB boundary before the backup GPT (an MBR disk can use every sector)
  const end = mbr ? diskSectors : Math.floor((gptUsable(diskSectors).last + 1) / MIB) * MIB;
  const room = end - espFirst;
  const base = { table, diskSectors, espFirst, coreLba: bios ? (mbr ? 1 : MIB) : undefined, coreRoom: mbr ? MIB - 1 : MIB };
  if (!split) return room > MIB ? { ...base, espSectors: room, data: undefined } : undefined;
  const wanted = (bytes: number): number => Math.floor(bytes / 512 / MIB) * MIB;
  const espSectors = split.dataBytes === 'rest' ? wanted(split.espBytes) : room - wanted(split.dataBytes);
  const dataSectors = room - espSectors;
  if (espSectors <= MIB || dataSectors < MIB) return undefined;
  return { ...base, espSectors, data: { first: espFirst + espSectors, sectors: dataSectors } };
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
  const data: MbrPartition | undefined = plan.data && { type: MbrType.ntfsExfat, active: false, firstLba: plan.data.first, sectors: plan.data.sectors };
  const mirrored = data ? [esp, data] : [esp];
  const parts = plan.table === 'mbr' ? mirrored : plan.table === 'gpt' ? [protective] : [hybridGuard, ...mirrored];
  extents.push(bytesExtent(0, encodeMbr({ ...(code ? { bootCode: code } : {}), diskSignature: diskSignature(seed), partitions: parts }), 'mbr'));
  if (plan.table !== 'mbr') {
    const bios = plan.coreLba !== undefined;
    const espPart = { typeGuid: GptType.esp, uniqueGuid: stableGuid(`${seed}:esp`), firstLba: plan.espFirst, lastLba: plan.espFirst + plan.espSectors - 1, name: 'EFI system partition' };
    const biosPart = { typeGuid: GptType.biosBoot, uniqueGuid: stableGuid(`${seed}:bios`), firstLba: MIB, lastLba: 2 * MIB - 1, name: 'BIOS boot partition' };
    const dataPart = plan.data && { typeGuid: GptType.basicData, uniqueGuid: dataPartitionGuid(seed), firstLba: plan.data.first, lastLba: plan.data.first + plan.data.sectors - 1, name: 'bootgen data' };
    extents.push(...gptExtents({ diskSectors: plan.diskSectors, diskGuid: diskGuid(seed), partitions: [...(bios ? [biosPart] : []), espPart, ...(dataPart ? [dataPart] : [])] }));
  }
  if (boot.coreImg && plan.coreLba !== undefined) extents.push(bytesExtent(plan.coreLba * 512, patchCoreImg(boot.coreImg, plan.coreLba), 'grub.core.img'));
  return extents;
}

/** The ids the BCD store names the data partition by (GPT) — derived once, from the same seed. */
export const diskGuid = (seed: string): string => stableGuid(`${seed}:disk`);
export const dataPartitionGuid = (seed: string): string => stableGuid(`${seed}:data`);
export const diskSignature = (seed: string): number => stableU32(`${seed}:mbr`);

function fatMbrType(t: FatType): number {
  return t === 32 ? MbrType.fat32Lba : t === 16 ? MbrType.fat16Lba : MbrType.fat12;
}
