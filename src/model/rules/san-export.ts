// The overlay export must speak the SAN protocol iPXE is told to use: tgt serves iSCSI, vblade
// serves AoE. A mismatch would boot machines against a target that is never there.
import { diag } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

const EXPORT_FOR = { iscsi: 'tgt', aoe: 'vblade' } as const;

export const sanExport: Rule = {
  code: 'model/san-export-mismatch',
  check(input) {
    const n = input.site.network;
    if (!n || n.san === 'http' || input.written.network?.overlays?.export === undefined) return [];
    const want = EXPORT_FOR[n.san];
    if (n.overlays.export === want) return [];
    return [
      diag(sanExport.code, 'error', `san: ${n.san} needs overlays exported with ${want}, not ${n.overlays.export}`, {
        expected: `export: ${want}`,
        found: `export: ${n.overlays.export}`,
        origin: at(input, ['network', 'overlays', 'export']),
      }),
    ];
  },
};
