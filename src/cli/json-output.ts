// `--json` on every command: the result (or the diagnostics of a failure) as one JSON document on
// stdout, with the same exit code as the text mode. Without --json, failures go to the boundary
// in main.ts (text diagnostics on stderr).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError } from '../diagnostics/errors.js';
import { formatDiagnostic } from './report.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs a command action; with --json, a BootgenError becomes `{diagnostics}` on stdout. */
export async function runAction(json: boolean, action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (!json || !(e instanceof BootgenError)) throw e;
    printJson({ ok: false, exitCode: e.exitCode, diagnostics: e.diagnostics });
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
