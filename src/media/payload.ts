// Which site files a USB stick or ISO carries, and where: every file keeps its site-relative path
// on the medium (`images/xp.vhd` → `/images/xp.vhd`), the convention the grub and vboot targets
// write into their menus (src/targets/grub/medium.ts). Windows boot files are placed by
// media/windows-files.ts. Pure; app/ stats the files and io/ streams them.
import type { Origin } from '../diagnostics/diagnostic.js';
import type { Artifact } from '../targets/types.js';
import type { Site } from '../model/types.js';
import { pathOrigin } from '../model/resolve-site.js';
import { VBOOT_CORE, VBOOT_LOADER } from '../targets/vboot/plan.js';

export interface PayloadRef {
  /** relative to site.dir (or absolute, for loaders) */
  readonly sitePath: string;
  /** absolute path on the medium */
  readonly mediumPath: string;
  /** the site.yaml key that names the file */
  readonly origin?: Origin;
}

export function mediaPayload(site: Site, medium: 'usb' | 'iso'): PayloadRef[] {
  const out = new Map<string, PayloadRef>();
  // a finding about the file points at the key that named it (its line and column), else at `fallback`
  const add = (sitePath: string, fallback: Origin | undefined, mediumPath = `/${sitePath.replace(/^\/+/, '')}`): void => {
    const origin = pathOrigin(site, sitePath) ?? fallback;
    out.set(mediumPath, { sitePath, mediumPath, ...(origin ? { origin } : {}) });
  };
  for (const image of site.images) add(image.path, image.origin);
  for (const entry of site.entries) {
    const boot = entry.boot;
    if (boot.kind === 'linux' && boot.from === undefined) for (const p of [boot.kernel, ...boot.initrd]) add(p, entry.origin);
    if (boot.kind === 'wim') add(boot.wim, entry.origin);
  }
  const vboot = site.loaders.vboot;
  if (medium === 'usb' && site.media.usb?.dialect === 'vboot' && vboot !== undefined) {
    const origin = { file: site.file, path: ['loaders', 'vboot'] };
    add(vboot.loader, origin, `/${VBOOT_LOADER}`);
    add(vboot.core, origin, `/${VBOOT_CORE}`);
  }
  return [...out.values()].sort((a, b) => (a.mediumPath < b.mediumPath ? -1 : 1));
}

/** The menu a medium boots: the USB stick's dialect (vboot or upstream GRUB); ISOs boot upstream GRUB. */
export function menuArtifact(site: Site, configs: readonly Artifact[], medium: 'usb' | 'iso'): Artifact | undefined {
  const kind = medium === 'usb' && site.media.usb?.dialect === 'vboot' ? 'vboot' : 'grub';
  return configs.find((a) => a.kind === kind && a.path.endsWith('grub.cfg'));
}
