// The user-supplied Microsoft boot files (loaders.windows; never shipped by bootgen): which a
// site needs, where each goes, and where the user can get a missing one.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Site } from '../../model/types.js';

export type WindowsLoader = 'bootmgr' | 'bootmgfw' | 'bootSdi';

interface LoaderInfo {
  /** key under loaders.windows in site.yaml */
  readonly key: string;
  readonly file: string;
  readonly purpose: string;
  readonly from: string;
}

export const WINDOWS_LOADERS: Readonly<Record<WindowsLoader, LoaderInfo>> = {
  bootmgr: {
    key: 'bootmgr', file: 'bootmgr', purpose: 'Windows Boot Manager for BIOS',
    from: 'the root of a Windows installation ISO or USB stick (\\bootmgr), or the System Reserved partition of an installed Windows',
  },
  bootmgfw: {
    key: 'bootmgfw', file: 'bootmgfw.efi', purpose: 'Windows Boot Manager for UEFI',
    from: 'Windows installation media (\\efi\\boot\\bootx64.efi or \\efi\\microsoft\\boot\\bootmgfw.efi), or C:\\Windows\\Boot\\EFI\\bootmgfw.efi of an installed Windows',
  },
  bootSdi: {
    key: 'boot.sdi', file: 'boot.sdi', purpose: 'ramdisk image WinPE boots from',
    from: 'Windows installation media (\\boot\\boot.sdi) or the Windows ADK WinPE add-on (Media\\Boot\\boot.sdi)',
  },
};

/** The configured source of a loader (site-relative or absolute), or undefined. */
export function loaderSource(site: Site, loader: WindowsLoader): string | undefined {
  return site.loaders.windows?.[loader];
}

/** The error for a loader that is needed but not configured, or configured but absent. */
export function missingLoader(site: Site, loader: WindowsLoader, options: { needed: string; configured?: string }): Diagnostic {
  const info = WINDOWS_LOADERS[loader];
  const where = { file: site.file, path: ['loaders', 'windows', info.key] };
  const copy = `copy ${info.file} from ${info.from}; bootgen never ships Microsoft binaries`;
  if (options.configured === undefined) {
    // A site that names no Windows boot files at all gets its Windows entries left out (the grub
    // target warns too); once loaders.windows is given, an incomplete set is an error.
    const severity = site.loaders.windows === undefined ? 'warning' : 'error';
    return diag('bcd/missing-boot-file', severity, `${info.file} (${info.purpose}) is needed for ${options.needed}, and loaders.windows.${info.key} is not set`, {
      expected: `loaders.windows.${info.key}: path/to/${info.file}`, hint: copy, origin: where,
    });
  }
  return diag('bcd/missing-boot-file', 'error', `${info.file} (${info.purpose}) is needed for ${options.needed}: loaders.windows.${info.key} names ${options.configured}, which does not exist`, {
    expected: `a file at ${options.configured} (relative to ${site.dir})`, hint: copy, origin: where,
  });
}
