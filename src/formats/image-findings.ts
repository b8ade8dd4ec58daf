// Findings collected while reading one image header. A reader never throws at its caller:
// readImageWith() turns a FormatError (field + absolute offset) into a diagnostic.
import { diag, type Diagnostic, type Result, type Severity } from '../diagnostics/diagnostic.js';
import { FormatError } from '../diagnostics/errors.js';
import type { ImageHeader } from './image-header.js';

export interface FindingDetail {
  readonly offset?: number;
  readonly field?: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
}

export class Findings {
  readonly list: Diagnostic[] = [];
  constructor(readonly file: string) {}

  add(code: string, severity: Severity, message: string, detail: FindingDetail = {}): void {
    const { offset, field, ...rest } = detail;
    const origin = {
      file: this.file,
      ...(offset !== undefined ? { offset } : {}),
      ...(field !== undefined ? { field } : {}),
    };
    this.list.push(diag(code, severity, message, { ...rest, origin }));
  }
}

/** Runs a reader; any FormatError becomes `format/invalid-header`, and the header is undefined. */
export async function readImageWith(
  file: string,
  read: (findings: Findings) => Promise<ImageHeader>,
): Promise<Result<ImageHeader | undefined>> {
  const findings = new Findings(file);
  try {
    const value = await read(findings);
    return { value, diagnostics: findings.list };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    const d = e.details;
    findings.add('format/invalid-header', 'error', `${d.format} image: ${d.structure}.${d.field} is invalid`, {
      offset: d.offset,
      field: `${d.structure}.${d.field}`,
      expected: d.expected,
      found: d.actual,
    });
    return { value: undefined, diagnostics: findings.list };
  }
}

/** Throws a FormatError for a field that fails a sanity rule. */
export function invalid(format: string, structure: string, field: string, offset: number, expected: string, actual: string): never {
  throw new FormatError({ format, structure, field, offset, expected, actual });
}
