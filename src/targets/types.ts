// The contract between the compiler targets and their callers (pipeline, media, tests).
import type { Result } from '../diagnostics/diagnostic.js';
import type { Site } from '../model/types.js';

export type TargetKind = 'grub' | 'vboot' | 'ipxe' | 'bcd' | 'dnsmasq' | 'dhcpd';

/** One generated config file. `path` is relative to the out dir, POSIX separators. */
export interface Artifact {
  readonly kind: TargetKind | 'bcd-store' | 'grub-net' | 'overlay-plan' | 'hook';
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** Template texts by name (`grub/grub.cfg.hbs`): built-ins, overlaid by `--templates DIR`. Loaded by io/. */
export interface TemplateSet {
  get(name: string): string | undefined;
  names(): readonly string[];
  /** the file a template comes from (a --templates override or the built-in one), for errors */
  file?(name: string): string | undefined;
}

export interface RenderOptions {
  readonly templates: TemplateSet;
  /** restrict per-machine outputs to one machine */
  readonly machine?: string;
}

export interface Target {
  readonly kind: TargetKind;
  render(site: Site, options: RenderOptions): Result<readonly Artifact[]>;
}
