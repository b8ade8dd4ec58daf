// The bin entry: builds the commander program from the command registry and is the one boundary
// that turns errors into exit codes (user errors: diagnostics, no stack; bugs: stack). With
// --json, argument errors too come out as the one JSON envelope every command prints.
import { Command, CommanderError } from 'commander';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { commandsFor, type RegisterCommand } from './commands/index.js';
import { envelope, printJson } from './json-output.js';
import { printDiagnostics } from './report.js';

export function buildProgram(commands: readonly RegisterCommand[], options: { json?: boolean } = {}): Command {
  const program = new Command('bootgen')
    .description('Compile one site.yaml into boot configs, boot media and checked image chains.')
    .version(VERSION, '-V, --version')
    .exitOverride();
  // --json: commander's own error text is replaced by the envelope (main's handleError)
  if (options.json) program.configureOutput({ writeErr: () => {}, outputError: () => {} });
  else program.showHelpAfterError();
  for (const register of commands) register(program);
  return program;
}

const VERSION = '0.1.0';

/** Runs the CLI and returns the exit code (bin/bootgen.js sets process.exitCode). */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  const json = argv.slice(2).includes('--json');
  try {
    await buildProgram(await commandsFor(argv), { json }).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return handleError(e, json);
  }
}

function handleError(e: unknown, json: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version exit through here with code 0; usage errors are exit 2.
    if (e.exitCode === 0) return ExitCode.ok;
    if (json) printJson(envelope(ExitCode.badInput, [diag('cli/usage', 'error', e.message.replace(/^error: /, ''), { hint: 'see bootgen --help, or bootgen COMMAND --help' })]));
    return ExitCode.badInput;
  }
  if (e instanceof BootgenError) {
    if (json) printJson(envelope(e.exitCode, e.diagnostics));
    else printDiagnostics(e.diagnostics, { stream: process.stderr });
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`bootgen: internal error (a bug in bootgen, please report it)\n${err.stack ?? err.message}\n`);
  return 70;
}
