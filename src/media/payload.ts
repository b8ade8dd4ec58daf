// Which site files a USB stick or ISO carries, and where: every file keeps its site-relative path
// on the medium (`images/xp.vhd` → `/images/xp.vhd`), the convention the grub and vboot targets
// write into their menus (src/targets/grub/medium.ts). Pure; io/ stats and streams the files.
import type { Artifact } from '../targets/types.js';
import type { Site } from '../model/types.js';

export interface PayloadRef {
  /** relative to site.dir */
  readonly sitePath: string;
  /** absolute path on the medium */
  readonly mediumPath: string;
}

// Where the grub target's Windows entries expect the user's boot managers (targets/grub/plan.ts).
const WINDOWS: Readonly<Record<'bootmgr' | 'bootmgfw', string>> = { bootmgr: '/bootmgr', bootmgfw: '/EFI/Microsoft/Boot/bootmgfw.efi' };

export function mediaPayload(site: Site): PayloadRef[] {
  const out = new Map<string, PayloadRef>();
  const add = (sitePath: string, mediumPath = `/${sitePath.replace(/^\/+/, '')}`): void => void out.set(mediumPath, { sitePath, mediumPath });
  for (const image of site.images) add(image.path);
  for (const entry of site.entries) {
    const boot = entry.boot;
    if (boot.kind === 'linux' && boot.from === undefined) for (const p of [boot.kernel, ...boot.initrd]) add(p);
    if (boot.kind === 'wim') add(boot.wim);
  }
  // the vboot target names these paths (src/targets/vboot/plan.ts VBOOT_LOADER, VBOOT_CORE)
  const vboot = site.loaders.vboot;
  if (vboot !== undefined) {
    add(vboot.loader, '/vboot/vboot');
    add(vboot.core, '/vboot/vbootcore.mod');
  }
  const win = site.loaders.windows;
  if (win?.bootmgr !== undefined) add(win.bootmgr, WINDOWS.bootmgr);
  if (win?.bootmgfw !== undefined) add(win.bootmgfw, WINDOWS.bootmgfw);
  return [...out.values()].sort((a, b) => (a.mediumPath < b.mediumPath ? -1 : 1));
}

/** The menu a medium boots: the USB stick's dialect (vboot or upstream GRUB); ISOs boot upstream GRUB. */
export function menuArtifact(site: Site, configs: readonly Artifact[], medium: 'usb' | 'iso'): Artifact | undefined {
  const kind = medium === 'usb' && site.media.usb?.dialect === 'vboot' ? 'vboot' : 'grub';
  return configs.find((a) => a.kind === kind && a.path.endsWith('grub.cfg'));
}
