// The exit-code table of the user contract (README "Exit codes", DESIGN.md "Commands"): a failed
// run exits with the code of its errors' kind. Invalid input or invocation wins over a missing
// tool, which wins over findings, so the most fundamental problem is the one a script sees.
import type { Diagnostic } from './diagnostic.js';

export const ExitCode = {
  ok: 0,
  findings: 1,
  badInput: 2,
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** By the code's area (the part before '/'). */
export const AREA_EXIT: Readonly<Record<string, ExitCode>> = {
  cli: ExitCode.badInput,
  manifest: ExitCode.badInput,
  model: ExitCode.badInput,
  target: ExitCode.badInput,
  env: ExitCode.environment,
  chain: ExitCode.findings,
  format: ExitCode.findings,
  media: ExitCode.findings,
  net: ExitCode.findings,
  bcd: ExitCode.findings,
};

/** Codes whose kind differs from their area's. */
export const CODE_EXIT: Readonly<Record<string, ExitCode>> = {
  'net/no-device-mapper': ExitCode.environment,
  'net/tgtd-unreachable': ExitCode.environment,
  'net/command-failed': ExitCode.environment,
  'net/plan-variable': ExitCode.environment,
  'net/unknown-overlay': ExitCode.badInput,
  'net/merge-ambiguous': ExitCode.badInput,
};

export function exitCodeOf(code: string): ExitCode {
  return CODE_EXIT[code] ?? AREA_EXIT[code.split('/')[0] ?? ''] ?? ExitCode.findings;
}

const RANK: readonly ExitCode[] = [ExitCode.badInput, ExitCode.environment, ExitCode.findings];

/** The exit code of a run with these diagnostics: 0 without errors. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): ExitCode {
  const codes = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => exitCodeOf(d.code)));
  return RANK.find((c) => codes.has(c)) ?? ExitCode.ok;
}
