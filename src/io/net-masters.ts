// Finds every generation of a site's master images: generation 0 is the site's own file, later
// ones are `<overlays dir>/masters/<image>.g<N>.<raw|qcow2>` written by `overlays merge`. The format
// and virtual size come from the image readers (src/formats/detect.ts).
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readImageHeader, type ImageFormat } from '../formats/detect.js';
import type { Site } from '../model/types.js';
import type { MasterSpec, OverlayEngine } from '../net/types.js';
import { nodeFileSource } from './image-files.js';

/** qemu's driver name for each format bootgen detects (`-F` of qemu-img create, `-f` of convert). */
const QEMU_FORMAT: Record<ImageFormat, string> = { vhd: 'vpc', vhdx: 'vhdx', vmdk: 'vmdk', vdi: 'vdi', qcow2: 'qcow2', raw: 'raw', iso: 'raw', dmsnap: 'raw' };

/** `size:mtime` (seconds), the identity `stat -c %s:%Y` prints for a generation made by merge. */
export function fileIdentity(path: string): string {
  const s = statSync(path);
  return `${s.size}:${Math.floor(s.mtimeMs / 1000)}`;
}

export async function describeMaster(image: string, generation: number, path: string): Promise<MasterSpec> {
  const file = await nodeFileSource().open(path);
  try {
    const header = (await readImageHeader(file, path)).value;
    const format = QEMU_FORMAT[header?.format ?? 'raw'];
    return { image, generation, path, format, virtualSize: header?.virtualSize ?? file.size, identity: fileIdentity(path) };
  } finally {
    await file.close();
  }
}

/** Every generation of every image the site's overlays use. */
export async function findMasters(site: Site, engine: OverlayEngine, images: readonly string[]): Promise<MasterSpec[]> {
  const dir = site.network?.overlays.dir.replace(/\/+$/, '') ?? '';
  const gensDir = `${dir}/masters`;
  const names = safeList(gensDir);
  const out: MasterSpec[] = [];
  for (const id of images) {
    const image = site.images.find((i) => i.id === id);
    if (!image) continue;
    const sitePath = resolve(site.dir, image.path);
    const g0 = await describeMaster(id, 0, sitePath);
    // dm-snapshot's origin is a block device: a non-raw master gets a raw generation-0 copy
    if (engine === 'dm-snapshot' && g0.format !== 'raw') {
      const copy = `${gensDir}/${id}.g0.raw`;
      // not made yet: its identity is captured by the plan step that makes it (`stat -c %s:%Y`)
      const pending = { ...g0, path: copy, format: 'raw', identity: `\${id_${id.replace(/[^A-Za-z0-9]/g, '_')}_g0}` };
      const made = names.includes(`${id}.g0.raw`) ? await describeMaster(id, 0, copy) : pending;
      out.push({ ...made, source: { path: sitePath, format: g0.format } });
    } else out.push(g0);
    for (const name of names) {
      const m = new RegExp(`^${escapeRe(id)}\\.g([1-9][0-9]*)\\.(raw|qcow2)$`).exec(name);
      if (m?.[1]) out.push(await describeMaster(id, Number(m[1]), `${gensDir}/${name}`));
    }
  }
  return out.sort((a, b) => a.image.localeCompare(b.image) || a.generation - b.generation);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
