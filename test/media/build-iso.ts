// Test helper: plans and writes a hybrid ISO for a fixture site with real Debian loaders.
import { join } from 'node:path';
import type { VolumeFile } from '../../src/binary/extent.js';
import { loadLoaders } from '../../src/io/loaders.js';
import { writeMedia, type WrittenMedium } from '../../src/io/media-writer.js';
import { planIsoImage } from '../../src/media/iso-image.js';
import { loaderNeeds } from '../../src/media/loader-needs.js';
import type { Site } from '../../src/model/types.js';

export interface BuildIsoOptions {
  readonly site: Site;
  readonly grubCfg: string;
  readonly files?: readonly VolumeFile[];
  readonly outDir: string;
  readonly name?: string;
}

export function buildIso(o: BuildIsoOptions): WrittenMedium {
  const loaders = loadLoaders(loaderNeeds(o.site.media, o.site.name));
  const r = planIsoImage(o.site, { grubCfg: new TextEncoder().encode(o.grubCfg), files: o.files ?? [] }, loaders);
  if (!r.value) throw new Error(`planIsoImage: ${JSON.stringify(r.diagnostics)}`);
  return writeMedia(r.value, join(o.outDir, o.name ?? 'test.iso'));
}
