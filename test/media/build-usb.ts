// Test helper: plans and writes a USB image for a fixture site with real Debian loaders.
import { join } from 'node:path';
import type { VolumeFile } from '../../src/binary/extent.js';
import { loadLoaders } from '../../src/io/loaders.js';
import { writeMedia, type WrittenMedium } from '../../src/io/media-writer.js';
import { loaderNeeds } from '../../src/media/loader-needs.js';
import { planUsbImage } from '../../src/media/usb-image.js';
import type { Site } from '../../src/model/types.js';

export interface BuildUsbOptions {
  readonly site: Site;
  readonly grubCfg: string;
  readonly files?: readonly VolumeFile[];
  readonly outDir: string;
  readonly name?: string;
}

export function buildUsb(o: BuildUsbOptions): WrittenMedium & { espOffset: number } {
  const loaders = loadLoaders(loaderNeeds(o.site.media, o.site.name));
  const r = planUsbImage(o.site, { grubCfg: new TextEncoder().encode(o.grubCfg), files: o.files ?? [] }, loaders);
  if (!r.value) throw new Error(`planUsbImage: ${JSON.stringify(r.diagnostics)}`);
  const fatBoot = r.value.extents.find((e) => e.label === 'fat.boot');
  return { ...writeMedia(r.value, join(o.outDir, o.name ?? 'usb.img')), espOffset: fatBoot?.offset ?? 0 };
}
