// The bin entry: builds the commander program from the command registry and is the one boundary
// that turns errors into exit codes (user errors: diagnostics, no stack; bugs: stack).
import { Command, CommanderError } from 'commander';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { commandsFor, type RegisterCommand } from './commands/index.js';
import { printDiagnostics } from './report.js';

export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command('bootgen')
    .description('Compile one site.yaml into boot configs, boot media and checked image chains.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

const VERSION = '0.1.0';

/** Runs the CLI and returns the exit code (bin/bootgen.js sets process.exitCode). */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await buildProgram(await commandsFor(argv)).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return handleError(e);
  }
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version exit through here with code 0; usage errors are exit 2.
    return e.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (e instanceof BootgenError) {
    printDiagnostics(e.diagnostics, { stream: process.stderr });
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`bootgen: internal error (a bug in bootgen, please report it)\n${err.stack ?? err.message}\n`);
  return 70;
}
