// One result contract for every command: the exit code comes from the diagnostics by the table
// (diagnostics/exit-codes.ts) unless the command gives one, and `--json` prints one envelope,
// `{ok, exitCode, diagnostics, …the command's result}`, on success, on failure and on argument
// errors alike. Without --json, failures go to the boundary in main.ts (text on stderr).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode, type ExitCode as Code } from '../diagnostics/errors.js';
import { exitCodeFor } from '../diagnostics/exit-codes.js';
import { formatDiagnostic } from './report.js';

export interface Envelope {
  readonly ok: boolean;
  readonly exitCode: Code;
  readonly diagnostics: readonly Diagnostic[];
  readonly [key: string]: unknown;
}

export function envelope(exitCode: Code, diagnostics: readonly Diagnostic[], result: object = {}): Envelope {
  return { ok: exitCode === ExitCode.ok, exitCode, diagnostics, ...result };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface Outcome {
  /** the command's result fields (merged into the JSON envelope) */
  readonly result?: object;
  readonly diagnostics: readonly Diagnostic[];
  /** default: by the table from the diagnostics */
  readonly exitCode?: Code;
  /** text mode: what goes to stdout (warnings go to stderr) */
  readonly text?: string;
  /** text mode: print warnings on stderr (default true) */
  readonly warnings?: boolean;
}

/** Prints a command's outcome in the chosen mode and sets the exit code. */
export function finish(json: boolean, outcome: Outcome): void {
  const code = outcome.exitCode ?? exitCodeFor(outcome.diagnostics);
  process.exitCode = code;
  if (json) return printJson(envelope(code, outcome.diagnostics, outcome.result));
  if (outcome.text !== undefined) process.stdout.write(outcome.text);
  if (outcome.warnings !== false) printWarnings(outcome.diagnostics);
}

/** Runs a command action; with --json, a BootgenError becomes the envelope on stdout. */
export async function runAction(json: boolean, action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (!json || !(e instanceof BootgenError)) throw e;
    printJson(envelope(e.exitCode, e.diagnostics));
    process.exitCode = e.exitCode;
  }
}

/**
 * Warnings of a successful run go to stderr in text mode (stdout may be a config), one line each
 * (with the hint, if any); `--json` and `bootgen validate` give the full detail.
 */
export function printWarnings(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const [headline] = formatDiagnostic(d).split('\n');
    process.stderr.write(`${headline ?? ''}${d.hint ? ` (${d.hint})` : ''}\n`);
  }
}
