// The USB image and the ISO as pure plans (layout = extents) before anything is written: the
// payload checked through the ports, the loaders found (and grub-mkimage run), the layout planned.
// `validate` runs exactly this and stops; `build` hands the layout to the writer. Independent
// checks (payload, loaders) all run, so one run reports every finding.
import { dedupeDiagnostics, diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { planIsoImage } from '../media/iso-image.js';
import { loaderNeeds } from '../media/loader-needs.js';
import { mediaPayload, menuArtifact } from '../media/payload.js';
import { textFile, type MediaLayout } from '../media/types.js';
import { planUsbImage } from '../media/usb-image.js';
import { windowsMediaFiles } from '../media/windows-files.js';
import type { Site } from '../model/types.js';
import type { Artifact } from '../targets/types.js';
import { loaderStatuses, loadLoaderSet, missingLoaderDiagnostics, vbootStatuses } from './loaders.js';
import type { Ports } from './ports.js';
import { siteVolumeFiles } from './site-files.js';
import { onDataPartition } from '../targets/data-partition.js';
import type { VolumeFile } from '../binary/extent.js';

export type DiskMedium = 'usb' | 'iso';

export function planDiskMedium(site: Site, configs: readonly Artifact[], kind: DiskMedium, ports: Ports): Result<MediaLayout | undefined> {
  const menu = menuArtifact(site, configs, kind);
  const diagnostics: Diagnostic[] = [];
  if (!menu) diagnostics.push(diag('media/no-menu', 'error', `the ${kind} medium needs grub.cfg from the grub target, and none was planned`, { origin: site.origin }));
  const firmware = (kind === 'usb' ? site.media.usb?.firmware : site.media.iso?.firmware) ?? [];
  const windows = windowsMediaFiles(site, { medium: kind, firmware });
  diagnostics.push(...windows.diagnostics);
  const refs = [...mediaPayload(site, kind), ...windows.value.copies].map((r) => ({ ...r, purpose: `${r.mediumPath} on the medium` }));
  const unique = [...new Map(refs.map((r) => [r.mediumPath, r])).values()].sort((a, b) => (a.mediumPath < b.mediumPath ? -1 : 1));
  const payload = siteVolumeFiles(site, unique, ports);
  diagnostics.push(...payload.diagnostics);
  // a USB stick with a data partition keeps images, ISOs and WIMs there, kernels and loaders on the ESP
  const data = kind === 'usb' ? site.media.usb?.data : undefined;
  const toData = new Set(data ? unique.filter((r) => onDataPartition(site, r.sitePath)).map((r) => r.mediumPath) : []);
  if (kind === 'usb') diagnostics.push(...dataPartitionFindings(site));
  const spec = { ...site.media, usb: kind === 'usb' ? site.media.usb : undefined, iso: kind === 'iso' ? site.media.iso : undefined };
  const needs = loaderNeeds(spec, site.name);
  const statuses = loaderStatuses(needs, site, ports);
  diagnostics.push(...missingLoaderDiagnostics([...statuses, ...(kind === 'usb' ? vbootStatuses(site, ports) : [])], site));
  if (hasErrors(diagnostics) || !menu) return { value: undefined, diagnostics: dedupeDiagnostics(diagnostics) };
  const loaders = loadLoaderSet(needs, statuses, ports);
  diagnostics.push(...loaders.diagnostics);
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const stores = windows.value.stores.map((s) => textFile(s.mediumPath, s.bytes));
  const grubCfg = typeof menu.content === 'string' ? new TextEncoder().encode(menu.content) : menu.content;
  const espFiles = payload.files.filter((f) => !toData.has(f.path));
  const dataFiles = payload.files.filter((f) => toData.has(f.path)).map((f) => withDataRanges(f, ports));
  const content = { grubCfg, files: [...stores, ...espFiles], dataFiles };
  const plan = kind === 'usb' ? planUsbImage(site, content, loaders.value) : planIsoImage(site, { grubCfg, files: [...stores, ...payload.files] }, loaders.value);
  // a writer names a file by its medium path; the user needs the site.yaml key that put it there
  const keyOf = new Map(unique.flatMap((r) => (r.origin ? [[r.mediumPath, r.origin] as const] : [])));
  diagnostics.push(...plan.diagnostics.map((d) => {
    const key = d.origin ? keyOf.get(d.origin.file) : undefined;
    return key ? { ...d, origin: key } : d;
  }));
  return { value: hasErrors(diagnostics) ? undefined : plan.value, diagnostics };
}

/** A file's data ranges (its holes become sparse runs on NTFS; no medium reads them). */
function withDataRanges(f: VolumeFile, ports: Ports): VolumeFile {
  if (f.source.kind !== 'file') return f;
  const ranges = ports.files.dataRanges(f.source.path);
  return ranges ? { ...f, dataRanges: ranges } : f;
}

/**
 * What a data partition changes: Windows boots a VHD only from NTFS (never FAT or exFAT), and
 * Debian's signed GRUB has no NTFS or exFAT driver, so under Secure Boot only bootmgr reads it.
 */
function dataPartitionFindings(site: Site): Diagnostic[] {
  const usb = site.media.usb;
  if (!usb) return [];
  const out: Diagnostic[] = [];
  const windows = site.loaders.windows === undefined ? [] : site.entries.filter((e) => e.boot.kind === 'disk' && e.boot.windows !== undefined);
  if (windows.length > 0 && usb.data?.fs !== 'ntfs') {
    const where = usb.data ? `the ${usb.data.fs} data partition` : 'the FAT ESP';
    for (const e of windows) {
      out.push(diag('media/windows-vhd-not-ntfs', 'error', `entry '${e.id}' boots Windows from a VHD on ${where}: Windows native VHD boot needs the VHD on NTFS`, {
        expected: 'media.usb.data: {fs: ntfs}', origin: e.origin,
      }));
    }
  }
  const grubReads = site.entries.some((e) => e.boot.kind === 'cdrom' || (e.boot.kind === 'linux' && e.boot.from !== undefined) || (e.boot.kind === 'disk' && !e.boot.windows && usb.dialect === 'vboot'));
  if (usb.data && usb.secureBoot && grubReads) {
    out.push(diag('media/data-secure-boot', 'warning', `Debian's signed GRUB has no ${usb.data.fs} driver: under Secure Boot, entries GRUB reads from the data partition (ISOs, VBoot disks) do not boot; Windows VHD entries do (bootmgr reads NTFS)`, {
      hint: 'boot those entries with Secure Boot off, or use media.usb.secure-boot: false', origin: usb.data.origin,
    }));
  }
  return out;
}
