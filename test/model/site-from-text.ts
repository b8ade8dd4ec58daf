// Test helper: manifest text → resolved Site + rule findings, without the file system.
import { loadManifest } from '../../src/manifest/index.js';
import { checkSite, resolveSite } from '../../src/model/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Site } from '../../src/model/types.js';

export interface SiteFromText {
  readonly site: Site;
  readonly diagnostics: readonly Diagnostic[];
}

export function siteFromText(text: string, options: { sourceDateEpoch?: string } = {}): SiteFromText {
  const loaded = loadManifest(text, 'site.yaml');
  if (!loaded.value) throw new Error(`manifest does not load: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  const { written, source } = loaded.value;
  const resolved = resolveSite(written, { file: 'site.yaml', dir: '/site', source, sourceDateEpoch: options.sourceDateEpoch });
  const checked = checkSite({ site: resolved.value, written, source });
  return { site: resolved.value, diagnostics: [...resolved.diagnostics, ...checked] };
}
