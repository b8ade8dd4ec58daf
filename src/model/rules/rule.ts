// The shape of a model rule: one check, one stable code, given the canonical site plus the written
// manifest (for what the canonical form normalises away) and a locator into site.yaml.
import type { Diagnostic, Origin } from '../../diagnostics/diagnostic.js';
import type { Locator, WrittenSite, YamlPath } from '../../manifest/index.js';
import type { Site } from '../types.js';

export interface RuleInput {
  readonly site: Site;
  readonly written: WrittenSite;
  readonly source: Locator;
}

export interface Rule {
  readonly code: string;
  check(input: RuleInput): Diagnostic[];
}

export const at = (input: RuleInput, path: YamlPath): Origin => input.source.origin(path);
