// `bootgen chain IMAGE [--json]`: the chain from IMAGE down to its base, like
// `qemu-img info --backing-chain`, for every format; the findings of every link. Exit 1 on errors.
import type { Command } from 'commander';
import { chainInfo, walkChains, type ChainInfo } from '../../chain/index.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { formatDiagnostic } from '../report.js';
import { finish, runAction } from '../json-output.js';
import { requireDirOption } from '../options.js';
import { ports } from '../ports.js';

interface ChainFlags {
  readonly json?: boolean;
  readonly parentDir?: string[];
  readonly maxDepth?: string;
}

export function registerChain(program: Command): void {
  program
    .command('chain')
    .description('show and check the chain from IMAGE down to its base (any format)')
    .argument('<image>', 'top of the chain')
    .option('--json', '{ok, exitCode, chain, diagnostics}: chain is top → base, keys as qemu-img info --backing-chain --output=json')
    .option('--parent-dir <dir...>', 'extra directories searched for VHD and VDI parents')
    .option('--max-depth <n>', 'longest chain accepted', '256')
    .action((image: string, flags: ChainFlags) => runAction(flags.json === true, () => chain(image, flags)));
}

async function chain(image: string, flags: ChainFlags): Promise<void> {
  const maxDepth = Number(flags.maxDepth ?? '256');
  const searchDirs = (flags.parentDir ?? []).map((d) => requireDirOption('--parent-dir', d, (p) => ports().files.stat(p)));
  const r = await walkChains([{ path: image }], ports().images, { maxDepth, searchDirs });
  const top = r.value.tops[0];
  const unreadable = r.diagnostics.filter((d) => (d.code === 'chain/image-missing' || d.code === 'chain/image-not-a-file' || d.code === 'chain/unreadable') && d.origin?.file === image);
  if (top === undefined || unreadable.length > 0) {
    throw new BootgenError(unreadable.length ? unreadable : [diag('chain/image-missing', 'error', 'image not found', { origin: { file: image } })], ExitCode.badInput);
  }
  const infos = chainInfo(r.value, top);
  const chain = infos.map((info) => ({ ...info, diagnostics: r.diagnostics.filter((d) => d.origin?.file === info.filename) }));
  finish(flags.json === true, { result: { chain }, diagnostics: r.diagnostics, text: renderTree(infos, r.diagnostics), warnings: false });
}

const human = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) [v, i] = [v / 1024, i + 1];
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
};

function renderTree(infos: readonly ChainInfo[], diagnostics: readonly Diagnostic[]): string {
  const lines: string[] = [];
  infos.forEach((info, i) => {
    const indent = i === 0 ? '' : `${'   '.repeat(i - 1)}└─ `;
    const id = info.identity ? `  ${info.identity.kind} ${info.identity.value}` : '';
    lines.push(`${indent}${info.filename}  ${info.format}  ${human(info['virtual-size'])}${id}`);
    for (const d of diagnostics.filter((x) => x.origin?.file === info.filename)) {
      lines.push(...formatDiagnostic(d).split('\n').map((l) => `${'   '.repeat(i)}   ${l}`));
    }
  });
  const shown = new Set(infos.map((i) => i.filename));
  for (const d of diagnostics.filter((x) => !shown.has(x.origin?.file ?? ''))) lines.push(formatDiagnostic(d));
  return `${lines.join('\n')}\n`;
}
