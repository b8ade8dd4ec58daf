// `bootgen validate SITE|IMAGE... [--format text|json|junit|github|markdown]`: the plan `build`
// makes, its findings reported, nothing written. Exit code by the table over every input's
// findings; 2 when an argument cannot be validated at all.
import type { Command } from 'commander';
import { validateInput, type ValidationReport } from '../../app/validate.js';
import { exitCodeFor } from '../../diagnostics/exit-codes.js';
import { formatReports, VALIDATE_FORMATS } from '../format/validation-formats.js';
import { runAction } from '../json-output.js';
import { parseChoice } from '../options.js';
import { ports } from '../ports.js';

interface ValidateFlags {
  readonly format: string;
  readonly json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check sites (everything build checks) and images, and report findings; writes nothing')
    .argument('<inputs...>', 'site.yaml files (or images)')
    .option('--format <format>', VALIDATE_FORMATS.join(' | '), 'text')
    .option('--json', 'same as --format json')
    .action((inputs: string[], flags: ValidateFlags) => runAction(flags.json === true || flags.format === 'json', () => validate(inputs, flags)));
}

async function validate(inputs: readonly string[], flags: ValidateFlags): Promise<void> {
  const format = flags.json ? 'json' : parseChoice('--format', flags.format, VALIDATE_FORMATS);
  const reports: ValidationReport[] = [];
  for (const input of inputs) reports.push(await validateInput(input, ports()));
  const code = exitCodeFor(reports.flatMap((r) => r.diagnostics));
  process.stdout.write(formatReports(reports, format, code));
  process.exitCode = code;
}
