// `bootgen build`: the plan (app/build-plan.ts), then written into a temp dir beside the out dir
// and swapped in atomically. Nothing is written unless the whole plan is free of errors; a
// partial build (--only) carries the previous out dir's other files over unchanged.
import { createHash } from 'node:crypto';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError } from '../diagnostics/errors.js';
import { planBuild, kindOfPath, type BuildKind, type BuildPlan } from './build-plan.js';
import type { OutDir, Ports } from './ports.js';
import { requireSite } from './site.js';
import type { Site } from '../model/types.js';
import { PXE_DIR } from '../net/pxe-tree.js';
import { formatSums, SUMS_FILE } from '../net/tree-sums.js';

export interface BuildOptions {
  readonly file: string;
  readonly out: string;
  readonly only?: readonly BuildKind[] | undefined;
  readonly templatesDir?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** the SHA-256 of each medium image (`--json` reports it); default true */
  readonly hash?: boolean;
  /** aborting it (an interrupt) removes the temp dir: the previous out dir stays as it was */
  readonly signal?: AbortSignal;
  /** one labelled bar per phase: (done, total, phase label) */
  readonly progress?: ((done: number, total: number, label: string) => void) | undefined;
}

export interface WrittenArtifact {
  readonly kind: string;
  /** relative to the out dir, POSIX separators */
  readonly path: string;
  readonly bytes: number;
  /** '' for a medium image built without `hash` */
  readonly sha256: string;
}

export interface BuildReport {
  readonly out: string;
  readonly artifacts: readonly WrittenArtifact[];
  /** files of the previous out dir kept as they were (a partial build) */
  readonly carried: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export async function buildSite(options: BuildOptions, ports: Ports): Promise<BuildReport> {
  const { site, warnings } = requireSite(options.file, ports, options.env);
  return buildCompiled(site.site, warnings, options, ports);
}

/** Builds a checked site (serve builds the site as the server runs it). */
export async function buildCompiled(site: Site, warnings: readonly Diagnostic[], options: Omit<BuildOptions, 'file' | 'env'>, ports: Ports): Promise<BuildReport> {
  const planned = await planBuild(site, ports, { only: options.only, templatesDir: options.templatesDir, progress: options.progress });
  const diagnostics = [...warnings, ...planned.diagnostics];
  if (hasErrors(diagnostics)) throw new BootgenError(diagnostics);
  const plan = planned.value;
  const out = ports.out.openOutDir(options.out, { epoch: site.epoch });
  const onAbort = (): void => out.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    const artifacts = writePlan(plan, out, ports, options);
    const written = new Set(artifacts.map((a) => a.path));
    const carried = out.previousFiles().filter((p) => !written.has(p) && !plan.kinds.includes(kindOfPath(site, p)));
    out.carryOver(carried);
    out.commit();
    return { out: options.out, artifacts, carried, diagnostics };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    out.abort();
  }
}

function writePlan(plan: BuildPlan, out: OutDir, ports: Ports, options: Omit<BuildOptions, 'file' | 'env'>): WrittenArtifact[] {
  const { progress } = options;
  const written: WrittenArtifact[] = [];
  if (plan.kinds.includes('configs')) {
    plan.configs.forEach((a, i) => {
      const bytes = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content;
      out.writeFile(a.path, bytes, a.kind === 'hook' ? { mode: 0o755 } : {});
      progress?.(i + 1, plan.configs.length, 'configs');
      written.push({ kind: a.kind, path: a.path, bytes: bytes.byteLength, sha256: sha256Hex(bytes) });
    });
  }
  for (const layout of plan.disks) {
    const r = ports.out.writeExtents(out.path(layout.path), layout.sizeBytes, layout.extents, { progress: (done, total) => progress?.(done, total, layout.path), hash: options.hash ?? true });
    written.push({ kind: layout.kind, path: layout.path, ...r });
  }
  plan.pxe.forEach((f, i) => {
    const src = f.source;
    const options = f.mode !== undefined ? { mode: f.mode } : {};
    if (src.kind === 'bytes') {
      out.writeFile(f.path, src.bytes, options);
      written.push({ kind: 'pxe', path: f.path, bytes: src.bytes.byteLength, sha256: sha256Hex(src.bytes) });
    } else written.push({ kind: 'pxe', path: f.path, ...ports.out.copyRanges(src.from, src.ranges, out.path(f.path, options)) });
    progress?.(i + 1, plan.pxe.length, 'PXE tree');
  });
  if (plan.pxe.length > 0) written.push(writeTreeSums(written, out));
  return written;
}

/** pxe/SHA256SUMS (GNU format): what `bootgen verify` and `serve` check a deployed tree against. */
function writeTreeSums(written: readonly WrittenArtifact[], out: OutDir): WrittenArtifact {
  const entries = written.filter((a) => a.path.startsWith(`${PXE_DIR}/`)).map((a) => ({ path: a.path.slice(PXE_DIR.length + 1), sha256: a.sha256 }));
  const bytes = new TextEncoder().encode(formatSums(entries));
  const path = `${PXE_DIR}/${SUMS_FILE}`;
  out.writeFile(path, bytes);
  return { kind: 'pxe', path, bytes: bytes.byteLength, sha256: sha256Hex(bytes) };
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
