// The GRUB net config (`grub/grub.cfg` in the PXE tree) read by the BIOS GRUB net image and by
// Debian's signed grubnetx64 (boot-media.md §3.3): GRUB's root is then `(tftp,<server>)`, so tree
// paths are used as they are. GRUB cannot SAN boot, so disk entries are left to iPXE (noted once).
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { Entry, Site } from '../model/types.js';
import { grubQuote, splitKernelArgs } from '../targets/grub/escape.js';
import { isoFile, siteFile } from '../targets/pxe-layout.js';

function linuxLines(entry: Entry): readonly string[] | undefined {
  if (entry.boot.kind !== 'linux') return undefined;
  const boot = entry.boot;
  const file = (p: string): string => `/${boot.from === undefined ? siteFile(p) : isoFile(boot.from, p)}`;
  const args = splitKernelArgs(boot.args).map(grubQuote);
  return [`linux ${[grubQuote(file(boot.kernel)), ...args].join(' ')}`, ...(boot.initrd.length ? [`initrd ${boot.initrd.map((i) => grubQuote(file(i))).join(' ')}`] : [])];
}

export function renderGrubNetConfig(site: Site): Result<string> {
  const diagnostics: Diagnostic[] = [];
  const lines = [`# ${site.name}: GRUB network boot config written by bootgen. Edit the site, not this file.`];
  const serial = site.menu.serial;
  if (serial) {
    lines.push(`serial --unit=${serial.unit} --speed=${serial.speed}`, 'terminal_input serial console', 'terminal_output serial console');
  }
  lines.push(`set timeout=${site.menu.timeout}`);
  const skipped: string[] = [];
  const entries: string[] = [];
  for (const entry of site.entries) {
    const body = entry.raw.grub !== undefined ? entry.raw.grub.replace(/\n+$/, '').split('\n') : linuxLines(entry);
    if (!body) {
      skipped.push(entry.id);
      continue;
    }
    entries.push(entry.id);
    lines.push('', `menuentry ${grubQuote(entry.title)} --id ${grubQuote(entry.id)} {`, ...body.map((l) => `\t${l}`), '}');
  }
  // the site default only when GRUB offers it (else GRUB boots the first entry)
  const wanted = site.menu.default;
  if (wanted !== undefined && entries.includes(wanted)) lines.splice(lines.indexOf(`set timeout=${site.menu.timeout}`) + 1, 0, `set default=${grubQuote(wanted)}`);
  if (skipped.length) {
    diagnostics.push(diag('net/grub-net-skipped', 'info', `GRUB network boot menu leaves out ${skipped.join(', ')}: GRUB cannot SAN boot or run wimboot; iPXE offers them`, { origin: site.origin }));
  }
  return { value: `${lines.join('\n')}\n`, diagnostics };
}
