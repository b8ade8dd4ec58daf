// `bootgen build SITE [-o DIR] [--only configs,usb,iso,pxe] [--json] [--templates DIR]`
import type { Command } from 'commander';
import { BUILD_KINDS, buildSite } from '../../pipeline.js';
import { printJson, printWarnings, runAction } from '../json-output.js';
import { parseList } from '../options.js';
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
    .option('--only <kinds>', `comma list of ${BUILD_KINDS.join(', ')}`)
    .option('--templates <dir>', 'directory of template overrides (same names as templates/)')
    .option('--json', 'print {artifacts, diagnostics} as JSON')
    .action((site: string, flags: BuildFlags) => runAction(flags.json === true, () => build(site, flags)));
}

async function build(file: string, flags: BuildFlags): Promise<void> {
  const only = flags.only === undefined ? undefined : parseList('--only', flags.only, BUILD_KINDS);
  const progress = createProgress(flags.json ? { enabled: false } : {});
  const report = await buildSite({ file, out: flags.output, only, templatesDir: flags.templates, progress: progress.update }).finally(() => progress.done());
  if (flags.json) {
    printJson({ out: report.out, artifacts: report.artifacts, diagnostics: report.diagnostics });
    return;
  }
  printWarnings(report.diagnostics);
  const bytes = report.artifacts.reduce((n, a) => n + a.bytes, 0);
  process.stdout.write(`wrote ${report.artifacts.length} files (${bytes} bytes) to ${report.out}\n`);
}
