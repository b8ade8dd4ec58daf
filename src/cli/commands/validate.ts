// `bootgen validate SITE|IMAGE... [--format text|json|junit|github|markdown]`: checks, writes
// nothing. Exit 1 when any input has errors, 2 when an argument cannot be validated at all.
import type { Command } from 'commander';
import { diag } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { formatReports, VALIDATE_FORMATS } from '../format/validation-formats.js';
import { runAction } from '../json-output.js';
import { parseChoice } from '../options.js';
import { validators, type ValidationReport } from '../validators.js';

interface ValidateFlags {
  readonly format: string;
  readonly json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check sites (and images) and report findings; writes nothing')
    .argument('<inputs...>', 'site.yaml files (or images)')
    .option('--format <format>', VALIDATE_FORMATS.join(' | '), 'text')
    .option('--json', 'same as --format json')
    .action((inputs: string[], flags: ValidateFlags) => runAction(flags.json === true || flags.format === 'json', () => validate(inputs, flags)));
}

async function validate(inputs: readonly string[], flags: ValidateFlags): Promise<void> {
  const format = flags.json ? 'json' : parseChoice('--format', flags.format, VALIDATE_FORMATS);
  const reports: ValidationReport[] = [];
  for (const input of inputs) {
    const validator = validators.find((v) => v.accepts(input));
    if (!validator) throw unknownInput(input);
    reports.push(await validator.validate(input));
  }
  process.stdout.write(formatReports(reports, format));
  if (reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) process.exitCode = ExitCode.findings;
}

function unknownInput(input: string): BootgenError {
  return new BootgenError([
    diag('cli/unknown-input', 'error', `cannot validate ${input}: not a kind of file bootgen checks`, {
      expected: `one of: ${validators.map((v) => v.kind).join(', ')} (a site manifest ends in .yaml or .yml)`,
      found: input,
      origin: { file: input },
    }),
  ], ExitCode.badInput);
}
