// ISC dhcpd target: dhcp/dhcpd.conf.
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planDhcpd } from './plan.js';

export const dhcpdTarget: Target = {
  kind: 'dhcpd',
  render(site, options) {
    if (!site.network) return { value: [], diagnostics: [] };
    const plan = planDhcpd(site, site.network);
    if (!plan.value || hasErrors(plan.diagnostics)) return { value: [], diagnostics: plan.diagnostics };
    const content = renderTemplate(options.templates, 'dhcpd/dhcpd.conf.hbs', plan.value);
    return { value: [{ kind: 'dhcpd', path: 'dhcp/dhcpd.conf', content }], diagnostics: plan.diagnostics };
  },
};
