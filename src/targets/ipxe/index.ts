// iPXE target: ipxe/boot.ipxe (site menu + chain by MAC) and ipxe/machines/<mac>.ipxe per machine.
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Machine, Site } from '../../model/types.js';
import { BOOT_SCRIPT, machineScript } from '../pxe-layout.js';
import { renderTemplate } from '../templates.js';
import type { Artifact, RenderOptions, Target } from '../types.js';
import { Findings, ItemCache, menuView } from './plan.js';

function machinesOf(site: Site, options: RenderOptions): readonly Machine[] {
  return options.machine === undefined ? site.machines : site.machines.filter((m) => m.name === options.machine);
}

export const ipxeTarget: Target = {
  kind: 'ipxe',
  render(site, options) {
    if (!site.network) {
      return { value: [], diagnostics: [] };
    }
    const findings = new Findings();
    const cache = new ItemCache();
    const views = [
      { path: BOOT_SCRIPT, template: 'ipxe/boot.ipxe.hbs', view: menuView(site, undefined, findings, cache) },
      ...machinesOf(site, options).map((m) => ({ path: machineScript(m), template: 'ipxe/machine.ipxe.hbs', view: menuView(site, m, findings, cache) })),
    ];
    if (hasErrors(findings.list)) return { value: [], diagnostics: findings.list };
    const artifacts: Artifact[] = views.map((v) => ({ kind: 'ipxe', path: v.path, content: renderTemplate(options.templates, v.template, v.view) }));
    return { value: artifacts, diagnostics: findings.list };
  },
};
