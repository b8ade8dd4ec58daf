// Two machines with one MAC would get each other's DHCP lease, iPXE script and overlay.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalMac } from '../mac.js';
import { at, type Rule } from './rule.js';

export const duplicateMac: Rule = {
  code: 'model/duplicate-mac',
  check(input) {
    const first = new Map<string, string>();
    const out: Diagnostic[] = [];
    (input.written.machines ?? []).forEach((m, i) => {
      const mac = canonicalMac(m.mac);
      if (mac === undefined) return; // malformed-mac reports it
      const prev = first.get(mac);
      if (prev === undefined) {
        first.set(mac, m.name);
        return;
      }
      out.push(diag(duplicateMac.code, 'error', `machine \`${m.name}\` has the same MAC as \`${prev}\``, {
        expected: 'one MAC address per machine',
        found: mac,
        origin: at(input, ['machines', i, 'mac']),
      }));
    });
    return out;
  },
};
