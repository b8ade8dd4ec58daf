// `bootgen bcd show FILE [--json]`: reads a BCD store (a regf hive) with bootgen's own bounded
// reader and prints its objects the way `bcdedit /enum all` would; damage is reported as findings
// (exit 1), an unreadable file is bad input (exit 2).
import type { Command } from 'commander';
import { diag, hasErrors } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { nodeFileSource } from '../../io/image-files.js';
import { describeStore, readBcdStoreFrom, storeToJson } from '../../targets/bcd-store/index.js';
import { printJson, printWarnings, runAction } from '../json-output.js';

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
  const source = nodeFileSource();
  const stat = await source.stat(file);
  if (!stat?.isFile) {
    throw new BootgenError([diag('bcd/unreadable', 'error', `${file}: no such file`, { expected: 'a BCD store file', origin: { file } })], ExitCode.badInput);
  }
  const handle = await source.open(file);
  const read = await readBcdStoreFrom(handle, { file }).finally(() => handle.close());
  if (!read.value) throw new BootgenError(read.diagnostics, ExitCode.badInput);
  if (json) {
    printJson({ file, ...(storeToJson(read.value) as object), diagnostics: read.diagnostics });
  } else {
    process.stdout.write(describeStore(read.value));
    printWarnings(read.diagnostics);
  }
  if (hasErrors(read.diagnostics)) process.exitCode = ExitCode.findings;
}
