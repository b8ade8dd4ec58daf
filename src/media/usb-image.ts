// The USB stick image: MBR/GPT/hybrid table, GRUB BIOS boot code, and one FAT ESP holding the UEFI
// loaders, /boot/grub (menu + modules), the /.disk markers and the site's payload (DESIGN.md
// "Loaders", boot-media.md §2–3).
import { shiftExtents, type VolumeFile } from '../binary/extent.js';
import { diag, type Diagnostic, type Result } from '../diagnostics/index.js';
import { buildFatVolume, type FatVolume } from '../formats/fat/volume.js';
import type { Site } from '../model/types.js';
import { dataVolume } from '../targets/data-partition.js';
import { DATA_FILESYSTEMS, type BuiltDataVolume } from './data-volume.js';
import { diskExtents, planDisk, type DiskPlan } from './disk-layout.js';
import { MAX_CORE_SECTORS } from './grub-embed.js';
import { markerPath } from './loader-needs.js';
import type { GrubPlatform, LoaderSet } from './loader-set.js';
import { stableU32 } from '../binary/stable-id.js';
import { textFile, type MediaContent, type MediaLayout } from './types.js';

export function planUsbImage(site: Site, content: MediaContent, loaders: LoaderSet): Result<MediaLayout | undefined> {
  const usb = site.media.usb;
  if (!usb) return { value: undefined, diagnostics: [] };
  const origin = usb.origin;
  const bios = usb.firmware.includes('bios');
  const plan = usbDiskPlan(site);
  if (!plan) {
    const what = usb.data ? 'an ESP and a data partition of at least 1 MiB each' : 'an ESP';
    return fail(diag('media/usb-too-small', 'error', `media.usb.size ${usb.sizeBytes} bytes leaves no room for the partition table and ${what}`, { origin, expected: usb.data ? 'a larger media.usb.size, or a smaller media.usb.esp or media.usb.data.size' : 'at least 4 MiB' }));
  }
  const coreImg = loaders.blobs.get('grub-core-img');
  if (bios && coreImg && Math.ceil(coreImg.length / 512) > Math.min(plan.coreRoom, MAX_CORE_SECTORS)) {
    return fail(diag('media/core-too-large', 'error', `GRUB core.img is ${coreImg.length} bytes; at most ${Math.min(plan.coreRoom, MAX_CORE_SECTORS) * 512} fit`, { origin }));
  }
  const files = espFiles(site, usb, content, loaders);
  const seed = usbSeed(site);
  const fat = buildFatVolume(files, { sizeBytes: plan.espSectors * 512, hiddenSectors: plan.espFirst, volumeId: stableU32(`${seed}:fat`), label: usb.label, epoch: site.epoch });
  const diagnostics: Diagnostic[] = fat.diagnostics.map((d) => (d.code === 'media/fat-bad-label' || d.code === 'media/fat-full' ? { ...d, origin } : d.code === 'media/fat-file-too-large' && !usb.data ? { ...d, hint: 'put files over 4 GiB − 1 on a data partition: media.usb.data: {fs: ntfs} (or exfat)' } : d));
  const data = plan.data ? dataPartition(site, plan.data, content.dataFiles ?? []) : undefined;
  diagnostics.push(...(data?.diagnostics ?? []));
  if (!fat.value || (data && !data.value)) return { value: undefined, diagnostics };
  const disk = diskExtents(plan, fat.value.layout.type, { bootImg: bios ? loaders.blobs.get('grub-boot-img') : undefined, coreImg: bios ? coreImg : undefined }, seed);
  const dataExtents = data?.value && plan.data ? shiftExtents(data.value.extents, plan.data.first * 512) : [];
  return {
    value: {
      kind: 'usb',
      path: `media/${site.name}-usb.img`,
      sizeBytes: plan.diskSectors * 512,
      extents: [...disk, ...shiftExtents(fat.value.extents, plan.espFirst * 512), ...dataExtents],
      summary: [...usbSummary(usb, plan, fat.value), ...(data?.value ? [`data at LBA ${plan.data?.first}: ${data.value.summary.join('; ')}`] : [])],
    },
    diagnostics,
  };
}

const fail = (d: Diagnostic): Result<undefined> => ({ value: undefined, diagnostics: [d] });

/** The stick's partitions, with the data partition when media.usb.data asks for one. */
export function usbDiskPlan(site: Site): DiskPlan | undefined {
  const usb = site.media.usb;
  if (!usb) return undefined;
  const split = usb.data ? { dataBytes: usb.data.sizeBytes, espBytes: usb.data.espBytes } : undefined;
  return planDisk(usb.table, usb.sizeBytes, usb.firmware.includes('bios'), split);
}

/** The seed of the stick's disk ids (the BCD store names the data partition by them). */
export const usbSeed = (site: Site): string => `${site.name}:usb`;

function dataPartition(site: Site, at: { first: number; sectors: number }, files: readonly VolumeFile[]): Result<BuiltDataVolume | undefined> {
  const volume = dataVolume(site);
  if (!volume) return { value: undefined, diagnostics: [] };
  const r = DATA_FILESYSTEMS[volume.fs](files, { volume, sizeBytes: at.sectors * 512, hiddenSectors: at.first, epoch: site.epoch });
  // the writers name files and volumes; the site key that sized and labelled the partition is media.usb.data
  return { value: r.value, diagnostics: r.diagnostics.map((d) => (d.origin ? d : { ...d, origin: volume.origin })) };
}

type UsbSpec = NonNullable<Site['media']['usb']>;

/** Everything on the ESP: loaders, /boot/grub (menu + modules), the /.disk markers, the payload. */
function espFiles(site: Site, usb: UsbSpec, content: MediaContent, loaders: LoaderSet): VolumeFile[] {
  const bios = usb.firmware.includes('bios');
  const uefi = usb.firmware.includes('uefi');
  return [
    ...(uefi ? efiLoaderFiles(usb.secureBoot, loaders) : []),
    textFile('/boot/grub/grub.cfg', content.grubCfg),
    // Debian's signed GRUB finds its root through /.disk/info (boot-media.md §3.3)
    textFile('/.disk/info', `bootgen ${site.name}\n`),
    textFile(markerPath(site.name), `${site.name}\n`),
    ...(bios ? moduleFiles(loaders, 'i386-pc') : []),
    ...(uefi && !usb.secureBoot ? moduleFiles(loaders, 'x86_64-efi') : []),
    ...content.files,
  ];
}

function usbSummary(usb: UsbSpec, plan: DiskPlan, fat: FatVolume): string[] {
  const l = fat.layout;
  return [
    `${usb.table.toUpperCase()} disk, ${plan.diskSectors * 512} bytes${plan.coreLba !== undefined ? `, GRUB core.img at LBA ${plan.coreLba}` : ''}`,
    `ESP at LBA ${plan.espFirst}: FAT${l.type}, ${l.clusterCount} clusters of ${l.sectorsPerCluster * 512} bytes, ${fat.usedClusters} used`,
    `UEFI: ${usb.firmware.includes('uefi') ? (usb.secureBoot ? 'shim + signed GRUB (Secure Boot)' : 'grub-mkimage x86_64-efi') : 'no'}; BIOS: ${usb.firmware.includes('bios') ? 'GRUB boot.img + core.img' : 'no'}`,
  ];
}

/** /EFI/BOOT: shim + signed GRUB (no fbx64.efi: shim would run fallback and reset), or our GRUB. */
export function efiLoaderFiles(secureBoot: boolean, loaders: LoaderSet): VolumeFile[] {
  const blob = (key: Parameters<LoaderSet['blobs']['get']>[0], path: string): VolumeFile[] => {
    const b = loaders.blobs.get(key);
    return b ? [textFile(path, b)] : [];
  };
  if (secureBoot) return [...blob('shim', '/EFI/BOOT/BOOTX64.EFI'), ...blob('grub-signed', '/EFI/BOOT/grubx64.efi')];
  return blob('grub-efi-img', '/EFI/BOOT/BOOTX64.EFI');
}

export function moduleFiles(loaders: LoaderSet, platform: GrubPlatform): VolumeFile[] {
  return (loaders.modules.get(platform) ?? []).map((f) => ({ ...f, path: `/boot/grub/${platform}/${f.path}` }));
}
