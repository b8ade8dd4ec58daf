// Config artifacts through the templates port: every target's (build, validate) or one target's
// text (render). A target the site cannot produce is an error for render, not an empty file.
import { diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { Site } from '../model/types.js';
import { planArtifacts, renderTarget } from '../targets/index.js';
import type { Artifact, RenderOptions, TargetKind, TemplateSet } from '../targets/types.js';
import type { Ports } from './ports.js';

export interface ConfigOptions {
  readonly templatesDir?: string | undefined;
  /** templates already loaded (else loaded from templatesDir through the port) */
  readonly templates?: TemplateSet;
  readonly only?: readonly TargetKind[] | undefined;
  readonly machine?: string | undefined;
}

/** Site → config artifacts (in memory); nothing when templates or any target have errors. */
export function planConfigs(site: Site, ports: Ports, options: ConfigOptions = {}): Result<readonly Artifact[]> {
  return withTemplates(ports, options, (render) => planArtifacts(site, { ...render, ...(options.only ? { only: options.only } : {}) }), []);
}

/** `bootgen render`: one target's config text. */
export function renderConfig(site: Site, kind: TargetKind, ports: Ports, options: ConfigOptions = {}): Result<string> {
  const r = withTemplates(ports, options, (render) => renderTarget(site, kind, render), '');
  if (hasErrors(r.diagnostics) || r.value !== '') return r;
  return { value: '', diagnostics: [...r.diagnostics, nothingToRender(site, kind, r.diagnostics)] };
}

/** Why a target has nothing to render for this site, as the error of `render`. */
export function nothingToRender(site: Site, kind: string, diagnostics: readonly Diagnostic[]): Diagnostic {
  const network = kind === 'ipxe' || kind === 'dnsmasq' || kind === 'dhcpd';
  const why = network && site.network === undefined ? 'it has no network: section' : kind === 'bcd' ? 'no entry boots Windows (windows: {} or wim:)' : 'no entry can be written for it';
  const left = diagnostics.filter((d) => d.code === 'target/unsupported-entry').map((d) => d.message);
  return diag('target/nothing-to-render', 'error', `site '${site.name}' has no ${kind} config to render: ${why}`, {
    expected: network ? 'a network: section (server, http, san, dhcp)' : kind === 'bcd' ? 'an entry with windows: {} or wim:' : 'an entry this target can boot',
    ...(left.length ? { found: left.join('; ') } : {}),
    origin: site.origin,
  });
}

function withTemplates<T>(ports: Ports, options: ConfigOptions, stage: (render: RenderOptions) => Result<T>, empty: T): Result<T> {
  const templates = options.templates ? { value: options.templates, diagnostics: [] } : ports.loadTemplates(options.templatesDir);
  if (!templates.value) return { value: empty, diagnostics: templates.diagnostics };
  const r = stage({ templates: templates.value, ...(options.machine !== undefined ? { machine: options.machine } : {}) });
  return { value: r.value, diagnostics: [...templates.diagnostics, ...r.diagnostics] };
}
