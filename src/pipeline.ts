// The stages composed (code-style.md §6.1): read → parse → resolve → check → plan → emit.
// Each stage returns {value, diagnostics}; the first stage with errors stops the run, and nothing
// is written unless every stage before emit succeeded.
import { hasErrors, type Diagnostic, type Result } from './diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from './diagnostics/errors.js';
import { checkSiteImages } from './chain/index.js';
import { nodeFileSource } from './io/image-files.js';
import { emitArtifacts, loadTemplates, openOutDir, readManifest, type OutDirWriter, type Progress, type WrittenArtifact } from './io/index.js';
import { writeIsoMedium, writeUsbMedium } from './io/media-stage.js';
import { writePxeTree } from './io/net-pxe-tree.js';
import { decodeManifestText, loadManifest, type SourceMap, type WrittenSite } from './manifest/index.js';
import { checkSite, resolveSite, type Site } from './model/index.js';
import { planArtifacts, renderTarget } from './targets/index.js';
import type { Artifact, RenderOptions, TargetKind } from './targets/types.js';

export interface CompiledSite {
  readonly site: Site;
  readonly written: WrittenSite;
  readonly source: SourceMap;
}

export interface CompileOptions {
  readonly file: string;
  /** the directory of site.yaml */
  readonly dir: string;
  readonly sourceDateEpoch?: string | undefined;
}

/** Manifest text → checked Site. Pure. */
export function compileManifest(text: string, options: CompileOptions): Result<CompiledSite | undefined> {
  const loaded = loadManifest(text, options.file);
  if (!loaded.value || hasErrors(loaded.diagnostics)) return { value: undefined, diagnostics: loaded.diagnostics };
  const { written, source } = loaded.value;
  const resolved = resolveSite(written, { file: options.file, dir: options.dir, source, sourceDateEpoch: options.sourceDateEpoch });
  const checked = checkSite({ site: resolved.value, written, source });
  const diagnostics = [...loaded.diagnostics, ...resolved.diagnostics, ...checked];
  return { value: hasErrors(diagnostics) ? undefined : { site: resolved.value, written, source }, diagnostics };
}

/** Reads and compiles a site.yaml from disk. */
export function loadSite(file: string, env: NodeJS.ProcessEnv = process.env): Result<CompiledSite | undefined> {
  const read = readManifest(file);
  if (!read.value) return { value: undefined, diagnostics: read.diagnostics };
  const text = decodeManifestText(read.value.bytes, file);
  if (text.value === undefined) return { value: undefined, diagnostics: text.diagnostics };
  return compileManifest(text.value, { file, dir: read.value.dir, sourceDateEpoch: env.SOURCE_DATE_EPOCH });
}

/** loadSite, or a BootgenError (exit 2) carrying every diagnostic found. */
export function requireSite(file: string, env: NodeJS.ProcessEnv = process.env): { site: CompiledSite; warnings: readonly Diagnostic[] } {
  const r = loadSite(file, env);
  if (!r.value) throw new BootgenError(r.diagnostics, ExitCode.badInput);
  return { site: r.value, warnings: r.diagnostics };
}

export interface PlanOptions {
  readonly templatesDir?: string | undefined;
  readonly only?: readonly TargetKind[] | undefined;
  readonly machine?: string | undefined;
}

/** Site → config artifacts (in memory), or a BootgenError. */
export function planConfigs(site: Site, options: PlanOptions): Result<readonly Artifact[]> {
  return withTemplates(options, (render) => planArtifacts(site, { ...render, ...(options.only ? { only: options.only } : {}) }));
}

/** `bootgen render`: one target's config text, or a BootgenError. */
export function renderConfig(site: Site, kind: TargetKind, options: PlanOptions): Result<string> {
  return withTemplates(options, (render) => renderTarget(site, kind, render));
}

function withTemplates<T>(options: PlanOptions, stage: (render: RenderOptions) => Result<T>): Result<T> {
  const templates = loadTemplates({ userDir: options.templatesDir });
  if (!templates.value) throw new BootgenError(templates.diagnostics, ExitCode.badInput);
  const r = stage({ templates: templates.value, ...(options.machine !== undefined ? { machine: options.machine } : {}) });
  const diagnostics = [...templates.diagnostics, ...r.diagnostics];
  if (hasErrors(diagnostics)) throw new BootgenError(diagnostics, ExitCode.badInput);
  return { value: r.value, diagnostics };
}

export const BUILD_KINDS = ['configs', 'usb', 'iso', 'pxe'] as const;
export type BuildKind = (typeof BUILD_KINDS)[number];
export type MediaKind = Exclude<BuildKind, 'configs'>;

export interface MediaContext {
  readonly site: Site;
  /** the config artifacts planned for this build (media lay them out) */
  readonly configs: readonly Artifact[];
  readonly writer: OutDirWriter;
  readonly progress?: Progress | undefined;
}
export type MediaStage = (ctx: MediaContext) => Promise<Result<readonly WrittenArtifact[]>>;

/** Media writers by kind. */
const mediaStages: Readonly<Record<MediaKind, MediaStage>> = { pxe: writePxeTree, usb: writeUsbMedium, iso: writeIsoMedium };

export interface BuildOptions {
  readonly file: string;
  readonly out: string;
  /** what to build; default: configs plus every medium site.yaml asks for */
  readonly only?: readonly BuildKind[] | undefined;
  readonly templatesDir?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly progress?: Progress | undefined;
}

export interface BuildReport {
  readonly out: string;
  readonly artifacts: readonly WrittenArtifact[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `bootgen build`: everything into a temp dir, swapped in atomically at the end. */
export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  const { site, warnings: manifestWarnings } = requireSite(options.file, options.env);
  // Image chains are checked before anything is built: a broken chain must not reach a machine.
  const chains = await checkSiteImages(site.site, nodeFileSource());
  if (hasErrors(chains.diagnostics)) throw new BootgenError([...manifestWarnings, ...chains.diagnostics], ExitCode.findings);
  const warnings = [...manifestWarnings, ...chains.diagnostics];
  const media = chooseMedia(site.site, options.only);
  const wantConfigs = options.only === undefined || options.only.includes('configs');
  // media carry the menus, so configs are planned whenever media are built, emitted only if asked
  const configs = wantConfigs || media.length > 0 ? planConfigs(site.site, { templatesDir: options.templatesDir }) : { value: [], diagnostics: [] };
  const writer = openOutDir(options.out, { epoch: site.site.epoch });
  try {
    const artifacts = wantConfigs ? [...emitArtifacts(configs.value, writer, options.progress)] : [];
    const diagnostics = [...warnings, ...configs.diagnostics];
    for (const stage of media) {
      const r = await stage({ site: site.site, configs: configs.value, writer, progress: options.progress });
      if (hasErrors(r.diagnostics)) throw new BootgenError([...diagnostics, ...r.diagnostics], ExitCode.findings);
      artifacts.push(...r.value);
      diagnostics.push(...r.diagnostics);
    }
    writer.commit();
    return { out: options.out, artifacts, diagnostics };
  } finally {
    writer.abort();
  }
}

/** The media stages to run: asked for with --only, else those site.yaml declares. */
function chooseMedia(site: Site, only: readonly BuildKind[] | undefined): MediaStage[] {
  const kinds = only ?? (['usb', 'iso', 'pxe'] as const).filter((k) => site.media[k] !== undefined);
  return kinds.filter((k): k is MediaKind => k !== 'configs').map((k) => mediaStages[k]);
}
