// `bootgen loaders [SITE] [--json]`: which loader binaries were found where, and which Debian
// package provides a missing one (DESIGN.md "Loaders"). With SITE: only what its media need;
// exit 3 when any of those is missing.
import type { Command } from 'commander';
import { ExitCode } from '../../diagnostics/errors.js';
import { checkLoaders, type LoaderStatus, type PlainNeed } from '../../io/loaders.js';
import { loaderNeeds } from '../../media/loader-needs.js';
import type { MediaSpec } from '../../model/types.js';
import { NET_LOADERS } from '../../net/pxe-loaders.js';
import { requireSite } from '../../pipeline.js';
import { printJson, runAction } from '../json-output.js';

interface LoadersFlags {
  readonly json?: boolean;
}

export function registerLoaders(program: Command): void {
  program
    .command('loaders')
    .description('show which loaders were found where, and which Debian package provides a missing one')
    .argument('[site]', 'site.yaml: report only what its media need')
    .option('--json', 'print {loaders, missing} as JSON')
    .action((site: string | undefined, flags: LoadersFlags) => runAction(flags.json === true, () => loaders(site, flags)));
}

const origin = { file: '(all media)' };
/** Without a site: every medium bootgen can write, both Secure Boot variants. */
const ALL: readonly MediaSpec[] = [true, false].map((secureBoot) => ({
  usb: { sizeBytes: 0, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot, label: '', dialect: 'grub', origin },
  iso: { label: '', firmware: ['bios', 'uefi'], origin },
  pxe: { origin },
}));

interface Row extends LoaderStatus {
  readonly medium: string;
}

function loaders(file: string | undefined, flags: LoadersFlags): void {
  const site = file === undefined ? undefined : requireSite(file).site.site;
  const specs = site ? [site.media] : ALL;
  const rows = new Map<string, Row>();
  for (const spec of specs) {
    for (const medium of ['usb', 'iso'] as const) {
      if (!spec[medium]) continue;
      const one = { ...spec, usb: medium === 'usb' ? spec.usb : undefined, iso: medium === 'iso' ? spec.iso : undefined };
      const overrides = site ? { files: site.loaders.files, baseDir: site.dir } : undefined;
      for (const s of checkLoaders(loaderNeeds(one, site?.name ?? 'site'), overrides)) rows.set(`${medium}:${s.key}`, { medium, ...s });
    }
    if (spec.pxe) {
      const net: PlainNeed[] = NET_LOADERS.map((n) => ({ key: n.key, kind: n.kind === 'file' ? 'file' : 'dir', path: n.path, pkg: n.pkg, purpose: n.purpose }));
      for (const s of checkLoaders(net)) rows.set(`pxe:${s.key}`, { medium: 'pxe', ...s });
    }
  }
  const list = [...rows.values()];
  const missing = list.filter((r) => !r.found);
  if (flags.json) printJson({ loaders: list, missing: missing.length });
  else process.stdout.write(renderTable(list));
  if (missing.length > 0) process.exitCode = ExitCode.environment;
}

function renderTable(rows: readonly Row[]): string {
  const lines = rows.map((r) => [r.medium, r.key, r.found ? 'found' : 'MISSING', r.found ? (r.path ?? '') : `install ${r.pkg}${r.path ? ` (looked at ${r.path})` : ''}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => (l[i] ?? '').length), 6));
  const pad = (l: string[]): string => l.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  ');
  return `${pad(['medium', 'loader', 'status', 'where'])}\n${lines.map(pad).join('\n')}\n`;
}
