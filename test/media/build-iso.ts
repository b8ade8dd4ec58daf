// Test helper: plans and writes a hybrid ISO for a fixture site with real Debian loaders.
import { join } from 'node:path';
import type { VolumeFile } from '../../src/binary/extent.js';
import type { WriteReport } from '../../src/app/ports.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { planIsoImage } from '../../src/media/iso-image.js';
import { testLoaders } from './build-usb.js';
import type { Site } from '../../src/model/types.js';

export interface BuildIsoOptions {
  readonly site: Site;
  readonly grubCfg: string;
  readonly files?: readonly VolumeFile[];
  readonly outDir: string;
  readonly name?: string;
  /** SHA-256 of the image (default true; a huge sparse test image skips it) */
  readonly hash?: boolean;
}

export function buildIso(o: BuildIsoOptions): WriteReport & { path: string } {
  const loaders = testLoaders(o.site);
  const r = planIsoImage(o.site, { grubCfg: new TextEncoder().encode(o.grubCfg), files: o.files ?? [] }, loaders);
  if (!r.value) throw new Error(`planIsoImage: ${JSON.stringify(r.diagnostics)}`);
  const path = join(o.outDir, o.name ?? 'test.iso');
  return { path, ...nodePorts().out.writeExtents(path, r.value.sizeBytes, r.value.extents, { hash: o.hash ?? true }) };
}
