// A machine netboots one of its entries: it needs at least one that iPXE can start (a disk, ISO,
// kernel or WinPE, or raw `ipxe:` lines; a `grub:`-only entry has nothing for iPXE).
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Entry } from '../types.js';
import { at, type Rule } from './rule.js';

export const machineNotBootable: Rule = {
  code: 'model/machine-not-bootable',
  check(input) {
    const byId = new Map(input.site.entries.map((e) => [e.id, e]));
    const out: Diagnostic[] = [];
    input.site.machines.forEach((m, i) => {
      const entries = m.entries.map((id) => byId.get(id)).filter((e): e is Entry => e !== undefined);
      // Unknown ids are reported by unknown-reference; only judge machines whose list resolved.
      if (entries.length !== m.entries.length || entries.some(netBootable)) return;
      out.push(diag(machineNotBootable.code, 'error', `machine \`${m.name}\` has no entry it can boot`, {
        expected: 'at least one entry with disk:, cdrom:, linux:, wim: or ipxe:',
        found: m.entries.length ? `only ${m.entries.map((id) => `\`${id}\``).join(', ')}` : 'an empty entries list',
        origin: at(input, ['machines', i, ...(input.written.machines?.[i]?.entries ? ['entries'] : [])]),
      }));
    });
    return out;
  },
};

export function netBootable(e: Entry): boolean {
  return e.boot.kind !== 'raw' || e.raw.ipxe !== undefined;
}
