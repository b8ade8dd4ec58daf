// Two things of the host `bootgen serve` would otherwise find out only after it started, each a
// refusal with the fix (exit 3): a state dir dnsmasq cannot read its TFTP tree from (it drops to
// user nobody, which must be able to enter every directory above the tree: a home dir of mode
// 0700 stops it), and dm-snapshot overlays on a kernel without device-mapper.
import { dirname } from 'node:path';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Site } from '../../model/types.js';
import { overlayMachines } from '../../targets/san-naming.js';
import { noDeviceMapper } from '../overlays/index.js';
import type { Ports } from '../ports.js';

/** The first existing directory at or above `tree` that others may not enter, with its mode. */
function closedAncestor(tree: string, ports: Ports): { dir: string; mode: number } | undefined {
  for (let dir = tree; ; dir = dirname(dir)) {
    const st = ports.files.stat(dir);
    if (st?.kind === 'directory' && (st.mode & 0o001) === 0) return { dir, mode: st.mode & 0o777 };
    if (dir === dirname(dir)) return undefined;
  }
}

export function hostChecks(site: Site, tree: string, ports: Ports): Diagnostic[] {
  const out: Diagnostic[] = [];
  const closed = closedAncestor(tree, ports);
  if (closed) {
    out.push(diag('env/state-not-reachable', 'error', `dnsmasq serves TFTP as user nobody, which cannot enter ${closed.dir} (mode ${closed.mode.toString(8).padStart(4, '0')}) above the tree ${tree}`, {
      hint: `chmod o+x ${closed.dir}, or give serve a --state under a directory others may enter (e.g. /srv/bootgen)`,
    }));
  }
  const net = site.network;
  if (net?.overlays.engine === 'dm-snapshot' && overlayMachines(site).length > 0 && ports.proc.which('dmsetup') && ports.proc.run(['dmsetup', 'version']).status !== 0) {
    out.push({ ...noDeviceMapper(), origin: net.origin });
  }
  return out;
}
