// Dependencies point one way (DESIGN.md "Data flow and layout"): only io/ touches the file system
// or runs tools, formats/ and binary/ know nothing of the site, and no stage imports a later one.
// Type-only imports are allowed where a stage reads the canonical Site (chain/ checks site images).
// io/ holds only adapters: at run time it imports binary/, diagnostics/ and itself; its types come
// from the ports it implements (app/ports.ts, app/server-ports.ts). Only cli/ wires io/ into the
// application layer.
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
  binary: ['manifest', 'model', 'targets', 'media', 'formats', 'chain', 'net', 'io', 'cli', 'app'],
  formats: ['manifest', 'model', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'app'],
  chain: ['manifest', 'model', 'targets', 'media', 'net', 'io', 'cli', 'app'],
  manifest: ['model', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'app'],
  model: ['manifest', 'targets', 'media', 'chain', 'net', 'io', 'cli', 'app'],
  targets: ['media', 'net', 'io', 'cli', 'app', 'chain'],
  media: ['net', 'io', 'cli', 'app'],
  net: ['io', 'cli', 'app'],
  app: ['io', 'cli'],
  io: ['manifest', 'model', 'targets', 'media', 'formats', 'chain', 'net', 'cli', 'app'],
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

  it('io/ takes its types only from the ports it implements', () => {
    const allowed = new Set(['io', 'binary', 'diagnostics']);
    const offenders = imports
      .filter((i) => layer(i.file) === 'io' && i.target.startsWith('src/'))
      .filter((i) => !allowed.has(layer(i.target)) && !(i.typeOnly && ['src/app/ports', 'src/app/server-ports'].includes(i.target.replace(/\.js$/, ''))))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offenders).toEqual([]);
  });

  it('only cli/ wires io/ in', () => {
    const offenders = imports.filter((i) => layer(i.target) === 'io' && !['io', 'cli'].includes(layer(i.file))).map((i) => `${i.file} → ${i.target}`);
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
