// `bootgen loaders [SITE] [--json]`: which loader binaries were found where, and which Debian
// package (or site.yaml setting) provides a missing one (DESIGN.md "Loaders"). With SITE: only
// what its media need, honouring its `loaders:` overrides; exit 3 when any of those is missing.
import type { Command } from 'commander';
import { loaderReport, missingLoaderDiagnostics, type LoaderRow } from '../../app/loaders.js';
import { requireSite } from '../../app/site.js';
import { finish, runAction } from '../json-output.js';
import { ports } from '../ports.js';

export function registerLoaders(program: Command): void {
  program
    .command('loaders')
    .description('show which loaders were found where, and which Debian package provides a missing one')
    .argument('[site]', 'site.yaml: report only what its media need')
    .option('--json', 'print {ok, exitCode, loaders, missing, diagnostics} as JSON')
    .action((site: string | undefined, flags: { json?: boolean }) => runAction(flags.json === true, () => loaders(site, flags.json === true)));
}

function loaders(file: string | undefined, json: boolean): void {
  const loaded = file === undefined ? undefined : requireSite(file, ports());
  const site = loaded?.site.site;
  const rows = loaderReport(site, ports());
  const missing = rows.filter((r) => !r.found);
  const diagnostics = [...(loaded?.warnings ?? []), ...missingLoaderDiagnostics(missing, site)];
  finish(json, { result: { loaders: rows, missing: missing.length }, diagnostics, text: renderTable(rows), warnings: false });
}

function renderTable(rows: readonly LoaderRow[]): string {
  const lines = rows.map((r) => [r.medium, r.key, r.found ? 'found' : 'MISSING', r.found ? (r.path ?? '') : `${r.source === 'site' ? 'set' : 'install'} ${r.pkg}${r.path ? ` (looked at ${r.path})` : ''}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => (l[i] ?? '').length), 6));
  const pad = (l: string[]): string => l.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  ');
  return `${pad(['medium', 'loader', 'status', 'where'])}\n${lines.map(pad).join('\n')}\n`;
}
