// Error types. A BootgenError is the user's problem (bad input, missing tool) and is printed
// without a stack; an InternalError is our bug and is printed with one.
import type { Diagnostic } from './diagnostic.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

export { ExitCode };

/**
 * A failure caused by input or environment; carries diagnostics and the exit code, which is the
 * table's (exit-codes.ts) unless a command says otherwise (an argument that cannot be read is 2).
 */
export class BootgenError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: ExitCode;
  constructor(diagnostics: readonly Diagnostic[], exitCode: ExitCode = failingCode(diagnostics)) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'BootgenError';
    this.diagnostics = diagnostics;
    this.exitCode = exitCode;
  }
}

function failingCode(diagnostics: readonly Diagnostic[]): ExitCode {
  const code = exitCodeFor(diagnostics);
  return code === ExitCode.ok ? ExitCode.findings : code;
}

/** A broken invariant inside bootgen: a bug, never the user's fault. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export interface FormatErrorDetails {
  /** e.g. 'vhd', 'qcow2', 'fat' */
  readonly format: string;
  /** e.g. 'vhd.footer' */
  readonly structure: string;
  readonly field: string;
  /** absolute byte offset of the field in the image, when known */
  readonly offset: number;
  readonly expected: string;
  readonly actual: string;
}

/** A binary structure that does not decode: names the field and its byte offset. */
export class FormatError extends Error {
  readonly details: FormatErrorDetails;
  constructor(details: FormatErrorDetails) {
    super(
      `${details.structure}.${details.field} @0x${details.offset.toString(16)}: expected ${details.expected}, found ${details.actual}`,
    );
    this.name = 'FormatError';
    this.details = details;
  }
}
