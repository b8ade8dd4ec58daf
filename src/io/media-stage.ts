// The `usb` and `iso` build stages: find loaders, stat the payload, plan the medium (media/), then
// stream it sparse into the out dir and report {kind, path, bytes, sha256}.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VolumeFile } from '../binary/extent.js';
import { diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/index.js';
import { planIsoImage } from '../media/iso-image.js';
import { loaderNeeds } from '../media/loader-needs.js';
import { mediaPayload, menuArtifact, type PayloadRef } from '../media/payload.js';
import type { MediaLayout } from '../media/types.js';
import { planUsbImage } from '../media/usb-image.js';
import { windowsMediaFiles } from '../media/windows-files.js';
import type { Site } from '../model/types.js';
import type { Artifact } from '../targets/types.js';
import type { Progress, WrittenArtifact } from './emit.js';
import { loadLoaders } from './loaders.js';
import { writeMedia } from './media-writer.js';
import type { OutDirWriter } from './out-dir-writer.js';

export interface MediaStageInput {
  readonly site: Site;
  readonly configs: readonly Artifact[];
  readonly writer: OutDirWriter;
  readonly progress?: Progress | undefined;
}

export const writeUsbMedium = (ctx: MediaStageInput): Promise<Result<readonly WrittenArtifact[]>> => Promise.resolve(writeMedium(ctx, 'usb'));
export const writeIsoMedium = (ctx: MediaStageInput): Promise<Result<readonly WrittenArtifact[]>> => Promise.resolve(writeMedium(ctx, 'iso'));

function writeMedium(ctx: MediaStageInput, kind: 'usb' | 'iso'): Result<readonly WrittenArtifact[]> {
  const { site } = ctx;
  const menu = menuArtifact(site, ctx.configs, kind);
  const payload = statPayload(site, kind);
  const diagnostics: Diagnostic[] = [...payload.diagnostics];
  if (!menu) diagnostics.push(diag('media/no-menu', 'error', `the ${kind} medium needs grub.cfg from the grub target, and none was planned`, { origin: site.origin }));
  if (hasErrors(diagnostics) || !menu) return { value: [], diagnostics };
  const spec = { ...site.media, usb: kind === 'usb' ? site.media.usb : undefined, iso: kind === 'iso' ? site.media.iso : undefined };
  const loaders = loadLoaders(loaderNeeds(spec, site.name), { files: site.loaders.files, baseDir: site.dir });
  const content = { grubCfg: typeof menu.content === 'string' ? new TextEncoder().encode(menu.content) : menu.content, files: payload.value };
  const plan: Result<MediaLayout | undefined> = kind === 'usb' ? planUsbImage(site, content, loaders) : planIsoImage(site, content, loaders);
  diagnostics.push(...plan.diagnostics);
  if (!plan.value || hasErrors(diagnostics)) return { value: [], diagnostics };
  const layout = plan.value;
  const w = writeMedia(layout, ctx.writer.path(layout.path), { progress: (done, total) => ctx.progress?.(done, total, layout.path) });
  return { value: [{ kind, path: layout.path, bytes: w.bytes, sha256: w.sha256 }], diagnostics };
}

function statPayload(site: Site, kind: 'usb' | 'iso'): Result<VolumeFile[]> {
  const firmware = (kind === 'usb' ? site.media.usb?.firmware : site.media.iso?.firmware) ?? [];
  const windows = windowsMediaFiles(site, { medium: kind, firmware });
  const refs = new Map<string, PayloadRef>();
  for (const ref of [...mediaPayload(site), ...windows.value.copies]) refs.set(ref.mediumPath, ref);
  const files: VolumeFile[] = windows.value.stores.map((s) => ({ path: s.mediumPath, size: s.bytes.length, source: { kind: 'bytes', bytes: s.bytes } }));
  const diagnostics: Diagnostic[] = [...windows.diagnostics];
  for (const ref of [...refs.values()].sort((a, b) => (a.mediumPath < b.mediumPath ? -1 : 1))) {
    const path = resolve(site.dir, ref.sitePath);
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      files.push({ path: ref.mediumPath, size: st.size, source: { kind: 'file', path } });
    } catch {
      diagnostics.push(diag('media/payload-missing', 'error', `${ref.sitePath} (for ${ref.mediumPath} on the medium) is not a readable file`, { origin: site.origin }));
    }
  }
  return { value: files, diagnostics };
}
