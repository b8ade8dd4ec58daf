// The USB stick image: MBR/GPT/hybrid table, GRUB BIOS boot code, and one FAT ESP holding the UEFI
// loaders, /boot/grub (menu + modules), the /.disk markers and the site's payload (DESIGN.md
// "Loaders", boot-media.md §2–3).
import { shiftExtents, type VolumeFile } from '../binary/extent.js';
import { diag, type Diagnostic, type Result } from '../diagnostics/index.js';
import { buildFatVolume, type FatVolume } from '../formats/fat/volume.js';
import type { Site } from '../model/types.js';
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
  const plan = planDisk(usb.table, usb.sizeBytes, bios);
  if (!plan) {
    return fail(diag('media/usb-too-small', 'error', `media.usb.size ${usb.sizeBytes} bytes leaves no room for the partition table and an ESP`, { origin, expected: 'at least 4 MiB' }));
  }
  const coreImg = loaders.blobs.get('grub-core-img');
  if (bios && coreImg && Math.ceil(coreImg.length / 512) > Math.min(plan.coreRoom, MAX_CORE_SECTORS)) {
    return fail(diag('media/core-too-large', 'error', `GRUB core.img is ${coreImg.length} bytes; at most ${Math.min(plan.coreRoom, MAX_CORE_SECTORS) * 512} fit`, { origin }));
  }
  const files = espFiles(site, usb, content, loaders);
  const seed = `${site.name}:usb`;
  const fat = buildFatVolume(files, { sizeBytes: plan.espSectors * 512, hiddenSectors: plan.espFirst, volumeId: stableU32(`${seed}:fat`), label: usb.label, epoch: site.epoch });
  const diagnostics: Diagnostic[] = fat.diagnostics.map((d) => (d.code === 'media/fat-bad-label' || d.code === 'media/fat-full' ? { ...d, origin } : d));
  if (!fat.value) return { value: undefined, diagnostics };
  const disk = diskExtents(plan, fat.value.layout.type, { bootImg: bios ? loaders.blobs.get('grub-boot-img') : undefined, coreImg: bios ? coreImg : undefined }, seed);
  return {
    value: {
      kind: 'usb',
      path: `media/${site.name}-usb.img`,
      sizeBytes: plan.diskSectors * 512,
      extents: [...disk, ...shiftExtents(fat.value.extents, plan.espFirst * 512)],
      summary: usbSummary(usb, plan, fat.value),
    },
    diagnostics,
  };
}

const fail = (d: Diagnostic): Result<undefined> => ({ value: undefined, diagnostics: [d] });

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
