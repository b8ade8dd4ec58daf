// `bootgen validate`: for a site, exactly the plan `build` makes (app/build-plan.ts), with the same
// probes, reporting its findings and writing nothing; for a loose image, its chain.
import { imageTreeMermaid, imageTreeText, walkChains, type ChainReport } from '../chain/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { planBuild } from './build-plan.js';
import type { Ports } from './ports.js';
import { loadSite } from './site.js';

/** An extra block of a report: text for terminals, markdown for `--format markdown`. */
export interface ReportSection {
  readonly title: string;
  readonly text: string;
  readonly markdown: string;
}

export interface ValidationReport {
  /** the argument as given */
  readonly subject: string;
  readonly kind: 'site' | 'image';
  readonly diagnostics: readonly Diagnostic[];
  readonly sections: readonly ReportSection[];
}

const UNREADABLE = new Set(['manifest/not-found', 'manifest/is-directory', 'manifest/unreadable', 'manifest/too-large']);

export const isSiteInput = (path: string): boolean => /\.ya?ml$/i.test(path);

export async function validateInput(input: string, ports: Ports): Promise<ValidationReport> {
  return isSiteInput(input) ? validateSite(input, ports) : validateImage(input, ports);
}

export async function validateSite(file: string, ports: Ports): Promise<ValidationReport> {
  const loaded = loadSite(file, ports);
  // An input that cannot be read at all is a bad invocation (exit 2), not a finding.
  const unreadable = loaded.diagnostics.filter((d) => UNREADABLE.has(d.code));
  if (unreadable.length) throw new BootgenError(unreadable, ExitCode.badInput);
  if (!loaded.value) return { subject: file, kind: 'site', diagnostics: loaded.diagnostics, sections: [] };
  const plan = await planBuild(loaded.value.site, ports);
  const diagnostics = [...loaded.diagnostics, ...plan.diagnostics];
  const chains = plan.value.chains;
  return { subject: file, kind: 'site', diagnostics, sections: chains.nodes.length ? [treeSection(chains, diagnostics)] : [] };
}

async function validateImage(path: string, ports: Ports): Promise<ValidationReport> {
  const r = await walkChains([{ path }], ports.images);
  const missing = r.diagnostics.filter((d) => d.code === 'chain/image-missing' || d.code === 'chain/unreadable');
  if (missing.length > 0) throw new BootgenError(missing, ExitCode.badInput);
  return { subject: path, kind: 'image', diagnostics: r.diagnostics, sections: r.value.nodes.length ? [treeSection(r.value, r.diagnostics)] : [] };
}

function treeSection(report: ChainReport, diagnostics: readonly Diagnostic[]): ReportSection {
  return { title: 'Image tree', text: imageTreeText(report, diagnostics), markdown: imageTreeMermaid(report, diagnostics) };
}
