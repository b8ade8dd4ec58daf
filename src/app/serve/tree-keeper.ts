// The tree `bootgen serve` serves: built into the state dir (configs + PXE tree, swapped in
// atomically by the out-dir writer) and verified against its SHA256SUMS, one build at a time,
// whether a SIGHUP or a tampered file asked for it. Between builds the tree watch looks for files
// changed behind serve's back; a changed tree is rebuilt from site.yaml rather than served.
import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError } from '../../diagnostics/errors.js';
import type { Site } from '../../model/types.js';
import type { ServeLayout } from '../../net/serve/layout.js';
import { buildCompiled } from '../build.js';
import type { Ports } from '../ports.js';
import type { TreePort } from '../server-ports.js';
import { verifyTree } from '../verify.js';
import { TreeWatch } from './tree-watch.js';

export interface TreeKeeperOptions {
  readonly layout: ServeLayout;
  readonly templatesDir?: string | undefined;
  /** a tampered tree was found: what, and that it is being rebuilt */
  readonly onTampered: (findings: readonly Diagnostic[]) => void;
}

export class TreeKeeper {
  private queue: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private readonly watch: TreeWatch;

  constructor(
    private readonly options: TreeKeeperOptions,
    private readonly deps: { readonly ports: Ports; readonly tree: TreePort },
  ) {
    this.watch = new TreeWatch(this.pxe, { files: deps.ports.files, tree: deps.tree, now: () => Date.now() });
  }

  private get pxe(): string {
    return join(this.options.layout.tree, 'pxe');
  }

  /** Builds and verifies `site`'s tree after any build in flight; the build's warnings, or a BootgenError. */
  build(site: Site): Promise<readonly Diagnostic[]> {
    this.busy++;
    const run = this.queue.then(() => this.buildNow(site));
    this.queue = run.catch(() => undefined).finally(() => this.busy--);
    return run;
  }

  /** One look for changes behind serve's back (skipped while a build runs); a changed tree is rebuilt from `site`: true then. */
  async check(site: Site): Promise<boolean> {
    if (this.busy > 0) return false;
    const findings = await this.watch.check();
    if (findings.length === 0 || this.busy > 0) return false;
    this.options.onTampered(findings);
    await this.build(site);
    return true;
  }

  private async buildNow(site: Site): Promise<readonly Diagnostic[]> {
    const { layout, templatesDir } = this.options;
    const report = await buildCompiled(site, [], { out: layout.tree, only: ['configs', 'pxe'], templatesDir, hash: true }, this.deps.ports);
    const verified = await verifyTree(this.pxe, { files: this.deps.ports.files, tree: this.deps.tree });
    if (hasErrors(verified.diagnostics)) throw new BootgenError(verified.diagnostics);
    this.watch.verified();
    return report.diagnostics;
  }
}
