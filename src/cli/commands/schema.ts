// `bootgen schema`: the JSON Schema of site.yaml on stdout (for editors; see `bootgen init`).
import type { Command } from 'commander';
import { siteJsonSchema } from '../../manifest/index.js';
import { finish, printJson } from '../json-output.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of site.yaml')
    .option('--json', 'the schema inside the {ok, exitCode, diagnostics, schema} envelope of every command')
    .action((flags: { json?: boolean }) => (flags.json ? finish(true, { result: { schema: siteJsonSchema() }, diagnostics: [] }) : printJson(siteJsonSchema())));
}
