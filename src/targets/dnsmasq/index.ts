// dnsmasq target: dhcp/dnsmasq.conf (full DHCP or proxyDHCP, plus TFTP for the PXE tree).
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planDnsmasq } from './plan.js';

export const dnsmasqTarget: Target = {
  kind: 'dnsmasq',
  render(site, options) {
    if (!site.network) return { value: [], diagnostics: [] };
    const plan = planDnsmasq(site, site.network);
    if (!plan.value || hasErrors(plan.diagnostics)) return { value: [], diagnostics: plan.diagnostics };
    const content = renderTemplate(options.templates, 'dnsmasq/dnsmasq.conf.hbs', plan.value);
    return { value: [{ kind: 'dnsmasq', path: 'dhcp/dnsmasq.conf', content }], diagnostics: plan.diagnostics };
  },
};
