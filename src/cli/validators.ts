// What `bootgen validate` can check, one entry per kind of input. The image-chain area adds an
// image validator here, and extra site checks (chain checks, the mermaid tree) to `siteChecks`.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { loadSite, type CompiledSite } from '../pipeline.js';
import { chainSiteCheck, imageValidator } from './chain-checks.js';

/** An extra block of a report: text for terminals, markdown for `--format markdown`. */
export interface ReportSection {
  readonly title: string;
  readonly text: string;
  readonly markdown: string;
}

export interface ValidationReport {
  /** the argument as given */
  readonly subject: string;
  readonly kind: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly sections: readonly ReportSection[];
}

export interface Validator {
  readonly kind: string;
  accepts(path: string): boolean;
  validate(path: string): Promise<ValidationReport>;
}

/** Further checks of a site whose manifest is valid (e.g. its image chains). */
export type SiteCheck = (site: CompiledSite) => Promise<{ diagnostics: readonly Diagnostic[]; sections: readonly ReportSection[] }>;

export const siteChecks: SiteCheck[] = [chainSiteCheck];

const UNREADABLE = new Set(['manifest/not-found', 'manifest/is-directory', 'manifest/unreadable', 'manifest/too-large']);

export async function validateSite(file: string, extra: readonly SiteCheck[] = siteChecks): Promise<ValidationReport> {
  const loaded = loadSite(file);
  // An input that cannot be read at all is a bad invocation (exit 2), not a finding.
  const unreadable = loaded.diagnostics.filter((d) => UNREADABLE.has(d.code));
  if (unreadable.length) throw new BootgenError(unreadable, ExitCode.badInput);
  const diagnostics = [...loaded.diagnostics];
  const sections: ReportSection[] = [];
  if (loaded.value) {
    for (const check of extra) {
      const r = await check(loaded.value);
      diagnostics.push(...r.diagnostics);
      sections.push(...r.sections);
    }
  }
  return { subject: file, kind: 'site', diagnostics, sections };
}

export const validators: Validator[] = [
  { kind: 'site', accepts: (path) => /\.ya?ml$/i.test(path), validate: (path) => validateSite(path) },
  imageValidator,
];
