// A YAML syntax error points at the line that opened the broken construct (the unclosed quote,
// `{` or `[`), not at the end of the file where the parser gave up; the hint says where that was.
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';
import { unclosedOpener } from '../../src/manifest/yaml-opener.js';

const HEAD = 'bootgen: 1\nsite: t\nentries:\n';
const where = (text: string) => loadManifest(text, 'site.yaml').diagnostics.filter((d) => d.code === 'manifest/yaml-syntax').map((d) => `${d.origin?.line}:${d.origin?.col}`);

describe('YAML syntax errors are located at their opener', () => {
  it('an unclosed quote', () => {
    expect(where(`${HEAD}  - {id: a, title: "b}\n  - {id: c, title: d}\nmedia:\n  iso: {}\n`)).toContain('4:20');
  });
  it('an unclosed flow mapping', () => {
    expect(where(`${HEAD}  - {id: a, title: b\n  - {id: c, title: d}\nmedia:\n  iso: {}\n`)).toEqual(['4:5']);
  });
  it('an unclosed flow sequence', () => {
    expect(where('bootgen: 1\nsite: t\nentries: [\n  {id: a, title: b},\n\nmedia:\n  iso: {}\n')).toEqual(['3:10']);
  });
  it('the scan skips quoted brackets, comments and apostrophes in plain words', () => {
    const text = 'a: "{[" # { [\nb: it\'s\nc: {x: 1\n';
    expect(unclosedOpener(text, text.length, 'flow-map')).toBe(text.indexOf('{x'));
    expect(unclosedOpener(text, text.length, 'quote')).toBeUndefined();
  });
});
