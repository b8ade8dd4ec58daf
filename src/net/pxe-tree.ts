// The PXE tree (`out/pxe/`), one directory served both by TFTP (its root) and by HTTP at
// network.http, so `${base}/ipxe/machines/<mac>.ipxe` and `/<kernel>` name the same file either
// way (src/targets/pxe-layout.ts is the one source of these paths). Pure: what goes where, and
// from which source; app/plan-pxe.ts resolves the sources, app/ writes the tree.
import { diag, type Diagnostic, type Origin, type Result } from '../diagnostics/diagnostic.js';
import { pxeLoaderNeeds, type LoaderKey } from '../media/loader-needs.js';
import type { Site } from '../model/types.js';
import { planWindowsPxe } from '../targets/bcd-store/index.js';
import { isoFile, siteFile, WIMBOOT } from '../targets/pxe-layout.js';
import type { Artifact, TemplateSet } from '../targets/types.js';
import { renderGrubNetConfig } from './grub-net-config.js';
import { GRUB_NET_CONFIG, NET_LOADER_PATHS } from './pxe-loaders.js';
import { immutableMachines, renderResetHook } from './reset-hook.js';

export const PXE_DIR = 'pxe';

export type PxeSource =
  | { readonly kind: 'loader'; readonly key: LoaderKey }
  | { readonly kind: 'content'; readonly content: string | Uint8Array; readonly from: string; readonly executable?: boolean }
  /** a file of the site, relative to site.dir */
  | { readonly kind: 'site-file'; readonly path: string; readonly origin?: Origin }
  /** a file inside an ISO image of the site */
  | { readonly kind: 'iso-member'; readonly iso: string; readonly member: string; readonly origin?: Origin };

export interface PxeFile {
  /** relative to the out dir (`pxe/…`; the reset hook is `hooks/…`) */
  readonly path: string;
  readonly source: PxeSource;
}

/** Site files iPXE and GRUB fetch over HTTP/TFTP, at the paths the scripts name. */
function payloadFiles(site: Site): PxeFile[] {
  const out = new Map<string, PxeFile>();
  const add = (rel: string, source: PxeSource): void => void out.set(rel, { path: `${PXE_DIR}/${rel}`, source });
  for (const entry of site.entries) {
    const boot = entry.boot;
    if (boot.kind === 'linux') {
      for (const p of [boot.kernel, ...boot.initrd]) {
        const iso = boot.from === undefined ? undefined : site.images.find((i) => i.id === boot.from);
        if (iso) add(isoFile(iso.id, p), { kind: 'iso-member', iso: iso.path, member: p, origin: entry.origin });
        else add(siteFile(p), { kind: 'site-file', path: p, origin: entry.origin });
      }
    } else if (boot.kind === 'cdrom') {
      const iso = site.images.find((i) => i.id === boot.cdrom);
      if (iso) add(siteFile(iso.path), { kind: 'site-file', path: iso.path, origin: iso.origin });
    }
  }
  return [...out.values()];
}

/**
 * WinPE over the network: per `wim:` entry a BCD store and the files wimboot hands to bootmgr
 * (`wim/<id>/…`, the paths the iPXE target fetches), plus wimboot itself. wimboot is in no Debian
 * package, so it comes from `loaders: {wimboot: PATH}`.
 */
function winpeFiles(site: Site, d: Diagnostic[]): PxeFile[] {
  const wim = site.entries.find((e) => e.boot.kind === 'wim');
  if (!wim) return [];
  const plan = planWindowsPxe(site);
  d.push(...plan.diagnostics);
  const at = (rel: string): string => `${PXE_DIR}/${rel}`;
  const files: PxeFile[] = plan.value.stores.map((s) => ({ path: at(s.path), source: { kind: 'content', content: s.content, from: 'BCD store' } }));
  for (const c of plan.value.copies) files.push({ path: at(c.target), source: { kind: 'site-file', path: c.source, origin: wim.origin } });
  const wimboot = site.loaders.files[WIMBOOT];
  if (wimboot !== undefined) files.push({ path: at(WIMBOOT), source: { kind: 'site-file', path: wimboot, origin: { file: site.file, path: ['loaders', WIMBOOT] } } });
  else {
    d.push(diag('net/wimboot-missing', site.loaders.windows === undefined ? 'warning' : 'error', `entry '${wim.id}' boots WinPE through wimboot, and loaders.wimboot is not set`, {
      expected: 'loaders: {wimboot: path/to/wimboot}',
      hint: 'wimboot is not packaged by Debian: take the wimboot binary of an iPXE wimboot release',
      origin: { file: site.file, path: ['loaders', WIMBOOT] },
    }));
  }
  return files;
}

export function planPxeTree(site: Site, configs: readonly Artifact[], templates: TemplateSet): Result<readonly PxeFile[]> {
  const diagnostics: Diagnostic[] = [];
  if (!site.network) {
    return { value: [], diagnostics: [diag('net/no-network', 'error', 'a PXE tree needs a network: section (server, http)', { origin: site.media.pxe?.origin ?? site.origin })] };
  }
  const files: PxeFile[] = pxeLoaderNeeds().map((n) => ({ path: `${PXE_DIR}/${NET_LOADER_PATHS[n.key] ?? n.key}`, source: { kind: 'loader', key: n.key } }));
  const scripts = configs.filter((a) => a.kind === 'ipxe');
  if (scripts.length === 0) diagnostics.push(diag('net/no-ipxe-scripts', 'error', 'the PXE tree needs the iPXE scripts, and none were planned', { origin: site.origin }));
  for (const a of scripts) files.push({ path: `${PXE_DIR}/${a.path}`, source: { kind: 'content', content: a.content, from: `${a.kind} target` } });
  const grub = renderGrubNetConfig(site, templates);
  diagnostics.push(...grub.diagnostics);
  files.push({ path: `${PXE_DIR}/${GRUB_NET_CONFIG}`, source: { kind: 'content', content: grub.value, from: 'GRUB net config' } });
  // the DHCP hook that resets immutable overlays at boot, beside the configs (dnsmasq dhcp-script)
  if (immutableMachines(site).length > 0) {
    const hook = renderResetHook(site, templates);
    files.push({ path: hook.path, source: { kind: 'content', content: hook.content, from: 'reset hook', executable: true } });
  }
  files.push(...payloadFiles(site), ...winpeFiles(site, diagnostics));
  return { value: files, diagnostics };
}
