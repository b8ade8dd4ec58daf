// Volume labels: FAT allows 11 bytes of upper-case ASCII without "*+,./:;<=>?[\]| (FAT spec
// §6.1, BS_VolLab); ISO 9660 volume ids are up to 32 d-characters A-Z 0-9 _ (ECMA-119 §7.4.1).
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

const FAT = /^[A-Z0-9 !#$%&'()\-@^_`{}~]{1,11}$/;
const ISO = /^[A-Z0-9_]{1,32}$/;

export const volumeLabel: Rule = {
  code: 'model/bad-volume-label',
  check(input) {
    const out: Diagnostic[] = [];
    const check = (label: string, re: RegExp, path: string[], what: string): void => {
      if (re.test(label)) return;
      out.push(diag(volumeLabel.code, 'error', `${what} label ${JSON.stringify(label)} is not valid`, {
        expected: re === FAT ? 'at most 11 upper-case letters, digits, spaces or !#$%&\'()-@^_`{}~' : 'at most 32 upper-case letters, digits or _',
        found: JSON.stringify(label),
        origin: at(input, path),
      }));
    };
    const { usb, iso } = input.site.media;
    if (usb) check(usb.label, FAT, ['media', 'usb', 'label'], 'USB (FAT)');
    if (iso) check(iso.label, ISO, ['media', 'iso', 'label'], 'ISO');
    return out;
  },
};
