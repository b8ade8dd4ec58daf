// `bootgen image create FILE --size N | --parent PARENT [--format vhd|vmdk|qcow2] [--type fixed|dynamic]`:
// a base image or a differencing child, written sparse. Identities are reproducible: --uuid, or
// derived from SOURCE_DATE_EPOCH (or --epoch) and the file name.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { CREATE_FORMATS, planImage, type CreateFormat } from '../../chain/plan-image.js';
import { diag } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { parseSize } from '../../model/size.js';
import { ports } from '../ports.js';
import { finish, runAction } from '../json-output.js';
import { parseChoice, requireDirOption } from '../options.js';

interface CreateFlags {
  readonly size?: string;
  readonly parent?: string;
  readonly format?: string;
  readonly type: string;
  readonly uuid?: string;
  readonly epoch?: string;
  readonly locatorRoot?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export function registerImage(program: Command): void {
  const image = program.command('image').description('create disk images');
  image
    .command('create')
    .description('create a base image (--size) or a differencing child (--parent)')
    .argument('<file>', 'image to create')
    .option('--size <size>', 'virtual size: bytes or with a unit (64MiB, 8GiB, 1TiB)')
    .option('--parent <parent>', 'make a differencing child of this image')
    .option('--format <format>', CREATE_FORMATS.join(' | '))
    .option('--type <type>', 'fixed | dynamic (VHD)', 'dynamic')
    .option('--uuid <uuid>', 'identity of the new image (default: derived from SOURCE_DATE_EPOCH and the name, else random)')
    .option('--epoch <seconds>', 'creation time, Unix seconds (default: SOURCE_DATE_EPOCH, else now)')
    .option('--locator-root <dir>', 'write the VHD W2ku locator relative to this directory (e.g. the USB stick root)')
    .option('--force', 'replace an existing file')
    .option('--json', 'print the result as JSON')
    .action((file: string, flags: CreateFlags) => runAction(flags.json === true, () => create(file, flags)));
}

/** The size grammar of site.yaml (model/size.ts): 64MiB, 1.5GiB, 2GB, bytes. */
function sizeOption(text: string): number {
  const n = parseSize(text);
  if (n === undefined) {
    throw new BootgenError([diag('cli/bad-option', 'error', `--size ${text}: not a size`, { expected: 'bytes, or a number with K/M/G/T, KiB/MiB/GiB/TiB (binary) or KB/MB/GB/TB (decimal)', found: text })], ExitCode.badInput);
  }
  return n;
}

function chooseFormat(file: string, flags: CreateFlags): CreateFormat {
  if (flags.format !== undefined) return parseChoice('--format', flags.format, CREATE_FORMATS);
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  return (CREATE_FORMATS as readonly string[]).includes(ext) ? (ext as CreateFormat) : 'vhd';
}

async function create(file: string, flags: CreateFlags): Promise<void> {
  if (flags.size === undefined && flags.parent === undefined) {
    throw new BootgenError([diag('cli/bad-option', 'error', 'image create needs --size or --parent', { expected: '--size N for a base image, --parent PARENT for a child' })], ExitCode.badInput);
  }
  const epochText = flags.epoch ?? process.env.SOURCE_DATE_EPOCH;
  const epoch = epochText !== undefined ? Number(epochText) : undefined;
  if (epoch !== undefined && !Number.isInteger(epoch)) throw new BootgenError([diag('cli/bad-option', 'error', 'epoch must be whole Unix seconds', { found: String(epochText) })], ExitCode.badInput);
  const planned = await planImage(
    {
      file,
      format: chooseFormat(file, flags),
      ...(flags.size !== undefined ? { sizeBytes: sizeOption(flags.size) } : {}),
      ...(flags.parent !== undefined ? { parent: flags.parent } : {}),
      type: parseChoice('--type', flags.type, ['fixed', 'dynamic'] as const),
      ...(flags.uuid !== undefined ? { uuid: flags.uuid.toLowerCase() } : {}),
      ...(flags.locatorRoot !== undefined ? { locatorRoot: requireDirOption('--locator-root', flags.locatorRoot, (p) => ports().files.stat(p)) } : {}),
      timestamp: epoch ?? Math.floor(Date.now() / 1000),
      seed: epoch !== undefined ? String(epoch) : randomUUID(),
    },
    ports().images,
  );
  if (!planned.value) throw new BootgenError(planned.diagnostics, ExitCode.badInput);
  try {
    await ports().out.writeImageLayout(file, planned.value.layout, { overwrite: flags.force === true, ...(epoch !== undefined ? { mtime: epoch } : {}) });
  } catch (e) {
    if (e instanceof BootgenError) throw e; // a failed write: exit 3, said by the writer
    const message = e instanceof Error ? e.message : String(e);
    throw new BootgenError([diag('cli/image-create', 'error', `cannot write ${file}: ${message}`, { origin: { file }, ...(message.includes('exists') ? { hint: 'use --force to replace it' } : {}) })], ExitCode.badInput);
  }
  const p = planned.value;
  finish(flags.json === true, {
    result: { file, format: p.format, 'virtual-size': p.virtualSize, identity: p.identity, ...(p.parent ? { parent: p.parent } : {}) },
    diagnostics: planned.diagnostics,
    text: `created ${file}: ${p.format}, ${p.virtualSize} bytes${p.parent ? `, child of ${p.parent}` : ''}\n`,
  });
}
