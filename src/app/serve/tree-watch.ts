// Keeps `bootgen serve` from serving a tree changed behind its back (issue 10, "verified trees"):
// after every verified build it records each file's size and mtime; every tick it compares them
// (cheap: a walk and a stat per file) and, when one differs or a file came or went, hashes the tree
// again against SHA256SUMS. A hash round also runs every `fullEveryMs`, for an edit that kept the
// size and set the mtime back. What it finds is returned; serve rebuilds the tree from site.yaml.
import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { FilesPort } from '../ports.js';
import type { TreePort } from '../server-ports.js';
import { verifyTree } from '../verify.js';

export interface TreeWatchPorts {
  readonly files: FilesPort;
  readonly tree: TreePort;
  readonly now: () => number;
}

export class TreeWatch {
  private seen = new Map<string, string>();
  private hashedAt = 0;

  constructor(
    private readonly dir: string,
    private readonly ports: TreeWatchPorts,
    private readonly fullEveryMs = 10 * 60_000,
  ) {}

  /** Call after the tree was built and verified: what it holds now is what is expected. */
  verified(): void {
    this.seen = this.fingerprints();
    this.hashedAt = this.ports.now();
  }

  /** The findings of a changed tree (empty when it is as verified). */
  async check(): Promise<readonly Diagnostic[]> {
    const now = this.fingerprints();
    const moved = now.size !== this.seen.size || [...now].some(([path, print]) => this.seen.get(path) !== print);
    if (!moved && this.ports.now() - this.hashedAt < this.fullEveryMs) return [];
    const report = await verifyTree(this.dir, this.ports);
    this.hashedAt = this.ports.now();
    if (hasErrors(report.diagnostics)) return report.diagnostics.filter((d) => d.severity === 'error');
    // a touch that left the bytes alone: the new times are the expected ones now
    this.seen = now;
    return [];
  }

  private fingerprints(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of this.ports.tree.walk(this.dir)) {
      const st = this.ports.files.stat(join(this.dir, f.path));
      out.set(f.path, st ? `${st.kind}:${st.size}:${st.mtimeMs}` : 'gone');
    }
    return out;
  }
}
