// Inputs built to hurt a parser: huge, deeply nested, alias bombs, invalid bytes.
import { describe, expect, it } from 'vitest';
import { decodeManifestText, loadManifest, MAX_ALIAS_COUNT } from '../../src/manifest/index.js';
import { MAX_FLOW_DEPTH } from '../../src/manifest/nesting-limit.js';

const ENTRY = 'entries: [{id: a, title: A, ipxe: shell}]\n';

describe('hostile manifests', () => {
  it('parses 50,000 machines quickly', () => {
    const lines = ['site: big', ENTRY, 'machines:'];
    for (let i = 0; i < 50_000; i++) {
      lines.push(`  - {name: m${i}, mac: "52:54:00:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}"}`);
    }
    const t0 = performance.now();
    const r = loadManifest(lines.join('\n'), 'big.yaml');
    const ms = performance.now() - t0;
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.written.machines).toHaveLength(50_000);
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses a billion-laughs alias bomb without expanding it', () => {
    let text = `site: a\n${ENTRY}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    const t0 = performance.now();
    const r = loadManifest(text, 'bomb.yaml');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['manifest/alias-limit']);
    expect(r.diagnostics[0]?.expected).toBe(`at most ${MAX_ALIAS_COUNT} alias expansions`);
  });

  it('refuses 100,000 nested brackets before the parser sees them', () => {
    const text = `site: a\n${ENTRY}x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const r = loadManifest(text, 'deep.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'manifest/too-deep', origin: { line: 3, col: 4 + MAX_FLOW_DEPTH } });
  });

  it('does not count brackets inside quoted text or comments', () => {
    const deep = '['.repeat(200);
    const text = `site: a\nmenu: {title: "${deep}"}  # ${deep}\nentries: [{id: a, title: 'x${deep}', ipxe: "Bob's"}]\n`;
    expect(loadManifest(text, 'q.yaml').diagnostics).toEqual([]);
  });

  it('parses moderate block nesting and reports extreme block nesting as too deep, without crashing', () => {
    const nested = (n: number): string => `site: a\n${ENTRY}x:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}a${i}:`).join('\n')} 1\n`;
    expect(loadManifest(nested(200), 'block.yaml').diagnostics.map((d) => d.code)).toEqual(['manifest/unknown-key']);
    const deep = loadManifest(nested(5000), 'block.yaml');
    expect(deep.value).toBeUndefined();
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['manifest/too-deep']);
  });

  it('reports the first invalid UTF-8 byte with line, column and offset', () => {
    const bytes = Buffer.concat([Buffer.from('site: a\ntitle: "Caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const r = decodeManifestText(bytes, 'l1.yaml');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'manifest/not-utf8', origin: { line: 2, col: 12, offset: 19 } });
  });

  it('rejects overlong encodings and surrogates, accepts real UTF-8 and drops a BOM', () => {
    expect(decodeManifestText(Uint8Array.from([0xc0, 0xaf]), 'a').value).toBeUndefined();
    expect(decodeManifestText(Uint8Array.from([0xed, 0xa0, 0x80]), 'a').value).toBeUndefined();
    expect(decodeManifestText(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]), 'a').value).toBeUndefined();
    expect(decodeManifestText(Uint8Array.from([0xe2, 0x82]), 'a').value).toBeUndefined();
    const ok = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('title: Café 🚀 ✓')]);
    expect(decodeManifestText(ok, 'a').value).toBe('title: Café 🚀 ✓');
  });

  it('treats __proto__ and constructor keys as plain unknown keys', () => {
    const r = loadManifest(`site: a\n${ENTRY}__proto__: {polluted: true}\nconstructor: 1\n`, 'p.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['manifest/unknown-key', 'manifest/unknown-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function hex(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}
