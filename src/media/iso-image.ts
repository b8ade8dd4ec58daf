// The hybrid ISO: ISO 9660 + Rock Ridge, El Torito BIOS (GRUB eltorito.img with boot info) and
// UEFI (a FAT efi.img from our FAT writer), and an isohybrid MBR + GPT so the same file boots from
// a stick (boot-media.md §4).
import { bytesExtent, extentsToBytes, type Extent, type VolumeFile } from '../binary/extent.js';
import { diag, type Diagnostic, type Result } from '../diagnostics/index.js';
import { applyBootInfoTable, applyGrub2BootInfo } from '../formats/eltorito/boot-info.js';
import { Platform } from '../formats/eltorito/boot-catalog.js';
import { buildFatVolume } from '../formats/fat/volume.js';
import { gptExtents, GptType } from '../formats/gpt/gpt.js';
import { buildIsoVolume, type IsoBoot } from '../formats/iso9660/volume.js';
import { encodeMbr, MbrType } from '../formats/mbr/mbr.js';
import type { Site } from '../model/types.js';
import { markerPath } from './loader-needs.js';
import type { LoaderSet } from './loader-set.js';
import { stableGuid, stableU32 } from '../binary/stable-id.js';
import { textFile, type MediaContent, type MediaLayout } from './types.js';
import { moduleFiles } from './usb-image.js';

const ELTORITO = '/boot/grub/i386-pc/eltorito.img';
const EFI_IMG = '/boot/grub/efi.img';

export function planIsoImage(site: Site, content: MediaContent, loaders: LoaderSet): Result<MediaLayout | undefined> {
  const iso = site.media.iso;
  if (!iso) return { value: undefined, diagnostics: [] };
  const bios = iso.firmware.includes('bios');
  const uefi = iso.firmware.includes('uefi');
  const files: VolumeFile[] = [
    textFile('/boot/grub/grub.cfg', content.grubCfg),
    textFile('/.disk/info', `bootgen ${site.name}\n`),
    textFile(markerPath(site.name), `${site.name}\n`),
    ...(bios ? moduleFiles(loaders, 'i386-pc') : []),
    ...(uefi ? moduleFiles(loaders, 'x86_64-efi') : []),
    ...content.files,
  ];
  const boots: IsoBoot[] = [];
  const eltorito = loaders.blobs.get('grub-eltorito-img');
  if (bios && eltorito) {
    files.push(textFile(ELTORITO, padTo(eltorito, 2048)));
    boots.push({ path: ELTORITO, platform: Platform.x86, sectorCount: 4, patch: patchEltorito });
  }
  if (uefi) {
    const efi = efiImage(site, loaders);
    if (!efi.value) return { value: undefined, diagnostics: efi.diagnostics };
    files.push(textFile(EFI_IMG, efi.value));
    boots.push({ path: EFI_IMG, platform: Platform.efi });
  }
  const volumeId = iso.label.toUpperCase();
  const vol = buildIsoVolume(files, { volumeId, epoch: site.epoch, boot: boots, tailBlocks: 32 });
  const diagnostics = vol.diagnostics.map((d) => (d.code === 'media/iso-bad-label' ? { ...d, origin: iso.origin } : d));
  if (!vol.value) return { value: undefined, diagnostics };
  const v = vol.value;
  const seed = `${site.name}:iso`;
  const system = hybridExtents(v.blocks * 4, seed, bios ? loaders.blobs.get('grub-boot-hybrid-img') : undefined, v.lbaOf(ELTORITO), uefi ? espRange(v.lbaOf(EFI_IMG), files) : undefined);
  return {
    value: {
      kind: 'iso',
      path: `media/${site.name}.iso`,
      sizeBytes: v.sizeBytes,
      extents: [...system, ...v.extents],
      summary: [`ISO 9660 + Rock Ridge, ${v.blocks} blocks, label ${volumeId}`, `El Torito: ${[bios ? 'BIOS (GRUB eltorito.img)' : '', uefi ? 'UEFI (efi.img)' : ''].filter(Boolean).join(', ')}; isohybrid MBR + GPT`],
    },
    diagnostics,
  };
}

function padTo(b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / n) * n);
  out.set(b);
  return out;
}

/** GRUB2 boot info first: the boot info table's checksum must cover it (§4.2). */
function patchEltorito(image: Uint8Array, lba: number, pvdLba: number): Uint8Array {
  applyGrub2BootInfo(image, lba);
  applyBootInfoTable(image, pvdLba, lba);
  return image;
}

/** A small FAT holding /EFI/BOOT/BOOTX64.EFI; its GRUB finds the ISO by the marker file. */
function efiImage(site: Site, loaders: LoaderSet): Result<Uint8Array | undefined> {
  const efi = loaders.blobs.get('grub-efi-iso-img');
  if (!efi) return { value: undefined, diagnostics: [diag('media/loader-missing', 'error', 'no UEFI GRUB image for the ISO (grub-efi-iso-img)')] };
  const files = [textFile('/EFI/BOOT/BOOTX64.EFI', efi)];
  // room for the FAT metadata + 64 KiB, in 64 KiB steps
  let size = Math.ceil((efi.length + 128 * 1024) / 65536) * 65536;
  const diagnostics: Diagnostic[] = [];
  for (let tries = 0; tries < 8; tries++, size *= 2) {
    const fat = buildFatVolume(files, { sizeBytes: size, volumeId: stableU32(`${site.name}:efi.img`), label: 'EFIBOOT', epoch: site.epoch });
    if (fat.value) return { value: extentsToBytes(fat.value.extents, fat.value.sizeBytes), diagnostics: [] };
    diagnostics.push(...fat.diagnostics);
  }
  return { value: undefined, diagnostics };
}

function espRange(lba: number | undefined, files: readonly VolumeFile[]): { first: number; sectors: number } | undefined {
  const f = files.find((x) => x.path === EFI_IMG);
  return lba && f ? { first: lba * 4, sectors: Math.ceil(f.size / 512) } : undefined;
}

/**
 * System area: GRUB's boot_hybrid.img (u64 at 0x1B0 = first 512-byte sector of core.img, after
 * cdboot's 2048 bytes), a protective 0xEE MBR entry, and a GPT whose ESP is the efi.img extent.
 */
function hybridExtents(diskSectors: number, seed: string, bootHybrid: Uint8Array | undefined, eltoritoLba: number | undefined, esp: { first: number; sectors: number } | undefined): Extent[] {
  let code: Uint8Array | undefined;
  if (bootHybrid && eltoritoLba !== undefined) {
    code = bootHybrid.slice(0, 440);
    new DataView(code.buffer).setBigUint64(0x1b0, BigInt(eltoritoLba * 4 + 4), true);
  }
  const mbr = encodeMbr({ ...(code ? { bootCode: code } : {}), diskSignature: stableU32(`${seed}:mbr`), partitions: [{ type: MbrType.gptProtective, active: false, firstLba: 1, sectors: Math.min(diskSectors - 1, 0xffffffff) }] });
  const parts = esp ? [{ typeGuid: GptType.esp, uniqueGuid: stableGuid(`${seed}:esp`), firstLba: esp.first, lastLba: esp.first + esp.sectors - 1, name: 'EFI boot image' }] : [];
  return [bytesExtent(0, mbr, 'iso.mbr'), ...gptExtents({ diskSectors, diskGuid: stableGuid(`${seed}:disk`), partitions: parts })];
}
