// Dependencies point one way (DESIGN.md "Data flow and layout"): only io/ touches the file system
// or runs tools, formats/ and binary/ know nothing of the site, and no stage imports a later one.
// Type-only imports are allowed where a stage reads the canonical Site (chain/ checks site images).
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Import {
  readonly file: string;
  readonly target: string;
  readonly typeOnly: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;

const imports: Import[] = files('src').flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => {
    const spec = m[3]!;
    const target = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : spec;
    return { file, target, typeOnly: m[2] !== undefined };
  }),
);

const layer = (path: string): string => path.replace(/^src\//, '').split('/')[0]!.replace(/\.(js|ts)$/, '');

/** For each layer, the layers it may not import at run time. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  binary: ['manifest', 'model', 'targets', 'media', 'formats', 'chain', 'net', 'io', 'cli', 'pipeline'],
  formats: ['manifest', 'model', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'pipeline'],
  chain: ['manifest', 'model', 'targets', 'media', 'net', 'io', 'cli', 'pipeline'],
  manifest: ['model', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'pipeline'],
  model: ['manifest', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'pipeline'],
  targets: ['media', 'net', 'io', 'cli', 'pipeline', 'chain'],
  media: ['net', 'io', 'cli', 'pipeline'],
  net: ['io', 'cli', 'pipeline'],
  io: ['cli', 'pipeline'],
  pipeline: ['cli'],
};

const SYSTEM = /^node:(fs|fs\/promises|child_process)$/;

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
  });

  it('only io/ touches the file system or runs tools', () => {
    const offenders = imports.filter((i) => SYSTEM.test(i.target) && layer(i.file) !== 'io').map((i) => `${i.file} → ${i.target}`);
    expect(offenders).toEqual([]);
  });

  it('no layer imports a later stage at run time', () => {
    const offenders = imports
      .filter((i) => i.target.startsWith('src/') && !i.typeOnly)
      .filter((i) => FORBIDDEN[layer(i.file)]?.includes(layer(i.target)))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offenders).toEqual([]);
  });
});
