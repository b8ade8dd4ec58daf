// One plan, two verbs: everything `build` would write, planned without writing — image chains,
// configs, and each medium (USB, ISO, PXE tree) as a pure value with its diagnostics. `validate`
// reports this plan's findings; `build` writes it. Stages that do not depend on each other all
// run, so one run reports every finding: chains, configs and each medium independently.
import { dedupeDiagnostics, diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { checkSiteImages, type ChainReport } from '../chain/index.js';
import type { MediaLayout } from '../media/types.js';
import type { Site } from '../model/types.js';
import type { Artifact } from '../targets/types.js';
import { planConfigs } from './configs.js';
import { planDiskMedium } from './plan-media.js';
import { planPxeFiles, type TreeFile } from './plan-pxe.js';
import type { Ports } from './ports.js';

export const BUILD_KINDS = ['configs', 'usb', 'iso', 'pxe'] as const;
export type BuildKind = (typeof BUILD_KINDS)[number];
export type MediaKind = Exclude<BuildKind, 'configs'>;

export interface BuildPlan {
  /** what this build makes; the rest of a previous out dir is carried over */
  readonly kinds: readonly BuildKind[];
  readonly configs: readonly Artifact[];
  readonly disks: readonly MediaLayout[];
  readonly pxe: readonly TreeFile[];
  readonly chains: ChainReport;
}

export interface PlanOptions {
  /** what to build; default: configs plus every medium site.yaml declares */
  readonly only?: readonly BuildKind[] | undefined;
  readonly templatesDir?: string | undefined;
  /** media progress: one step per medium planned */
  readonly progress?: ((done: number, total: number, label: string) => void) | undefined;
}

/** The whole plan and every finding; the plan is complete only when no finding is an error. */
export async function planBuild(site: Site, ports: Ports, options: PlanOptions = {}): Promise<Result<BuildPlan>> {
  const kinds = options.only ?? (['configs', ...(['usb', 'iso', 'pxe'] as const).filter((k) => site.media[k] !== undefined)] as BuildKind[]);
  const diagnostics: Diagnostic[] = [...undeclared(site, kinds)];
  // Image chains are checked before anything is built: a broken chain must not reach a machine.
  const chains = await checkSiteImages(site, ports.images);
  diagnostics.push(...chains.diagnostics);
  // media carry the menus, so configs are planned whenever anything is built
  const templates = ports.loadTemplates(options.templatesDir);
  diagnostics.push(...templates.diagnostics);
  const configs = templates.value ? planConfigs(site, ports, { templates: templates.value }) : { value: [], diagnostics: templates.diagnostics };
  diagnostics.push(...(templates.value ? configs.diagnostics : []));
  const disks: MediaLayout[] = [];
  let pxe: readonly TreeFile[] = [];
  const media = kinds.filter((k): k is MediaKind => k !== 'configs' && site.media[k] !== undefined);
  if (!hasErrors(configs.diagnostics)) {
    for (const [i, kind] of media.entries()) {
      options.progress?.(i, media.length, `planning ${kind}`);
      if (kind === 'pxe' && templates.value) {
        const r = await planPxeFiles(site, configs.value, templates.value, ports);
        diagnostics.push(...r.diagnostics);
        pxe = r.value;
      } else if (kind !== 'pxe') {
        const r = planDiskMedium(site, configs.value, kind, ports);
        diagnostics.push(...r.diagnostics);
        if (r.value) disks.push(r.value);
      }
    }
    options.progress?.(media.length, media.length, 'planning media');
  }
  return { value: { kinds, configs: configs.value, disks, pxe, chains: chains.value }, diagnostics: oneFindingPerFile(dedupeDiagnostics(diagnostics)) };
}

/** A missing image is the chain check's finding; the media's "payload missing" at the same key says it again. */
function oneFindingPerFile(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const where = (d: Diagnostic): string => JSON.stringify([d.origin?.file, d.origin?.path]);
  const chain = new Set(diagnostics.filter((d) => d.code === 'chain/image-missing' || d.code === 'chain/image-not-a-file').map(where));
  return diagnostics.filter((d) => !((d.code === 'media/payload-missing' || d.code === 'media/payload-not-a-file') && chain.has(where(d))));
}

/** `--only usb` on a site without `media.usb` builds nothing: say so instead of exiting 0. */
function undeclared(site: Site, kinds: readonly BuildKind[]): Diagnostic[] {
  return kinds
    .filter((k): k is MediaKind => k !== 'configs' && site.media[k] === undefined)
    .map((k) =>
      diag('cli/not-declared', 'error', `--only ${k}: site '${site.name}' declares no media.${k}`, {
        expected: `a media.${k} section in site.yaml`,
        hint: `add media: {${k}: {}} to the site, or leave ${k} out of --only`,
        origin: site.origin,
      }),
    );
}

/** Which kind of a build a file of the out dir belongs to (what a partial rebuild replaces). */
export function kindOfPath(site: Site, path: string): BuildKind {
  if (path === `media/${site.name}-usb.img`) return 'usb';
  if (path === `media/${site.name}.iso`) return 'iso';
  if (path.startsWith('pxe/') || path.startsWith('hooks/')) return 'pxe';
  return 'configs';
}
