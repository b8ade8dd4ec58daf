// Every generation of a site's master images: generation 0 is the site's own file, later ones are
// `<overlays dir>/masters/<image>.g<N>.<raw|qcow2>` written by `overlays merge`. Format and virtual
// size come from the image readers, through the ports.
import { QEMU_FORMAT, readImageHeader } from '../../formats/detect.js';
import type { Site } from '../../model/types.js';
import type { MasterSpec, OverlayEngine } from '../../net/types.js';
import type { Ports } from '../ports.js';
import { sitePathOf } from '../site-files.js';

/** `size:mtime` (seconds), the identity `stat -c %s:%Y` prints for a generation made by merge. */
export function fileIdentity(path: string, ports: Ports): string {
  const s = ports.files.stat(path);
  return `${s?.size ?? 0}:${Math.floor((s?.mtimeMs ?? 0) / 1000)}`;
}

export async function describeMaster(image: string, generation: number, path: string, ports: Ports): Promise<MasterSpec> {
  const file = await ports.images.open(path);
  try {
    const header = (await readImageHeader(file, path)).value;
    const format = QEMU_FORMAT[header?.format ?? 'raw'];
    return { image, generation, path, format, virtualSize: header?.virtualSize ?? file.size, identity: fileIdentity(path, ports) };
  } finally {
    await file.close();
  }
}

/** Every generation of every image the site's overlays use. */
export async function findMasters(site: Site, engine: OverlayEngine, images: readonly string[], ports: Ports): Promise<MasterSpec[]> {
  const dir = site.network?.overlays.dir.replace(/\/+$/, '') ?? '';
  const gensDir = `${dir}/masters`;
  const names = ports.files.list(gensDir);
  const out: MasterSpec[] = [];
  for (const id of images) {
    const image = site.images.find((i) => i.id === id);
    if (!image) continue;
    const sitePath = sitePathOf(site, image.path);
    const g0 = await describeMaster(id, 0, sitePath, ports);
    // dm-snapshot's origin is a block device: a non-raw master gets a raw generation-0 copy
    if (engine === 'dm-snapshot' && g0.format !== 'raw') {
      const copy = `${gensDir}/${id}.g0.raw`;
      // not made yet: its identity is captured by the plan step that makes it (`stat -c %s:%Y`)
      const pending = { ...g0, path: copy, format: 'raw', identity: `\${id_${id.replace(/[^A-Za-z0-9]/g, '_')}_g0}` };
      const made = names.includes(`${id}.g0.raw`) ? await describeMaster(id, 0, copy, ports) : pending;
      out.push({ ...made, source: { path: sitePath, format: g0.format } });
    } else out.push(g0);
    for (const name of names) {
      const m = new RegExp(`^${escapeRe(id)}\\.g([1-9][0-9]*)\\.(raw|qcow2)$`).exec(name);
      if (m?.[1]) out.push(await describeMaster(id, Number(m[1]), `${gensDir}/${name}`, ports));
    }
  }
  return out.sort((a, b) => a.image.localeCompare(b.image) || a.generation - b.generation);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
