// Where `bootgen serve` keeps its state (README "bootgen serve"): the built tree it serves, the
// overlays, daemon logs, pid files and leases, all under one directory; and the site as the server
// runs it (its out dir and overlays moved there, its interface the one asked for, a PXE tree). Pure.
import { posix } from 'node:path';
import type { Site } from '../../model/types.js';

export interface ServeLayout {
  readonly state: string;
  /** the out dir of configs + PXE tree (replaced atomically on every rebuild) */
  readonly tree: string;
  readonly overlays: string;
  readonly logs: string;
  readonly run: string;
  readonly leases: string;
}

/** The default state dir: `.bootgen-serve/` beside site.yaml. */
export const defaultStateDir = (siteDir: string): string => posix.join(siteDir, '.bootgen-serve');

export function serveLayout(state: string): ServeLayout {
  const at = (p: string): string => posix.join(state, p);
  return { state, tree: at('tree'), overlays: at('overlays'), logs: at('logs'), run: at('run'), leases: at('dnsmasq.leases') };
}

/** The site with its server paths in the state dir (and `iface` when given), as serve builds and runs it. */
export function servedSite(site: Site, layout: ServeLayout, iface?: string): Site {
  const net = site.network;
  if (!net) return site;
  // serving is netbooting: the PXE tree is built whether or not media.pxe asks for it
  const media = { ...site.media, pxe: site.media.pxe ?? { origin: site.origin } };
  return { ...site, media, network: { ...net, root: layout.tree, iface: iface ?? net.iface, overlays: { ...net.overlays, dir: layout.overlays } } };
}
