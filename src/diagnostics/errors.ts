// Error types. A BootgenError is the user's problem (bad input, missing tool) and is printed
// without a stack; an InternalError is our bug and is printed with one.
import type { Diagnostic } from './diagnostic.js';

/** Exit codes of the user contract (DESIGN.md "Commands"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  badInput: 2,
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure caused by input or environment; carries diagnostics and the exit code to use. */
export class BootgenError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: ExitCode;
  constructor(diagnostics: readonly Diagnostic[], exitCode: ExitCode = ExitCode.badInput) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'BootgenError';
    this.diagnostics = diagnostics;
    this.exitCode = exitCode;
  }
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
