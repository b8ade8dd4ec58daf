// The `pxe` media stage: lays out out/pxe/ from planPxeTree — Debian's loaders (or `loaders:`
// overrides by the same keys), a GRUB i386-pc-pxe image built with grub-mkimage, the iPXE
// scripts and GRUB net config, and the site's kernels, initrds and ISOs (streamed copies), and
// kernels and initrds read out of ISOs (io/iso-members.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode, InternalError } from '../diagnostics/errors.js';
import type { IsoMember } from '../formats/iso9660/find-member.js';
import type { Site } from '../model/types.js';
import { GRUB_NET_PREFIX, GRUB_PXE_MODULES, NET_LOADERS, type NetLoaderNeed } from '../net/pxe-loaders.js';
import { planPxeTree, type PxeFile } from '../net/pxe-tree.js';
import type { Artifact } from '../targets/types.js';
import type { WrittenArtifact } from './emit.js';
import { copyRanges } from './copy-ranges.js';
import { copyIsoMember, locateIsoMembers, memberKey } from './iso-members.js';
import type { OutDirWriter } from './out-dir-writer.js';

/** A loader's file: the `loaders.files` override of the same key, else the Debian path. */
function loaderPath(site: Site, need: NetLoaderNeed): string {
  const override = site.loaders.files[need.key];
  if (override === undefined) return need.path;
  return isAbsolute(override) ? override : join(site.dir, override);
}

export function missingNetLoaders(site: Site): Diagnostic[] {
  return NET_LOADERS.filter((n) => !existsSync(loaderPath(site, n))).map((n) =>
    diag('env/loader-missing', 'error', `${n.purpose} (${n.key}) not found at ${loaderPath(site, n)}`, {
      hint: site.loaders.files[n.key] !== undefined ? 'fix the path under loaders: in site.yaml' : `install the Debian package ${n.pkg}`,
    }),
  );
}

/** grub-mkimage -O i386-pc-pxe: GRUB's BIOS netboot image (core.0 of grub-mknetdir). */
export function buildGrubPxeImage(moduleDir: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-pxe-'));
  try {
    const out = join(dir, 'core.0');
    const r = spawnSync('grub-mkimage', ['-O', 'i386-pc-pxe', '-d', moduleDir, '-o', out, '-p', GRUB_NET_PREFIX, ...GRUB_PXE_MODULES], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) {
      throw new BootgenError([diag('env/grub-mkimage-failed', 'error', `grub-mkimage -O i386-pc-pxe failed: ${(r.stderr || r.error?.message || '').trim()}`, { hint: 'install grub-common and grub-pc-bin' })], ExitCode.environment);
    }
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function place(site: Site, f: PxeFile, writer: OutDirWriter, members: ReadonlyMap<string, IsoMember>): WrittenArtifact[] {
  const src = f.source;
  const bytesOf = (content: string | Uint8Array): Uint8Array => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  const written = (path: string, bytes: Uint8Array): WrittenArtifact => ({ kind: 'pxe', path, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  if (src.kind === 'content') {
    const bytes = bytesOf(src.content);
    writer.writeFile(f.path, bytes, f.path.startsWith('hooks/') ? { mode: 0o755 } : {});
    return [written(f.path, bytes)];
  }
  if (src.kind === 'loader') {
    const need = NET_LOADERS.find((n) => n.key === src.key)!;
    if (need.kind === 'mkimage') {
      const bytes = buildGrubPxeImage(loaderPath(site, need));
      writer.writeFile(f.path, bytes);
      return [written(f.path, bytes)];
    }
    const from = loaderPath(site, need);
    const names = need.kind === 'dir' ? readdirSync(from).filter((n) => n.endsWith('.mod') || n.endsWith('.lst')).sort() : [''];
    return names.map((name) => copyInto(writer, name ? join(from, name) : from, name ? `${f.path}/${name}` : f.path));
  }
  if (src.kind === 'site-file') return [copyInto(writer, resolve(site.dir, src.path), f.path)];
  const member = members.get(memberKey(src.iso, src.member));
  if (!member) throw new InternalError(`${f.path}: ${src.member} of ${src.iso} was not located`);
  return [{ kind: 'pxe', path: f.path, ...copyIsoMember(resolve(site.dir, src.iso), member, writer.path(f.path)) }];
}

/** Copies a file into the out dir (kernel copy_file_range: no file held in memory). */
function copyInto(writer: OutDirWriter, from: string, rel: string): WrittenArtifact {
  return { kind: 'pxe', path: rel, ...copyRanges(from, [{ offset: 0, length: statSync(from).size }], writer.path(rel)) };
}

export interface PxeStageInput {
  readonly site: Site;
  readonly configs: readonly Artifact[];
  readonly writer: OutDirWriter;
}

export async function writePxeTree(ctx: PxeStageInput): Promise<Result<readonly WrittenArtifact[]>> {
  const plan = planPxeTree(ctx.site, ctx.configs, { sitePath: resolve(ctx.site.file) });
  const diagnostics: Diagnostic[] = [...plan.diagnostics, ...missingNetLoaders(ctx.site)];
  for (const f of plan.value) {
    if (f.source.kind === 'site-file' && !existsSync(resolve(ctx.site.dir, f.source.path))) {
      diagnostics.push(diag('net/payload-missing', 'error', `${f.source.path} (for ${f.path}) does not exist`, { origin: ctx.site.origin }));
    }
  }
  // kernels and initrds of `linux: {from: <iso>}` entries, read out of the ISO (iPXE cannot look inside one)
  const requests = plan.value.flatMap((f) => (f.source.kind === 'iso-member' ? [{ iso: f.source.iso, member: f.source.member, target: f.path }] : []));
  const located = await locateIsoMembers(ctx.site.dir, requests);
  diagnostics.push(...located.diagnostics);
  if (hasErrors(diagnostics)) return { value: [], diagnostics };
  return { value: plan.value.flatMap((f) => place(ctx.site, f, ctx.writer, located.found)), diagnostics };
}
