// The fast path (js-yaml, core schema) must read every document it accepts exactly as the careful
// `yaml` parser does, and must refuse what only the careful path reports well.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastLoad } from '../../src/manifest/fast-load.js';
import { parseYaml } from '../../src/manifest/source-map.js';

const careful = (text: string): unknown => parseYaml(text).doc.toJS();

const manifests = [
  ...['examples/lanparty/site.yaml', 'examples/vhd-lab/site.yaml'],
  ...readdirSync('fixtures/invalid').filter((f) => f.endsWith('.yaml')).map((f) => join('fixtures/invalid', f)),
];

describe('fastLoad', () => {
  it.each(manifests)('%s: same data as the careful parser, or refused', (file) => {
    const text = readFileSync(file, 'utf8');
    const fast = fastLoad(text);
    if (fast) expect(fast.value).toEqual(careful(text));
  });

  it('takes the examples (they are plain YAML)', () => {
    for (const file of manifests.slice(0, 2)) expect(fastLoad(readFileSync(file, 'utf8'))).toBeDefined();
  });

  it('refuses aliases, duplicate keys, syntax errors and several documents', () => {
    expect(fastLoad('a: &x [1]\nb: *x\n')).toBeUndefined();
    expect(fastLoad('a: 1\na: 2\n')).toBeUndefined();
    expect(fastLoad('a: [1, 2\n')).toBeUndefined();
    expect(fastLoad('a: 1\n---\nb: 2\n')).toBeUndefined();
    expect(fastLoad('a: !custom 1\n')).toBeUndefined();
  });

  it('reads scalars with the core schema: dates, octals, booleans and nulls as yaml does', () => {
    const text = 'epoch: 2026-01-01T00:00:00Z\nmode: 0o17\nyes: yes\non: true\nnothing: ~\nv: 1.10\nhex: 0x1F\n';
    expect(fastLoad(text)?.value).toEqual(careful(text));
  });

  it('agrees with the careful parser on generated flow and block documents', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), value, { maxKeys: 5 }), fc.boolean(), (doc, flow) => {
        const text = toYaml(doc, flow);
        const fast = fastLoad(text);
        if (fast) expect(fast.value).toEqual(careful(text));
      }),
      { numRuns: 500 },
    );
  });
});

function toYaml(doc: unknown, flow: boolean): string {
  // JSON is YAML 1.2 flow syntax; the block form comes from the careful library's own writer.
  if (flow) return `${JSON.stringify(doc)}\n`;
  const { doc: d } = parseYaml(JSON.stringify(doc));
  return d.toString();
}
