// site.yaml → checked Site: read through the ports, decoded, parsed, resolved and checked by the
// pure stages. Every command that takes a SITE starts here.
import { hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { decodeManifestText, loadManifest, type SourceMap, type WrittenSite } from '../manifest/index.js';
import { checkSite, resolveSite, type Site } from '../model/index.js';
import type { Ports } from './ports.js';
import { sitePayloadFindings, symlinkEscapes } from './site-files.js';

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

export interface Compiled extends Result<CompiledSite | undefined> {
  /** the resolved site even when checks failed, for the findings that need only its file names */
  readonly unchecked?: Site;
}

/** Manifest text → checked Site. Pure. Every stage that can run does, so all findings come at once. */
export function compileManifest(text: string, options: CompileOptions): Compiled {
  const loaded = loadManifest(text, options.file);
  if (!loaded.value) return { value: undefined, diagnostics: loaded.diagnostics };
  const { written, source } = loaded.value;
  const resolved = resolveSite(written, { file: options.file, dir: options.dir, source, sourceDateEpoch: options.sourceDateEpoch });
  const checked = checkSite({ site: resolved.value, written, source });
  const diagnostics = [...loaded.diagnostics, ...resolved.diagnostics, ...checked];
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics, unchecked: resolved.value };
  return { value: { site: resolved.value, written, source }, diagnostics };
}

/** Reads and compiles a site.yaml. */
export function loadSite(file: string, ports: Ports, env: NodeJS.ProcessEnv = process.env): Result<CompiledSite | undefined> {
  const read = ports.readManifest(file);
  if (!read.value) return { value: undefined, diagnostics: read.diagnostics };
  const text = decodeManifestText(read.value.bytes, file);
  if (text.value === undefined) return { value: undefined, diagnostics: text.diagnostics };
  const compiled = compileManifest(text.value, { file, dir: read.value.dir, sourceDateEpoch: env.SOURCE_DATE_EPOCH });
  // an invalid site still gets its missing files reported: a payload error is not hidden behind a network error
  if (!compiled.unchecked) {
    if (!compiled.value) return compiled;
    // the symlink half of path confinement needs the file system (model/rules/path-escape.ts is the lexical half)
    const escapes = symlinkEscapes(compiled.value, ports);
    return escapes.length ? { value: undefined, diagnostics: [...compiled.diagnostics, ...escapes] } : compiled;
  }
  return { value: undefined, diagnostics: [...compiled.diagnostics, ...sitePayloadFindings(compiled.unchecked, ports)] };
}

/** loadSite, or a BootgenError (exit 2) carrying every diagnostic found. */
export function requireSite(file: string, ports: Ports, env: NodeJS.ProcessEnv = process.env): { site: CompiledSite; warnings: readonly Diagnostic[] } {
  const r = loadSite(file, ports, env);
  if (!r.value) throw new BootgenError(r.diagnostics, ExitCode.badInput);
  return { site: r.value, warnings: r.diagnostics };
}
