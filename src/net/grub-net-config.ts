// The GRUB net config (`grub/grub.cfg` in the PXE tree) read by the BIOS GRUB net image and by
// Debian's signed grubnetx64 (boot-media.md §3.3): GRUB's root is then `(tftp,<server>)`, so tree
// paths are used as they are. GRUB cannot SAN boot, so disk entries are left to iPXE (noted once).
// Every decision is in the view; templates/net/grub.cfg.hbs lays it out.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { Entry, Site } from '../model/types.js';
import { splitKernelArgs } from '../targets/grub/escape.js';
import { isoFile, siteFile } from '../targets/pxe-layout.js';
import { renderTemplate } from '../targets/templates.js';
import type { TemplateSet } from '../targets/types.js';

export const GRUB_NET_TEMPLATE = 'net/grub.cfg.hbs';

interface GrubNetEntry {
  readonly id: string;
  readonly title: string;
  /** raw `grub:` lines, verbatim */
  readonly raw: readonly string[];
  readonly linux: { readonly kernel: string; readonly args: readonly string[]; readonly initrds: readonly string[] } | null;
}

export interface GrubNetView {
  readonly site: string;
  readonly serial: { readonly unit: number; readonly speed: number } | null;
  readonly timeout: number;
  /** the site default, only when GRUB offers it (else GRUB boots the first entry) */
  readonly default: string | null;
  readonly entries: readonly GrubNetEntry[];
}

function linuxOf(entry: Entry): GrubNetEntry['linux'] {
  if (entry.boot.kind !== 'linux') return null;
  const boot = entry.boot;
  const file = (p: string): string => `/${boot.from === undefined ? siteFile(p) : isoFile(boot.from, p)}`;
  return { kernel: file(boot.kernel), args: splitKernelArgs(boot.args), initrds: boot.initrd.map(file) };
}

export function grubNetView(site: Site): Result<GrubNetView> {
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  const entries: GrubNetEntry[] = [];
  for (const entry of site.entries) {
    const raw = entry.raw.grub !== undefined ? entry.raw.grub.replace(/\n+$/, '').split('\n') : [];
    const linux = entry.raw.grub !== undefined ? null : linuxOf(entry);
    if (entry.raw.grub === undefined && !linux) skipped.push(entry.id);
    else entries.push({ id: entry.id, title: entry.title, raw, linux });
  }
  if (skipped.length) {
    diagnostics.push(diag('net/grub-net-skipped', 'info', `GRUB network boot menu leaves out ${skipped.join(', ')}: GRUB cannot SAN boot or run wimboot; iPXE offers them`, { origin: site.origin }));
  }
  const wanted = site.menu.default;
  const view = {
    site: site.name,
    serial: site.menu.serial ?? null,
    timeout: site.menu.timeout,
    default: wanted !== undefined && entries.some((e) => e.id === wanted) ? wanted : null,
    entries,
  };
  return { value: view, diagnostics };
}

export function renderGrubNetConfig(site: Site, templates: TemplateSet): Result<string> {
  const view = grubNetView(site);
  return { value: renderTemplate(templates, GRUB_NET_TEMPLATE, view.value), diagnostics: view.diagnostics };
}
