// Finding the loaders a medium needs (media/loader-needs.ts is the catalogue): each at its
// `loaders:` override (relative to site.yaml, or absolute), else at its Debian path, else built
// with grub-mkimage. A missing one is `env/loader-missing` naming the package or the setting.
import { join } from 'node:path/posix';
import type { VolumeFile } from '../binary/extent.js';
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { loaderNeeds, pxeLoaderNeeds, type LoaderKey, type LoaderNeed } from '../media/loader-needs.js';
import type { GrubPlatform, LoaderSet } from '../media/loader-set.js';
import type { MediaSpec, Site } from '../model/types.js';
import type { Ports } from './ports.js';
import { sitePathOf } from './site-files.js';

export interface LoaderStatus {
  readonly key: string;
  readonly purpose: string;
  readonly found: boolean;
  /** where it was found or looked for (a file, a module dir, or the grub-mkimage binary + module dir) */
  readonly path: string | undefined;
  /** the Debian package, or the site.yaml setting of a user-supplied loader */
  readonly pkg: string;
  readonly source: 'debian' | 'override' | 'grub-mkimage' | 'site';
}

/** A `loaders:` override: relative to the site directory, or absolute. */
export function overridePath(site: Site | undefined, key: string): string | undefined {
  const given = site?.loaders.files[key];
  if (given === undefined || site === undefined) return undefined;
  return sitePathOf(site, given);
}

export function loaderStatuses(needs: readonly LoaderNeed[], site: Site | undefined, ports: Ports): LoaderStatus[] {
  const mkimage = ports.proc.which('grub-mkimage');
  return needs.map((n) => {
    const override = overridePath(site, n.key);
    const present = (p: string, kind: 'file' | 'directory'): boolean => ports.files.stat(p)?.kind === kind;
    if (override !== undefined) {
      const found = present(override, n.kind === 'dir' ? 'directory' : 'file');
      return { key: n.key, purpose: n.purpose, found, path: override, pkg: n.pkg, source: 'override' as const };
    }
    if (n.kind === 'mkimage') {
      const ok = mkimage !== undefined && present(join(n.moduleDir, 'kernel.img'), 'file');
      return { key: n.key, purpose: n.purpose, found: ok, path: ok ? `${mkimage} -d ${n.moduleDir}` : undefined, pkg: mkimage ? n.pkg : `grub-common, ${n.pkg}`, source: 'grub-mkimage' as const };
    }
    const ok = present(n.path, n.kind === 'dir' ? 'directory' : 'file');
    return { key: n.key, purpose: n.purpose, found: ok, path: n.path, pkg: n.pkg, source: 'debian' as const };
  });
}

/** The VBoot Loader is proprietary: a `dialect: vboot` stick needs it from `loaders.vboot`. */
export function vbootStatuses(site: Site, ports: Ports): LoaderStatus[] {
  if (site.media.usb?.dialect !== 'vboot') return [];
  const vboot = site.loaders.vboot;
  return (['loader', 'core'] as const).map((part) => {
    const given = vboot?.[part];
    const path = given === undefined ? undefined : sitePathOf(site, given);
    const found = path !== undefined && ports.files.stat(path)?.kind === 'file';
    return { key: `vboot.${part}`, purpose: part === 'loader' ? 'VBoot Loader (user-supplied)' : 'VBoot core module (user-supplied)', found, path, pkg: `loaders.vboot.${part}`, source: 'site' as const };
  });
}

export function missingLoaderDiagnostics(statuses: readonly LoaderStatus[], site?: Site): Diagnostic[] {
  return statuses
    .filter((s) => !s.found)
    .map((s) =>
      diag('env/loader-missing', 'error', `${s.purpose} (${s.key}) not found${s.path ? ` at ${s.path}` : ''}`, {
        hint: hintFor(s),
        ...(s.source === 'override' || s.source === 'site' ? { origin: { file: site?.file ?? 'site.yaml', path: ['loaders', ...s.key.split('.')] } } : {}),
      }),
    );
}

function hintFor(s: LoaderStatus): string {
  if (s.source === 'override') return 'fix the path under loaders: in site.yaml';
  if (s.source === 'site') return `set ${s.pkg} in site.yaml to the file from your VBoot distribution (bootgen does not ship it), or use media.usb.dialect: grub`;
  return `install the Debian package ${s.pkg}`;
}

/** Reads (or builds) every need whose status is found; errors for a failed grub-mkimage. */
export function loadLoaderSet(needs: readonly LoaderNeed[], statuses: readonly LoaderStatus[], ports: Ports): Result<LoaderSet> {
  const blobs = new Map<LoaderKey, Uint8Array>();
  const modules = new Map<GrubPlatform, VolumeFile[]>();
  const diagnostics: Diagnostic[] = [];
  const tool = ports.proc.which('grub-mkimage');
  for (const [i, n] of needs.entries()) {
    const st = statuses[i];
    if (!st?.found) continue;
    if (n.kind === 'dir') modules.set(n.key === 'grub-i386-pc-modules' ? 'i386-pc' : 'x86_64-efi', moduleFiles(st.path ?? n.path, ports));
    else if (st.source === 'override' && st.path) blobs.set(n.key, ports.files.readFile(st.path));
    else if (n.kind === 'file') blobs.set(n.key, ports.files.readFile(n.path));
    else if (n.kind === 'mkimage' && tool) {
      const r = ports.tools.grubMkimage(tool, n);
      if (r.bytes) blobs.set(n.key, r.bytes);
      else diagnostics.push(diag('env/grub-mkimage-failed', 'error', `grub-mkimage -O ${n.format} failed: ${r.error ?? 'no output'}`, { hint: `reinstall grub-common and ${n.pkg}` }));
    }
  }
  return { value: { blobs, modules }, diagnostics };
}

/** GRUB's loadable modules and lists (what grub-install copies to /boot/grub/<platform>/). */
function moduleFiles(dir: string, ports: Ports): VolumeFile[] {
  return ports.files
    .list(dir)
    .filter((f) => f.endsWith('.mod') || f.endsWith('.lst'))
    .map((f) => ({ path: f, size: ports.files.stat(join(dir, f))?.size ?? 0, source: { kind: 'file' as const, path: join(dir, f) } }));
}

export interface LoaderRow extends LoaderStatus {
  readonly medium: 'usb' | 'iso' | 'pxe';
}

const ANY_ORIGIN = { file: '(all media)' };
/** Without a site: every medium bootgen can write, both Secure Boot variants. */
const ALL_MEDIA: readonly MediaSpec[] = [true, false].map((secureBoot) => ({
  usb: { sizeBytes: 0, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot, label: '', dialect: 'grub', origin: ANY_ORIGIN },
  iso: { label: '', firmware: ['bios', 'uefi'], origin: ANY_ORIGIN },
  pxe: { origin: ANY_ORIGIN },
}));

/** `bootgen loaders [SITE]`: every loader the site's media need (or any medium's), sorted by medium and key. */
export function loaderReport(site: Site | undefined, ports: Ports): LoaderRow[] {
  const rows = new Map<string, LoaderRow>();
  for (const spec of site ? [site.media] : ALL_MEDIA) {
    for (const medium of ['usb', 'iso'] as const) {
      if (!spec[medium]) continue;
      const one = { ...spec, usb: medium === 'usb' ? spec.usb : undefined, iso: medium === 'iso' ? spec.iso : undefined };
      for (const s of loaderStatuses(loaderNeeds(one, site?.name ?? 'site'), site, ports)) rows.set(`${medium}:${s.key}`, { medium, ...s });
    }
    if (spec.pxe) for (const s of loaderStatuses(pxeLoaderNeeds(), site, ports)) rows.set(`pxe:${s.key}`, { medium: 'pxe', ...s });
  }
  if (site) for (const s of vbootStatuses(site, ports)) rows.set(`usb:${s.key}`, { medium: 'usb', ...s });
  return [...rows.values()].sort((a, b) => a.medium.localeCompare(b.medium) || a.key.localeCompare(b.key));
}
