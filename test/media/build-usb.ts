// Test helper: plans and writes a USB image for a fixture site with real Debian loaders.
import { join } from 'node:path';
import type { VolumeFile } from '../../src/binary/extent.js';
import { loaderStatuses, loadLoaderSet, missingLoaderDiagnostics } from '../../src/app/loaders.js';
import type { WriteReport } from '../../src/app/ports.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { loaderNeeds } from '../../src/media/loader-needs.js';
import { planUsbImage } from '../../src/media/usb-image.js';
import type { LoaderSet } from '../../src/media/loader-set.js';
import type { Site } from '../../src/model/types.js';

export interface BuildUsbOptions {
  readonly site: Site;
  readonly grubCfg: string;
  readonly files?: readonly VolumeFile[];
  readonly outDir: string;
  readonly name?: string;
  /** SHA-256 of the image (default true; a huge sparse test image skips it) */
  readonly hash?: boolean;
}

export function buildUsb(o: BuildUsbOptions): WriteReport & { path: string } & { espOffset: number } {
  const loaders = testLoaders(o.site);
  const r = planUsbImage(o.site, { grubCfg: new TextEncoder().encode(o.grubCfg), files: o.files ?? [] }, loaders);
  if (!r.value) throw new Error(`planUsbImage: ${JSON.stringify(r.diagnostics)}`);
  const fatBoot = r.value.extents.find((e) => e.label === 'fat.boot');
  const path = join(o.outDir, o.name ?? 'usb.img');
  return { path, ...nodePorts().out.writeExtents(path, r.value.sizeBytes, r.value.extents, { hash: o.hash ?? true }), espOffset: fatBoot?.offset ?? 0 };
}

/** The real Debian loaders a fixture site's media need; throws naming what is missing. */
export function testLoaders(site: Site): LoaderSet {
  const ports = nodePorts();
  const needs = loaderNeeds(site.media, site.name);
  const statuses = loaderStatuses(needs, site, ports);
  const missing = missingLoaderDiagnostics(statuses);
  if (missing.length) throw new Error(`loaders missing: ${missing.map((d) => d.message).join('; ')}`);
  return loadLoaderSet(needs, statuses, ports).value;
}
