// `bootgen render SITE --target grub|vboot|ipxe|bcd|dnsmasq|dhcpd [--machine NAME]`: one config
// to stdout (what it holds per target is the targets' renderTarget; iPXE: boot.ipxe, or the
// machine's script with --machine). A target the site cannot produce is an error (exit 2).
import type { Command } from 'commander';
import { renderConfig } from '../../app/configs.js';
import { requireSite } from '../../app/site.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { BootgenError } from '../../diagnostics/errors.js';
import { TARGET_KINDS } from '../../targets/index.js';
import { finish, runAction } from '../json-output.js';
import { parseChoice } from '../options.js';
import { ports } from '../ports.js';
import { renderBcdBinary } from './bcd.js';

interface RenderFlags {
  readonly target: string;
  readonly machine?: string;
  readonly templates?: string;
  readonly json?: boolean;
  readonly binary?: boolean;
  readonly firmware?: string;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('print one generated config to stdout')
    .argument('<site>', 'path to site.yaml')
    .requiredOption('--target <kind>', TARGET_KINDS.join(' | '))
    .option('--machine <name>', 'the config of this machine')
    .option('--templates <dir>', 'directory of template overrides')
    .option('--json', 'print {ok, exitCode, target, machine, content, diagnostics}')
    .option('--binary', 'with --target bcd: the BCD store itself (a registry hive) instead of the bcdedit scripts')
    .option('--firmware <kind>', 'with --binary: uefi (winload.efi, default) | bios (winload.exe)')
    .action((site: string, flags: RenderFlags) => runAction(flags.json === true, () => render(site, flags)));
}

function render(file: string, flags: RenderFlags): void {
  const target = parseChoice('--target', flags.target, TARGET_KINDS);
  const { site, warnings } = requireSite(file, ports());
  if (flags.binary) return renderBcdBinary(site.site, { ...flags, target }, warnings);
  const rendered = renderConfig(site.site, target, ports(), { machine: flags.machine, templatesDir: flags.templates });
  const diagnostics = [...warnings, ...rendered.diagnostics];
  if (hasErrors(diagnostics)) throw new BootgenError(diagnostics);
  finish(flags.json === true, { result: { target, machine: flags.machine ?? null, content: rendered.value }, diagnostics, text: rendered.value });
}
