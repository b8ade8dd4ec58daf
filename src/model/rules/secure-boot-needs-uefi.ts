// Secure Boot is a UEFI feature (shim + signed GRUB); asking for it on a BIOS-only stick cannot
// be honoured.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const secureBootNeedsUefi: Rule = {
  code: 'model/secure-boot-without-uefi',
  check(input) {
    const usb = input.site.media.usb;
    if (!usb?.secureBoot) return [];
    const out: Diagnostic[] = [];
    if (!usb.firmware.includes('uefi')) {
      out.push(diag(secureBootNeedsUefi.code, 'error', 'secure-boot is set but the USB image has no UEFI firmware', {
        expected: 'firmware: [uefi] or [bios, uefi]',
        found: `firmware: [${usb.firmware.join(', ')}]`,
        origin: at(input, ['media', 'usb', 'secure-boot']),
      }));
    }
    return out;
  },
};
