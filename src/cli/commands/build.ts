// `bootgen build SITE [-o DIR] [--only configs,usb,iso,pxe] [--json] [--templates DIR]`
import type { Command } from 'commander';
import { BUILD_KINDS } from '../../app/build-plan.js';
import { buildSite } from '../../app/build.js';
import { finish, runAction } from '../json-output.js';
import { parseList } from '../options.js';
import { ports } from '../ports.js';
import { withInterrupts } from '../interrupt.js';
import { createProgress } from '../progress.js';

interface BuildFlags {
  readonly output: string;
  readonly only?: string;
  readonly json?: boolean;
  readonly templates?: string;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('compile SITE into configs and media, replacing the out dir atomically')
    .argument('<site>', 'path to site.yaml')
    .option('-o, --output <dir>', 'out dir (replaced as a whole)', 'out')
    .option('--only <kinds>', `comma list of ${BUILD_KINDS.join(', ')} (the rest of the out dir is kept)`)
    .option('--templates <dir>', 'directory of template overrides (same names as templates/)')
    .option('--json', 'print {ok, exitCode, out, artifacts, carried, diagnostics} as JSON')
    .action((site: string, flags: BuildFlags) => runAction(flags.json === true, () => build(site, flags)));
}

async function build(file: string, flags: BuildFlags): Promise<void> {
  const only = flags.only === undefined ? undefined : parseList('--only', flags.only, BUILD_KINDS);
  const progress = createProgress(flags.json ? { enabled: false } : {});
  const report = await withInterrupts((signal) => buildSite({ file, out: flags.output, only, templatesDir: flags.templates, progress: progress.update, signal, hash: flags.json === true }, ports())).finally(() => progress.done());
  const bytes = report.artifacts.reduce((n, a) => n + a.bytes, 0);
  const kept = report.carried.length ? `; kept ${report.carried.length} files of the previous build` : '';
  finish(flags.json === true, {
    result: { out: report.out, artifacts: report.artifacts, carried: report.carried },
    diagnostics: report.diagnostics,
    text: `wrote ${report.artifacts.length} files (${bytes} bytes) to ${report.out}${kept}\n`,
  });
}
