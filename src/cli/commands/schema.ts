// `bootgen schema`: the JSON Schema of site.yaml on stdout (for editors; see `bootgen init`).
import type { Command } from 'commander';
import { siteJsonSchema } from '../../manifest/index.js';
import { printJson } from '../json-output.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of site.yaml')
    .option('--json', 'JSON output (the schema is JSON either way)')
    .action(() => printJson(siteJsonSchema()));
}
