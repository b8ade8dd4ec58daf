// `bootgen bcd show FILE [--json]`: reads a BCD store (a regf hive) with bootgen's own bounded
// reader and prints its objects the way `bcdedit /enum all` would; damage is reported as findings
// (exit 1), an unreadable file is bad input (exit 2). Also `render --target bcd --binary`.
import type { Command } from 'commander';
import { diag, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import type { Site } from '../../model/types.js';
import { buildBcdStore, describeStore, MEDIA_BCD, readBcdStoreFrom, storeToJson, writeBcdStore } from '../../targets/bcd-store/index.js';
import { nothingToRender } from '../../app/configs.js';
import { finish, printWarnings, runAction } from '../json-output.js';
import { ports } from '../ports.js';
import { parseChoice } from '../options.js';

export function registerBcd(program: Command): void {
  const bcd = program.command('bcd').description('inspect Windows BCD stores');
  bcd
    .command('show')
    .description('print the objects and elements of a BCD store')
    .argument('<file>', 'a BCD store (registry hive), e.g. out/usb/EFI/Microsoft/Boot/BCD')
    .option('--json', 'print {file, objects, diagnostics}')
    .action((file: string, flags: { json?: boolean }) => runAction(flags.json === true, () => show(file, flags.json === true)));
}

async function show(file: string, json: boolean): Promise<void> {
  const source = ports().images;
  const stat = await source.stat(file);
  if (!stat?.isFile) {
    throw new BootgenError([diag('bcd/unreadable', 'error', `${file}: no such file`, { expected: 'a BCD store file', origin: { file } })], ExitCode.badInput);
  }
  const handle = await source.open(file);
  const read = await readBcdStoreFrom(handle, { file }).finally(() => handle.close());
  if (!read.value) throw new BootgenError(read.diagnostics, ExitCode.badInput);
  finish(json, { result: { file, ...(storeToJson(read.value) as object) }, diagnostics: read.diagnostics, text: describeStore(read.value) });
}

export interface BcdBinaryFlags {
  readonly target: string;
  readonly firmware?: string;
  readonly json?: boolean;
}

/** `bootgen render SITE --target bcd --binary [--firmware uefi|bios]`: the store itself on stdout. */
export function renderBcdBinary(site: Site, flags: BcdBinaryFlags, warnings: readonly Diagnostic[]): void {
  if (flags.target !== 'bcd') {
    throw new BootgenError([diag('cli/bad-option', 'error', `--binary is only for --target bcd, not ${flags.target}`, { expected: '--target bcd --binary' })], ExitCode.badInput);
  }
  const firmware = parseChoice('--firmware', flags.firmware ?? 'uefi', ['uefi', 'bios'] as const);
  const built = buildBcdStore(site, { firmware });
  const diagnostics = [...warnings, ...built.diagnostics];
  if (hasErrors(diagnostics)) throw new BootgenError(diagnostics);
  if (built.value.objects.length === 0) throw new BootgenError([...diagnostics, nothingToRender(site, 'bcd', diagnostics)]);
  const bytes = writeBcdStore(built.value, { epoch: site.epoch });
  if (flags.json) {
    return finish(true, { result: { artifacts: [{ kind: 'bcd-store', path: MEDIA_BCD[firmware], content: Buffer.from(bytes).toString('base64'), encoding: 'base64' }] }, diagnostics });
  }
  if (process.stdout.isTTY) {
    throw new BootgenError([diag('cli/binary-to-terminal', 'error', 'the BCD store is binary; refusing to write it to a terminal', { hint: 'redirect it: bootgen render site.yaml --target bcd --binary > BCD' })], ExitCode.badInput);
  }
  printWarnings(diagnostics);
  process.stdout.write(bytes);
}
