// The explicit target registry and the stage entry points: planArtifacts (every config of a site,
// for `bootgen build`) and renderTarget (one config as text, for `bootgen render`).
import { dedupeDiagnostics, diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { Site } from '../model/types.js';
import { bcdTarget } from './bcd/index.js';
import { groupLeftOut } from './target-diagnostics.js';
import { dhcpdTarget } from './dhcpd/index.js';
import { dnsmasqTarget } from './dnsmasq/index.js';
import { grubTarget } from './grub/index.js';
import { ipxeTarget } from './ipxe/index.js';
import type { Artifact, RenderOptions, Target, TargetKind } from './types.js';
import { vbootTarget } from './vboot/index.js';

export type { Artifact, RenderOptions, Target, TargetKind, TemplateSet } from './types.js';

/** Every config target, in output order. */
export const targets: readonly Target[] = [grubTarget, vbootTarget, ipxeTarget, bcdTarget, dnsmasqTarget, dhcpdTarget];

export const TARGET_KINDS: readonly TargetKind[] = targets.map((t) => t.kind);

function unknownMachine(site: Site, name: string): Diagnostic {
  const near = didYouMean(name, site.machines.map((m) => m.name));
  return diag('target/unknown-machine', 'error', `no machine named '${name}' in site '${site.name}'`, {
    found: name,
    ...(near === undefined ? {} : { hint: `did you mean '${near}'?` }),
    origin: site.origin,
  });
}

/** All config artifacts of a site (or of the `only` targets); nothing when any target has errors. */
export function planArtifacts(site: Site, options: RenderOptions & { readonly only?: readonly TargetKind[] }): Result<readonly Artifact[]> {
  if (options.machine !== undefined && !site.machines.some((m) => m.name === options.machine)) {
    return { value: [], diagnostics: [unknownMachine(site, options.machine)] };
  }
  const artifacts: Artifact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const target of targets) {
    if (options.only && !options.only.includes(target.kind)) continue;
    const result = target.render(site, options);
    artifacts.push(...result.value);
    diagnostics.push(...result.diagnostics);
  }
  const all = groupLeftOut(dedupeDiagnostics(diagnostics));
  return { value: hasErrors(all) ? [] : artifacts, diagnostics: all };
}

/**
 * One target's config as text for `bootgen render`: iPXE prints the machine's script when
 * `machine` is given, else boot.ipxe; the BCD target prints its scripts one after another.
 */
export function renderTarget(site: Site, kind: TargetKind, options: RenderOptions): Result<string> {
  const planned = planArtifacts(site, { ...options, only: [kind] });
  let artifacts = planned.value;
  if (kind === 'ipxe' && artifacts.length > 0) {
    const wanted = options.machine === undefined ? artifacts[0] : artifacts[artifacts.length - 1];
    artifacts = wanted ? [wanted] : [];
  }
  const text = artifacts.map((a) => (typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content))).join('');
  return { value: text, diagnostics: planned.diagnostics };
}
