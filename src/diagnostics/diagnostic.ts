// The one diagnostic shape every stage returns. Codes are stable and namespaced by stage
// ('manifest/…', 'model/…', 'target/…', 'chain/…', 'media/…', 'format/…'); docs and tests key on them.

export type Severity = 'error' | 'warning' | 'info';

/** Where in a manifest (file:line:col + YAML path) or in an image (file + byte offset). */
export interface Origin {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly path?: readonly (string | number)[];
  /** byte offset in a binary file */
  readonly offset?: number;
  /** structure field in a binary file, e.g. 'vhd.footer.checksum' */
  readonly field?: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  readonly origin?: Origin;
}

/** A stage result: a value plus what was noticed while computing it. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function diag(
  code: string,
  severity: Severity,
  message: string,
  extra: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {},
): Diagnostic {
  return { code, severity, message, ...extra };
}

/**
 * One diagnostic per cause: the same finding reached by two stages (a missing file on the USB
 * image and the ISO, a subnet for dnsmasq and dhcpd) is kept once, in first-seen order.
 */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    // file + YAML path name the place; reading line/col would force the manifest's positions
    const o = d.origin;
    const key = JSON.stringify([d.code, d.severity, d.message, o?.file, o?.path, o?.offset, o?.field]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
