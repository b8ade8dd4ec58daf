// `machines:` only matter for network boot (DHCP hosts, iPXE scripts, overlays); without a
// `network:` section nothing is generated for them, which is probably not what was meant.
import { diag } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const machinesWithoutNetwork: Rule = {
  code: 'model/machines-without-network',
  check(input) {
    if (input.site.network || input.site.machines.length === 0) return [];
    return [
      diag(machinesWithoutNetwork.code, 'warning', `${input.site.machines.length} machines are listed but there is no \`network:\` section`, {
        expected: 'network: {server, dhcp: {subnet}} for machines to netboot',
        found: 'no network',
        origin: at(input, ['machines']),
      }),
    ];
  },
};
