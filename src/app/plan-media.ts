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
  const spec = { ...site.media, usb: kind === 'usb' ? site.media.usb : undefined, iso: kind === 'iso' ? site.media.iso : undefined };
  const needs = loaderNeeds(spec, site.name);
  const statuses = loaderStatuses(needs, site, ports);
  diagnostics.push(...missingLoaderDiagnostics([...statuses, ...(kind === 'usb' ? vbootStatuses(site, ports) : [])], site));
  if (hasErrors(diagnostics) || !menu) return { value: undefined, diagnostics: dedupeDiagnostics(diagnostics) };
  const loaders = loadLoaderSet(needs, statuses, ports);
  diagnostics.push(...loaders.diagnostics);
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const stores = windows.value.stores.map((s) => textFile(s.mediumPath, s.bytes));
  const content = { grubCfg: typeof menu.content === 'string' ? new TextEncoder().encode(menu.content) : menu.content, files: [...stores, ...payload.files] };
  const plan = kind === 'usb' ? planUsbImage(site, content, loaders.value) : planIsoImage(site, content, loaders.value);
  diagnostics.push(...plan.diagnostics);
  return { value: hasErrors(diagnostics) ? undefined : plan.value, diagnostics };
}
