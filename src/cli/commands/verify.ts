// `bootgen verify DIR [--json]`: a deployed tree against its SHA256SUMS (app/verify.ts). Exit 1
// when any file changed, is missing or is unlisted; 2 when DIR is not a directory.
import type { Command } from 'commander';
import { verifyTree, type VerifyReport } from '../../app/verify.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { nodeTree } from '../../io/tree-hash.js';
import { finish, runAction } from '../json-output.js';
import { ports } from '../ports.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a deployed tree (pxe/) against its SHA256SUMS: changed, missing and unlisted files')
    .argument('<dir>', 'the tree: the directory holding SHA256SUMS')
    .option('--json', 'print {ok, exitCode, dir, listed, intact, modified, missing, unlisted, outside, diagnostics} as JSON')
    .action((dir: string, flags: { json?: boolean }) => runAction(flags.json === true, () => verify(dir, flags.json === true)));
}

async function verify(dir: string, json: boolean): Promise<void> {
  const r = await verifyTree(dir, { files: ports().files, tree: nodeTree });
  if (!r.value) {
    if (r.diagnostics.some((d) => d.code === 'cli/not-a-directory')) throw new BootgenError(r.diagnostics, ExitCode.badInput);
    return finish(json, { diagnostics: r.diagnostics });
  }
  finish(json, { result: r.value, diagnostics: r.diagnostics, text: summary(r.value) });
}

function summary(r: VerifyReport): string {
  const bad = r.modified.length + r.missing.length + r.unlisted.length + r.outside.length;
  const outside = r.outside.length > 0 ? `, ${r.outside.length} linked out of the tree` : '';
  const verdict = bad === 0 ? 'OK' : `${r.modified.length} modified, ${r.missing.length} missing, ${r.unlisted.length} unlisted${outside}`;
  return `${r.dir}: ${r.intact} of ${r.listed} listed file${r.listed === 1 ? '' : 's'} intact; ${verdict}\n`;
}
