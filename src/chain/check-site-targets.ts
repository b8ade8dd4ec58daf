// What the site's boot paths cannot open (issue 3 "what the chosen targets cannot boot"):
// VBoot boots VHD/VMDK/VDI/raw under BIOS only; Windows native boot needs VHD/VHDX; iPXE sanboot
// over HTTP maps a file as a raw disk (raw or fixed VHD, no parent); network overlays are made
// with QEMU, which cannot open differencing VHD, VHDX or VDI (image-formats.md §9.1).
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Entry, Site } from '../model/types.js';
import { chainNodes } from './chain-info.js';
import type { ChainNode, ChainReport } from './types.js';

const VBOOT_FORMATS = new Set(['vhd', 'vmdk', 'vdi', 'raw']);
const WINDOWS_FORMATS = new Set(['vhd', 'vhdx']);
const QEMU_NO_DIFF = new Set(['vhd', 'vhdx', 'vdi']);

export function checkSiteTargets(site: Site, report: ChainReport): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const entry of site.entries) {
    const boot = entry.boot;
    if (boot.kind !== 'disk') continue;
    const top = report.nodes.find((n) => n.imageId === boot.disk);
    if (!top?.header) continue;
    const chain = chainNodes(report, top.realpath);
    out.push(...checkEntry(site, entry, chain));
  }
  return out;
}

function checkEntry(site: Site, entry: Entry, chain: readonly ChainNode[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (severity: 'error' | 'warning', target: string, message: string, hint?: string): void => {
    out.push(diag('chain/target-unsupported', severity, `entry ${entry.id} (${target}): ${message}`, { origin: entry.origin, ...(hint ? { hint } : {}) }));
  };
  const formats = chain.map((n) => n.header?.format ?? 'unknown');
  const boot = entry.boot.kind === 'disk' ? entry.boot : undefined;
  if (!boot) return out;
  const bad = (allowed: ReadonlySet<string>): string[] => [...new Set(formats.filter((f) => !allowed.has(f)))];
  if (boot.windows) {
    const wrong = bad(WINDOWS_FORMATS);
    if (wrong.length) add('error', 'Windows native VHD boot', `bootmgr boots only VHD and VHDX, the chain has ${wrong.join(', ')}`);
  }
  const usb = site.media.usb;
  if (usb?.dialect === 'vboot' && !boot.windows) {
    const wrong = bad(VBOOT_FORMATS);
    if (wrong.length) add('error', 'VBoot', `vboot boots VHD, VMDK, VDI and raw disks, the chain has ${wrong.join(', ')}`);
    if (usb.firmware.includes('uefi')) add('warning', 'VBoot', 'vboot disk entries boot under BIOS only; UEFI machines will not see this entry work');
  }
  // network checks only for entries a machine boots over the network (machine.entries lists them)
  const booting = boot.session === 'snapshot' ? [] : site.machines.filter((m) => m.entries.includes(entry.id));
  const netbooted = booting.length > 0;
  // model/san.ts sanOf, written out: chain/ reads the Site by type only (test/architecture)
  if (site.network && booting.some((m) => (m.san ?? site.network?.san) === 'http')) {
    const top = chain[0]?.header;
    const rawLike = top && (top.format === 'raw' || (top.format === 'vhd' && top.subformat === 'fixed'));
    if (!rawLike || chain.length > 1) add('error', 'iPXE sanboot over HTTP', 'the file is mapped as a raw disk: it must be raw or a fixed VHD without a parent', 'convert it: qemu-img convert -O raw');
  }
  if (site.network?.overlays && netbooted) {
    const diff = chain.find((n) => n.header?.parent !== undefined && QEMU_NO_DIFF.has(n.header.format));
    if (diff) add('error', `${site.network.overlays.engine} overlays`, `the server builds overlays with QEMU, which cannot open the differencing ${diff.header?.format} ${diff.file} (it ignores or refuses its parent)`, 'merge the chain into one image first (qemu-img cannot; use the hypervisor that made it)');
  }
  return out;
}
