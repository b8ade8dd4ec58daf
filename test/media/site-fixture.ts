// Test helper: a minimal canonical Site for media tests (the manifest stage is tested elsewhere).
import type { Firmware, MediaSpec, Site } from '../../src/model/types.js';

export interface SiteFixtureOptions {
  readonly name?: string;
  readonly dir?: string;
  readonly usb?: { sizeBytes?: number; table?: 'gpt' | 'mbr' | 'hybrid'; firmware?: Firmware[]; secureBoot?: boolean; label?: string };
  readonly iso?: { label?: string; firmware?: Firmware[] };
}

const origin = { file: 'site.yaml', line: 1, col: 1 };

export function makeSite(options: SiteFixtureOptions = {}): Site {
  const u = options.usb;
  const i = options.iso;
  const media: MediaSpec = {
    usb: u
      ? {
          sizeBytes: u.sizeBytes ?? 64 << 20,
          table: u.table ?? 'gpt',
          firmware: u.firmware ?? ['bios', 'uefi'],
          secureBoot: u.secureBoot ?? false,
          label: u.label ?? 'BOOTGEN',
          dialect: 'grub',
          origin,
        }
      : undefined,
    iso: i ? { label: i.label ?? 'BOOTGEN', firmware: i.firmware ?? ['bios', 'uefi'], origin } : undefined,
    pxe: undefined,
  };
  return {
    version: 1,
    name: options.name ?? 'testsite',
    file: 'site.yaml',
    dir: options.dir ?? '.',
    epoch: Date.UTC(2026, 0, 1) / 1000,
    menu: { title: 'Test', timeout: 0, default: undefined, serial: { unit: 0, speed: 115200 } },
    images: [],
    entries: [],
    machines: [],
    network: undefined,
    media,
    loaders: { vboot: undefined, windows: undefined, files: {} },
    origin,
  };
}

/** A grub.cfg that prints `marker` with GRUB's view of where it booted from, then powers off. */
export function markerGrubCfg(marker: string, tail = 'halt'): string {
  return [
    'serial --unit=0 --speed=115200',
    'terminal_input serial console',
    'terminal_output serial console',
    // GRUB wraps at 80 columns: keep the marker line short
    `echo "${marker} platform=$grub_platform root=$root lockdown=$lockdown"`,
    'echo "prefix=$prefix"',
    tail,
    '',
  ].join('\n');
}
