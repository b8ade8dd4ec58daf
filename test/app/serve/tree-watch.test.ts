// The tree watch against a real tree on disk: an intact tree costs no hashing, an edited, added or
// removed file is found (by stat, then confirmed by hash), a touch that keeps the bytes is not a
// finding, and an edit that restores size and mtime is still found by the periodic hash round.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TreeWatch } from '../../../src/app/serve/tree-watch.js';
import { nodePorts } from '../../../src/io/node-ports.js';
import { nodeTree } from '../../../src/io/tree-hash.js';
import { formatSums } from '../../../src/net/tree-sums.js';

const base = mkdtempSync(join(tmpdir(), 'bootgen-tree-watch-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(base, name);
  mkdirSync(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text, { flag: 'w' });
  const sums = Object.entries(files).map(([path, text]) => ({ path, sha256: createHash('sha256').update(text).digest('hex') }));
  writeFileSync(join(dir, 'SHA256SUMS'), formatSums(sums));
  return dir;
}

function watchOf(dir: string, options: { clock?: { t: number }; fullEveryMs?: number } = {}) {
  const clock = options.clock ?? { t: 0 };
  let hashed = 0;
  const counting = { ...nodeTree, sha256: (p: string) => (hashed++, nodeTree.sha256(p)) };
  const watch = new TreeWatch(dir, { files: nodePorts().files, tree: counting, now: () => clock.t }, options.fullEveryMs);
  watch.verified();
  return { watch, hashed: () => hashed, clock };
}

describe('serve tree watch', () => {
  it('an untouched tree is not hashed again; an edited file is found and named', async () => {
    const dir = tree('a', { 'boot.ipxe': '#!ipxe\nchain x\n', 'k': 'kernel' });
    const w = watchOf(dir);
    expect(await w.watch.check()).toEqual([]);
    expect(w.hashed()).toBe(0);
    writeFileSync(join(dir, 'boot.ipxe'), '#!ipxe\nshell\n');
    const found = await w.watch.check();
    expect(found.map((d) => d.code)).toEqual(['net/tree-modified']);
    expect(found[0]?.message).toContain('boot.ipxe');
  });

  it('an added and a removed file are findings; a touch that keeps the bytes is not', async () => {
    const dir = tree('b', { 'one': '1', 'two': '2' });
    const w = watchOf(dir);
    utimesSync(join(dir, 'one'), new Date(5_000_000), new Date(5_000_000));
    expect(await w.watch.check()).toEqual([]);
    expect(w.hashed()).toBe(2); // the touch was looked into once
    expect(await w.watch.check()).toEqual([]);
    expect(w.hashed()).toBe(2); // and is the expected state from then on
    writeFileSync(join(dir, 'three'), '3');
    unlinkSync(join(dir, 'two'));
    expect((await w.watch.check()).map((d) => d.code).sort()).toEqual(['net/tree-missing-file', 'net/tree-unlisted-file']);
  });

  it('an edit that puts size and mtime back is found by the periodic hash round', async () => {
    const dir = tree('c', { 'k': 'AAAA' });
    utimesSync(join(dir, 'k'), 1000, 1000); // whole seconds: utimes can put them back exactly
    const w = watchOf(dir, { fullEveryMs: 60_000 });
    writeFileSync(join(dir, 'k'), 'BBBB');
    utimesSync(join(dir, 'k'), 1000, 1000);
    expect(statSync(join(dir, 'k')).mtimeMs).toBe(1_000_000);
    expect(await w.watch.check()).toEqual([]); // stat cannot tell
    w.clock.t = 61_000;
    expect((await w.watch.check()).map((d) => d.code)).toEqual(['net/tree-modified']);
  });
});
