// Lookups every target plan needs: ids → nodes, and an image's parent chain (child first).
import type { Entry, Image, Machine, Site } from '../model/types.js';

export interface SiteIndex {
  readonly image: (id: string) => Image | undefined;
  readonly entry: (id: string) => Entry | undefined;
  /** `[id, parent, …, base]`; stops at an unknown id or a cycle (the model reports both) */
  readonly chain: (id: string) => readonly Image[];
  /** the entries a machine offers, in its menu order */
  readonly machineEntries: (machine: Machine) => readonly Entry[];
}

const indexes = new WeakMap<Site, SiteIndex>();

export function siteIndex(site: Site): SiteIndex {
  const cached = indexes.get(site);
  if (cached) return cached;
  const images = new Map(site.images.map((i) => [i.id, i]));
  const entries = new Map(site.entries.map((e) => [e.id, e]));
  const chain = (id: string): readonly Image[] => {
    const out: Image[] = [];
    const seen = new Set<string>();
    for (let cur = images.get(id); cur && !seen.has(cur.id); cur = cur.parent === undefined ? undefined : images.get(cur.parent)) {
      seen.add(cur.id);
      out.push(cur);
    }
    return out;
  };
  const machineEntries = (machine: Machine): readonly Entry[] =>
    machine.entries.map((id) => entries.get(id)).filter((e): e is Entry => e !== undefined);
  const index: SiteIndex = { image: (id) => images.get(id), entry: (id) => entries.get(id), chain, machineEntries };
  indexes.set(site, index);
  return index;
}

/** The manifest's file name for headers: the name only, so output does not depend on the cwd. */
export function sourceName(site: Site): string {
  return site.file.split(/[\\/]/).pop() ?? site.file;
}
