// ISC dhcpd target: dhcp/dhcpd.conf.
import { diag, hasErrors } from '../../diagnostics/diagnostic.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planDhcpd } from './plan.js';

export const dhcpdTarget: Target = {
  kind: 'dhcpd',
  render(site, options) {
    if (!site.network) return { value: [], diagnostics: [diag('target/no-network', 'warning', 'dhcpd config needs a network: section; none written', { origin: site.origin })] };
    const plan = planDhcpd(site, site.network);
    if (!plan.value || hasErrors(plan.diagnostics)) return { value: [], diagnostics: plan.diagnostics };
    const content = renderTemplate(options.templates, 'dhcpd/dhcpd.conf.hbs', plan.value);
    return { value: [{ kind: 'dhcpd', path: 'dhcp/dhcpd.conf', content }], diagnostics: plan.diagnostics };
  },
};
