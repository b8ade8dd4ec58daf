import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, siteJsonSchema } from '../../src/manifest/index.js';

const examples = join(import.meta.dirname, '../../examples');

describe('loadManifest', () => {
  it('accepts both examples without diagnostics', () => {
    for (const name of ['lanparty', 'vhd-lab']) {
      const r = loadManifest(readFileSync(join(examples, name, 'site.yaml'), 'utf8'), 'site.yaml');
      expect(r.diagnostics).toEqual([]);
      expect(r.value?.written.entries.length).toBeGreaterThan(0);
    }
  });

  it('locates an issue at the value, and a missing key at its nearest existing ancestor', () => {
    const text = 'site: lab\nentries:\n  - id: a\n    grub: echo\n    disk: 7\n';
    const r = loadManifest(text, 'x.yaml');
    const missing = r.diagnostics.find((d) => d.code === 'manifest/missing-key');
    const wrong = r.diagnostics.find((d) => d.code === 'manifest/wrong-type');
    expect(missing?.origin).toMatchObject({ file: 'x.yaml', line: 3, col: 5, path: ['entries', 0, 'title'] });
    expect(wrong?.origin).toMatchObject({ line: 5, col: 11, path: ['entries', 0, 'disk'] });
    expect(wrong?.found).toBe('number 7');
  });

  it('collects every problem, in reading order', () => {
    const text = 'site: Lab\nmenu: {timeout: -1}\nentries:\n  - {id: a, title: A, grub: x, sesion: immutable}\nmedia: {usb: {table: gtp}}\n';
    const r = loadManifest(text, 'x.yaml');
    expect(r.diagnostics.map((d) => [d.code, d.origin?.line])).toEqual([
      ['manifest/invalid-format', 1],
      ['manifest/out-of-range', 2],
      ['manifest/unknown-key', 4],
      ['manifest/invalid-value', 5],
    ]);
    expect(r.diagnostics[2]?.hint).toBe('did you mean `session`?');
    expect(r.diagnostics[3]?.hint).toBe('did you mean `gpt`?');
  });

  it('points an unknown key at the key itself', () => {
    const r = loadManifest('site: lab\nentries: [{id: a, title: A, grub: x}]\nnetwrok: {}\n', 'x.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'manifest/unknown-key', hint: 'did you mean `network`?', origin: { line: 3, col: 1 } });
  });

  it('reports the matching branch of a string-or-mapping field', () => {
    const r = loadManifest('site: lab\nentries: [{id: a, title: A, grub: x}]\nimages:\n  a: {path: a.vhd, parnet: b}\n', 'x.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['manifest/unknown-key']);
    expect(r.diagnostics[0]?.hint).toBe('did you mean `parent`?');
  });

  it('reports duplicate keys with the yaml position of the second one', () => {
    const r = loadManifest('site: a\nentries: [{id: a, title: A, grub: x}]\nsite: b\n', 'x.yaml');
    expect(r.diagnostics[0]).toMatchObject({ code: 'manifest/duplicate-key', origin: { line: 3, col: 1 } });
  });

  it('accepts epoch as ISO text, a date, or seconds', () => {
    for (const epoch of ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00+01:00', '2026-01-01', '1767225600']) {
      const r = loadManifest(`site: a\nepoch: ${epoch}\nentries: [{id: a, title: A, grub: x}]\n`, 'x.yaml');
      expect(r.diagnostics, epoch).toEqual([]);
    }
  });
});

describe('siteJsonSchema', () => {
  it('describes every top-level key, forbids unknown ones, and carries the recursive snapshot entries', () => {
    const s = siteJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown; required: string[] };
    expect(Object.keys(s.properties)).toEqual(['bootgen', 'site', 'epoch', 'menu', 'images', 'entries', 'machines', 'network', 'media', 'loaders']);
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(['site', 'entries']);
    expect(JSON.stringify(s)).toContain('"$ref"');
  });
});
