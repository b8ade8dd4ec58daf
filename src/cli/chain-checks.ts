// Image chains in `bootgen validate`: a site check (every image of the site) and a validator for
// loose image files, each with the image tree as a report section (mermaid in markdown).
import { checkSiteImages, imageTreeMermaid, imageTreeText, walkChains, type ChainReport } from '../chain/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { nodeFileSource } from '../io/image-files.js';
import type { ReportSection, SiteCheck, Validator } from './validators.js';

function treeSection(report: ChainReport, diagnostics: readonly Diagnostic[]): ReportSection {
  return { title: 'Image tree', text: imageTreeText(report, diagnostics), markdown: imageTreeMermaid(report, diagnostics) };
}

export const chainSiteCheck: SiteCheck = async (compiled) => {
  const r = await checkSiteImages(compiled.site, nodeFileSource());
  return { diagnostics: r.diagnostics, sections: r.value.nodes.length ? [treeSection(r.value, r.diagnostics)] : [] };
};

export const imageValidator: Validator = {
  kind: 'image',
  accepts: (path) => !/\.ya?ml$/i.test(path),
  validate: async (path) => {
    const r = await walkChains([{ path }], nodeFileSource());
    const missing = r.diagnostics.filter((d) => d.code === 'chain/image-missing' || d.code === 'chain/unreadable');
    if (missing.length > 0) throw new BootgenError(missing, ExitCode.badInput);
    return { subject: path, kind: 'image', diagnostics: r.diagnostics, sections: r.value.nodes.length ? [treeSection(r.value, r.diagnostics)] : [] };
  },
};
