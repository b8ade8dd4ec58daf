// The written manifest → the canonical Site every later stage reads: defaults filled in, MACs in
// canonical form, the epoch fixed. Pure; meaning-level problems are left to checkSite's rules.
import { diag, type Diagnostic, type Origin, type Result } from '../diagnostics/diagnostic.js';
import type { Locator, WrittenSite } from '../manifest/index.js';
import { epochFromEnvironment, epochFromManifest } from './epoch.js';
import { canonicalMac } from './mac.js';
import { resolveEntry } from './resolve-entry.js';
import { pathKeys } from './rules/path-escape.js';
import { resolveLoaders, resolveMedia, resolveNetwork } from './resolve-network.js';
import type { Entry, Image, Machine, Menu, Site } from './types.js';

export interface ResolveContext {
  /** the manifest path as the user gave it (for messages) */
  readonly file: string;
  /** the directory of site.yaml */
  readonly dir: string;
  readonly source: Locator;
  /** the SOURCE_DATE_EPOCH environment variable, passed in so resolveSite stays pure */
  readonly sourceDateEpoch?: string | undefined;
}

export const DEFAULT_TIMEOUT = 5;

export function resolveSite(written: WrittenSite, ctx: ResolveContext): Result<Site> {
  const diagnostics: Diagnostic[] = [];
  const images = resolveImages(written, ctx.source);
  const entries = written.entries.map((e, i) => resolveEntry(e, ctx.source.origin(['entries', i])));
  const menu = resolveMenu(written, entries);
  const site: Site = {
    version: 1,
    name: written.site,
    file: ctx.file,
    dir: ctx.dir,
    epoch: resolveEpoch(written, ctx, diagnostics),
    menu,
    images,
    entries,
    machines: resolveMachines(written, entries, menu, ctx.source),
    network: resolveNetwork(written.network, ctx.source),
    media: resolveMedia(written.media, written.site, ctx.source),
    loaders: resolveLoaders(written.loaders),
    origin: ctx.source.origin([]),
    pathOrigins: resolvePathOrigins(written, ctx.source),
  };
  return { value: site, diagnostics };
}

function resolveImages(written: WrittenSite, source: Locator): Image[] {
  return Object.entries(written.images ?? {}).map(([id, w]) => {
    const img = typeof w === 'string' ? { path: w, parent: undefined } : w;
    return { id, path: img.path, parent: img.parent, origin: source.origin(['images', id]) };
  });
}

function resolveMenu(written: WrittenSite, entries: readonly Entry[]): Menu {
  const m = written.menu ?? {};
  const serial = m.serial && { unit: m.serial.unit ?? 0, speed: m.serial.speed ?? 115200 };
  return { title: m.title ?? written.site, timeout: m.timeout ?? DEFAULT_TIMEOUT, default: m.default ?? entries[0]?.id, serial };
}

function resolveMachines(written: WrittenSite, entries: readonly Entry[], menu: Menu, source: Locator): Machine[] {
  const all = entries.map((e) => e.id);
  return (written.machines ?? []).map((m, i) => {
    const list = m.entries ?? all;
    const fallback = menu.default !== undefined && list.includes(menu.default) ? menu.default : list[0];
    return {
      name: m.name,
      // A malformed MAC is kept as written (lower-cased) and reported by the malformed-mac rule.
      mac: canonicalMac(m.mac) ?? m.mac.trim().toLowerCase(),
      entries: list,
      default: m.default ?? fallback,
      ...(m.ip !== undefined ? { ip: m.ip } : {}),
      ...(m.san !== undefined ? { san: m.san } : {}),
      origin: source.origin(['machines', i]),
    };
  });
}

function resolveEpoch(written: WrittenSite, ctx: ResolveContext, out: Diagnostic[]): number {
  if (written.epoch !== undefined) {
    const epoch = epochFromManifest(written.epoch);
    if (epoch !== undefined) return epoch;
    out.push(diag('model/bad-epoch', 'error', '`epoch` is not a date bootgen can use', {
      expected: 'a date/time from 1970 on, e.g. 2026-01-01T00:00:00Z',
      found: String(written.epoch),
      origin: ctx.source.origin(['epoch']),
    }));
    return 0;
  }
  if (ctx.sourceDateEpoch === undefined || ctx.sourceDateEpoch === '') return 0;
  const env = epochFromEnvironment(ctx.sourceDateEpoch);
  if (env !== undefined) return env;
  out.push(diag('model/bad-source-date-epoch', 'error', 'SOURCE_DATE_EPOCH is not a number of seconds', {
    expected: 'a decimal integer such as 1767225600',
    found: ctx.sourceDateEpoch,
    hint: 'unset it or set `epoch:` in site.yaml',
  }));
  return 0;
}

/** The first key naming each site file or loader (the key's own line and column). */
function resolvePathOrigins(written: WrittenSite, source: Locator): Record<string, Origin> {
  const first = new Map<string, Origin>();
  for (const key of pathKeys(written)) if (key.kind !== 'medium' && !first.has(key.path)) first.set(key.path, source.origin(key.at));
  // fromEntries makes own properties, a path `__proto__` included
  return Object.fromEntries(first);
}

/** The site.yaml key that named a file path, when it is one of the site's. */
export function pathOrigin(site: Site, path: string): Origin | undefined {
  const all = site.pathOrigins;
  return all !== undefined && Object.hasOwn(all, path) ? all[path] : undefined;
}
