// Upstream GRUB 2 target: one grub/grub.cfg for USB sticks and ISOs.
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { quietUnlessBooted } from '../target-diagnostics.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planGrub } from './plan.js';

export const grubTarget: Target = {
  kind: 'grub',
  render(site, options) {
    const plan = planGrub(site);
    const diagnostics = quietUnlessBooted(site, 'grub', plan.diagnostics);
    if (hasErrors(diagnostics)) return { value: [], diagnostics };
    const content = renderTemplate(options.templates, 'grub/grub.cfg.hbs', plan.value);
    return { value: [{ kind: 'grub', path: 'grub/grub.cfg', content }], diagnostics };
  },
};
