// BCD script target: bcd/<entry>.cmd per Windows VHD entry, CRLF line endings (cmd.exe batch).
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderTemplate } from '../templates.js';
import type { Target } from '../types.js';
import { planBcd } from './plan.js';

export const bcdTarget: Target = {
  kind: 'bcd',
  render(site, options) {
    const plan = planBcd(site);
    if (hasErrors(plan.diagnostics)) return { value: [], diagnostics: plan.diagnostics };
    const value = plan.value.map((view) => {
      const text = renderTemplate(options.templates, 'bcd/entry.cmd.hbs', view);
      return { kind: 'bcd' as const, path: `bcd/${view.id}.cmd`, content: text.replace(/\r?\n/g, '\r\n') };
    });
    return { value, diagnostics: plan.diagnostics };
  },
};
