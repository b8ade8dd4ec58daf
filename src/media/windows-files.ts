// Windows boot on a USB stick or ISO: the BCD stores (built in memory) and the user's Microsoft
// boot files, placed where bootmgr and bootmgfw.efi look (boot-media.md §6). Pure. A site without
// `loaders.windows` has nothing for the stores to serve, so none is written (its entries are
// left out with warnings).
import type { Result } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Firmware, Site } from '../model/types.js';
import { WINDOWS_LOADERS } from '../targets/bcd-store/boot-files.js';
import { planWindowsMedia, type WindowsFileCopy } from '../targets/bcd-store/index.js';
import type { Origin } from '../diagnostics/diagnostic.js';
import type { BcdParent } from '../formats/bcd/types.js';
import { dataPartitionGuid, diskGuid, diskSignature } from './disk-layout.js';
import { usbDiskPlan, usbSeed } from './usb-image.js';
import type { PayloadRef } from './payload.js';

export interface WindowsMediaFiles {
  /** BCD stores: absolute medium path → bytes */
  readonly stores: readonly { readonly mediumPath: string; readonly bytes: Uint8Array }[];
  /** files copied from the site (or absolute loader paths) */
  readonly copies: readonly PayloadRef[];
}

const NONE: WindowsMediaFiles = { stores: [], copies: [] };

/**
 * The stick's data partition as a BCD device (boot-media.md §6.2): by GPT partition and disk GUID,
 * or by MBR disk signature and byte offset. bootmgr finds the VHDs there whichever disk it is. A
 * hybrid stick is MBR to BIOS bootmgr and GPT to bootmgfw.efi, so each store names it its way.
 */
export function dataPartitionParent(site: Site, firmware: Firmware): BcdParent | undefined {
  const usb = site.media.usb;
  const plan = usbDiskPlan(site);
  if (!usb?.data || !plan?.data) return undefined;
  const seed = usbSeed(site);
  if (usb.table === 'mbr' || (usb.table === 'hybrid' && firmware === 'bios')) return { kind: 'partition', table: 'mbr', offsetBytes: BigInt(plan.data.first) * 512n, diskSignature: diskSignature(seed) };
  return { kind: 'partition', table: 'gpt', partitionGuid: dataPartitionGuid(seed), diskGuid: diskGuid(seed) };
}

/** The site.yaml key that names a copied file: its loaders.windows key, or the entry. */
function copyOrigin(site: Site, c: WindowsFileCopy): Origin {
  if (c.role === 'wim' || c.role === 'vhd') return site.entries.find((e) => e.id === c.entry)?.origin ?? site.origin;
  return { file: site.file, path: ['loaders', 'windows', WINDOWS_LOADERS[c.role].key] };
}

export function windowsMediaFiles(site: Site, options: { medium: 'usb' | 'iso'; firmware: readonly Firmware[] }): Result<WindowsMediaFiles> {
  const parent = options.medium === 'usb' ? (firmware: Firmware) => dataPartitionParent(site, firmware) : undefined;
  const plan = planWindowsMedia(site, { firmware: options.firmware, medium: options.medium === 'usb' ? 'USB image' : 'ISO', ...(parent ? { parent } : {}) });
  if (site.loaders.windows === undefined || hasErrors(plan.diagnostics)) return { value: NONE, diagnostics: plan.diagnostics };
  const stores = plan.value.stores.map((a) => ({
    mediumPath: `/${a.path}`,
    bytes: typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content,
  }));
  const copies = plan.value.copies.map((c) => ({ sitePath: c.source, mediumPath: `/${c.target}`, origin: copyOrigin(site, c) }));
  return { value: { stores, copies }, diagnostics: plan.diagnostics };
}
