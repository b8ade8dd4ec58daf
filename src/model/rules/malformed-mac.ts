// A MAC must be six hex octets; a group (multicast/broadcast) address can never be a NIC's.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalMac, isGroupMac } from '../mac.js';
import { at, type Rule } from './rule.js';

export const malformedMac: Rule = {
  code: 'model/malformed-mac',
  check(input) {
    const out: Diagnostic[] = [];
    (input.written.machines ?? []).forEach((m, i) => {
      const mac = canonicalMac(m.mac);
      if (mac !== undefined && !isGroupMac(mac)) return;
      out.push(diag(malformedMac.code, 'error', `machine \`${m.name}\` has ${mac ? 'a multicast' : 'a malformed'} MAC address`, {
        expected: mac ? 'a unicast MAC (the first octet is even)' : 'six hex octets, e.g. "52:54:00:12:34:56"',
        found: JSON.stringify(m.mac),
        origin: at(input, ['machines', i, 'mac']),
      }));
    });
    return out;
  },
};
