// Loader discovery (DESIGN.md "Loaders"): each need is found at its Debian path or at a
// `loaders:` override, or built with grub-mkimage; the report says what was found where and which
// package provides what is missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { VolumeFile } from '../binary/extent.js';
import { BootgenError, diag, ExitCode, type Diagnostic } from '../diagnostics/index.js';
import type { LoaderKey, LoaderNeed } from '../media/loader-needs.js';
import type { GrubPlatform, LoaderSet } from '../media/loader-set.js';
import { findGrubMkimage, runGrubMkimage } from './grub-mkimage.js';

export interface LoaderStatus {
  readonly key: string;
  readonly purpose: string;
  readonly found: boolean;
  /** where it was found (a file, a module dir, or the grub-mkimage binary + module dir) */
  readonly path: string | undefined;
  readonly pkg: string;
  readonly source: 'debian' | 'override' | 'grub-mkimage';
}

/** A file or directory need of another area (e.g. the PXE tree's NET_LOADERS). */
export interface PlainNeed {
  readonly key: string;
  readonly kind: 'file' | 'dir';
  readonly path: string;
  readonly pkg: string;
  readonly purpose: string;
}

export interface LoaderOverridesInput {
  /** `loaders.files` from the site: key → path (relative to `baseDir`) */
  readonly files: Readonly<Record<string, string>>;
  readonly baseDir: string;
}

/** Checks every need without building anything. */
export function checkLoaders(needs: readonly (LoaderNeed | PlainNeed)[], overrides?: LoaderOverridesInput): LoaderStatus[] {
  const mkimage = findGrubMkimage();
  return needs.map((n) => {
    const override = overrides?.files[n.key];
    if (override !== undefined) {
      const p = isAbsolute(override) ? override : join(overrides?.baseDir ?? '.', override);
      return { key: n.key, purpose: n.purpose, found: existsSync(p), path: p, pkg: n.pkg, source: 'override' as const };
    }
    if (n.kind === 'mkimage') {
      const ok = mkimage !== undefined && existsSync(join(n.moduleDir, 'kernel.img'));
      return { key: n.key, purpose: n.purpose, found: ok, path: ok ? `${mkimage} -d ${n.moduleDir}` : undefined, pkg: mkimage ? n.pkg : `grub-common, ${n.pkg}`, source: 'grub-mkimage' as const };
    }
    const ok = existsSync(n.path);
    return { key: n.key, purpose: n.purpose, found: ok, path: ok ? n.path : undefined, pkg: n.pkg, source: 'debian' as const };
  });
}

export function missingLoaderDiagnostics(statuses: readonly LoaderStatus[]): Diagnostic[] {
  return statuses
    .filter((s) => !s.found)
    .map((s) =>
      diag('env/loader-missing', 'error', `${s.purpose} (${s.key}) not found${s.path ? ` at ${s.path}` : ''}`, {
        hint: s.source === 'override' ? 'fix the path under loaders: in site.yaml' : `install the Debian package ${s.pkg}`,
      }),
    );
}

/** Finds and builds every need; throws a BootgenError (exit 3) naming the packages when any is missing. */
export function loadLoaders(needs: readonly LoaderNeed[], overrides?: LoaderOverridesInput): LoaderSet {
  const statuses = checkLoaders(needs, overrides);
  const missing = missingLoaderDiagnostics(statuses);
  if (missing.length > 0) throw new BootgenError(missing, ExitCode.environment);
  const blobs = new Map<LoaderKey, Uint8Array>();
  const modules = new Map<GrubPlatform, VolumeFile[]>();
  const tool = findGrubMkimage();
  for (const [i, n] of needs.entries()) {
    const st = statuses[i];
    if (st?.source === 'override' && st.path && n.kind !== 'dir') blobs.set(n.key, new Uint8Array(readFileSync(st.path)));
    else if (n.kind === 'mkimage' && tool) blobs.set(n.key, runGrubMkimage(tool, n));
    else if (n.kind === 'file') blobs.set(n.key, new Uint8Array(readFileSync(n.path)));
    else if (n.kind === 'dir') modules.set(n.key === 'grub-i386-pc-modules' ? 'i386-pc' : 'x86_64-efi', moduleFiles(st?.path ?? n.path));
  }
  return { blobs, modules };
}

/** GRUB's loadable modules and lists (what grub-install copies to /boot/grub/<platform>/). */
function moduleFiles(dir: string): VolumeFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mod') || f.endsWith('.lst'))
    .sort()
    .map((f) => ({ path: f, size: statSync(join(dir, f)).size, source: { kind: 'file' as const, path: join(dir, f) } }));
}
