// The repository's built-in templates/ as a TemplateSet (io/ does this for the CLI; tests may read
// files directly). `overrides` replaces or adds templates by name, like --templates DIR does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSet } from '../../src/targets/types.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

let builtIn: Map<string, string> | undefined;

export function repoTemplates(options: { overrides?: Readonly<Record<string, string>> } = {}): TemplateSet {
  builtIn ??= new Map(walk(TEMPLATES_DIR).filter((f) => f.endsWith('.hbs')).map((f) => [relative(TEMPLATES_DIR, f).split('\\').join('/'), readFileSync(f, 'utf8')]));
  const map = new Map([...builtIn, ...Object.entries(options.overrides ?? {})]);
  return { get: (name) => map.get(name), names: () => [...map.keys()].sort() };
}
