// `bootgen init [DIR]`: a starter site.yaml (valid, builds as is) plus its JSON Schema for editors.
import type { Command } from 'commander';
import { ports } from '../ports.js';
import { siteJsonSchema } from '../../manifest/index.js';
import { finish, runAction } from '../json-output.js';
import { STARTER_SITE } from '../starter-site.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter site.yaml (and site.schema.json) into DIR')
    .argument('[dir]', 'directory to create it in', '.')
    .option('--json', 'print {ok, exitCode, files, diagnostics} as JSON')
    .action((dir: string, flags: { json?: boolean }) =>
      runAction(flags.json === true, () => {
        const files = new Map([
          ['site.yaml', STARTER_SITE],
          ['site.schema.json', `${JSON.stringify(siteJsonSchema(), null, 2)}\n`],
        ]);
        const written = ports().out.writeNewFiles(dir, files);
        const text = `${written.map((f) => `created ${f}`).join('\n')}\nnext: bootgen build ${written[0] ?? 'site.yaml'} -o out\n`;
        finish(flags.json === true, { result: { files: written }, diagnostics: [], text });
      }),
    );
}
