// VBoot Loader dialect target: vboot/grub.cfg (the media writer installs it as /boot/grub/grub.cfg).
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { quietUnlessBooted } from '../target-diagnostics.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planVboot } from './plan.js';

export const vbootTarget: Target = {
  kind: 'vboot',
  render(site, options) {
    const plan = planVboot(site);
    const diagnostics = quietUnlessBooted(site, 'vboot', plan.diagnostics);
    if (hasErrors(diagnostics)) return { value: [], diagnostics };
    const content = renderTemplate(options.templates, 'vboot/grub.cfg.hbs', plan.value);
    return { value: [{ kind: 'vboot', path: 'vboot/grub.cfg', content }], diagnostics };
  },
};
