// Which overlays a site needs and what every one is called: one copy-on-write overlay per machine
// and disk entry (an immutable and a persistent entry on the same master get separate overlays, so
// resetting one at boot never touches the other). Names, IQNs and AoE addresses come from
// src/targets/san-naming.ts, the same functions the iPXE root paths use, so they cannot disagree.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { Site } from '../model/types.js';
import { aoeAddress, exportOf, initiatorIqn, iqnFor, overlayEntriesOf, overlayName, type OverlayEntry } from '../targets/san-naming.js';
import type { MasterSpec, OverlayLayout, OverlaySpec } from './types.js';

export interface OverlayLayoutOptions {
  /** every master generation io/ found, per image id (see io/net-masters.ts) */
  readonly masters: readonly MasterSpec[];
  /** first tgt target id; tests use a private range */
  readonly tidBase?: number;
  /** tgtadm -C: the management port of the tgtd to talk to */
  readonly tgtControl?: number;
}

export function planOverlayLayout(site: Site, options: OverlayLayoutOptions): Result<OverlayLayout | undefined> {
  const net = site.network;
  if (!net) return { value: undefined, diagnostics: [noNetwork(site)] };
  const diagnostics: Diagnostic[] = [];
  const wanted = net.san === 'aoe' ? 'vblade' : 'tgt';
  if (net.san !== 'http' && net.overlays.export !== wanted) {
    diagnostics.push(
      diag('net/export-mismatch', 'error', `network.san is ${net.san} but network.overlays.export is ${net.overlays.export}`, {
        expected: `export: ${wanted}`,
        found: `export: ${net.overlays.export}`,
        origin: net.origin,
      }),
    );
  }
  const dir = net.overlays.dir.replace(/\/+$/, '');
  const masters = new Map(options.masters.map((m) => [m.image, m]));
  const overlays: OverlaySpec[] = [];
  for (const machine of site.machines) {
    for (const entry of overlayEntriesOf(site, machine)) {
      if (!masters.has(entry.boot.disk)) {
        diagnostics.push(diag('net/no-master', 'error', `no master found for image '${entry.boot.disk}' (entry '${entry.id}')`, { origin: entry.origin }));
        continue;
      }
      const tid = (options.tidBase ?? 1) + overlays.length;
      const spec = overlaySpec({ site: site.name, engine: net.overlays.engine, dir, name: overlayName(site, machine, entry), entry, tid });
      overlays.push({ ...spec, machine: machine.name, mac: machine.mac, iqn: iqnFor(site, machine, entry), initiator: initiatorIqn(site, machine), aoe: aoeAddress(site, machine, entry), export: exportOf(site, machine) });
    }
  }
  const value: OverlayLayout = {
    site: site.name,
    engine: net.overlays.engine,
    dir,
    chunk: net.overlays.chunk,
    iface: net.iface,
    tgtControl: options.tgtControl,
    masters: options.masters,
    overlays,
  };
  return { value, diagnostics };
}

type NamedParts = Omit<OverlaySpec, 'machine' | 'mac' | 'iqn' | 'initiator' | 'aoe' | 'export'>;

function overlaySpec(o: { site: string; engine: 'dm-snapshot' | 'qcow2'; dir: string; name: string; entry: OverlayEntry; tid: number }): NamedParts {
  const { name, dir } = o;
  const dmName = `bootgen-${o.site}-${name}`;
  return {
    name,
    entry: o.entry.id,
    image: o.entry.boot.disk,
    session: o.entry.boot.session,
    // qcow2: the overlay file, served through its FUSE raw view; dm-snapshot: COW file + dm device
    file: o.engine === 'qcow2' ? `${dir}/${name}.qcow2` : `${dir}/${name}.cow`,
    device: o.engine === 'qcow2' ? `${dir}/${name}.raw` : `/dev/mapper/${dmName}`,
    dmName,
    parentFile: `${dir}/${name}.parent.json`,
    pidFile: `${dir}/${name}.pid`,
    tid: o.tid,
  };
}

function noNetwork(site: Site): Diagnostic {
  return diag('net/no-network', 'error', `site '${site.name}' has no network: section, so it has no overlays`, {
    hint: 'add network: {server, http, san, overlays: {engine, dir}} to site.yaml',
    origin: site.origin,
  });
}
