// Failing-chain tests for VHD: each builds a chain with bootgen image create, damages it, and
// expects the stable code.
import { rmSync, truncateSync, utimesSync, statSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainCodes, createImage, MiB, patch, tempDir } from './helpers.js';

async function vhdChain() {
  const dir = tempDir('vhd-chain-');
  const base = join(dir, 'base.vhd');
  const mid = join(dir, 'mid.vhd');
  const top = join(dir, 'top.vhd');
  await createImage({ file: base, size: 64 * MiB, uuid: '11111111-1111-4111-8111-111111111111' });
  utimesSync(base, 1_767_225_600, 1_767_225_600);
  await createImage({ file: mid, parent: base });
  utimesSync(mid, 1_767_225_600, 1_767_225_600);
  await createImage({ file: top, parent: mid });
  return { dir, base, mid, top };
}

describe('VHD chains', () => {
  it('a fresh chain is clean and walks top → base', async () => {
    const { top } = await vhdChain();
    const { codes, result } = await chainCodes(top);
    expect(codes).toEqual([]);
    expect(result.value.nodes.map((n) => n.header?.subformat)).toEqual(['differencing', 'differencing', 'dynamic']);
  });

  it('parent missing → chain/parent-missing', async () => {
    const { base, top } = await vhdChain();
    rmSync(base);
    expect((await chainCodes(top)).codes).toEqual(['chain/parent-missing']);
  });

  it('parent moved: found again through parent_dir / site image dirs', async () => {
    const { dir, base, top } = await vhdChain();
    mkdirSync(join(dir, 'elsewhere'));
    renameSync(base, join(dir, 'elsewhere', 'base.vhd'));
    expect((await chainCodes(top)).codes).toEqual(['chain/parent-missing']);
    expect((await chainCodes(top, { searchDirs: [join(dir, 'elsewhere')] })).codes).toEqual([]);
  });

  it('parent re-created (new Unique Id) → chain/identity-mismatch', async () => {
    const { base, top } = await vhdChain();
    await createImage({ file: base, size: 64 * MiB, uuid: '22222222-2222-4222-8222-222222222222', overwrite: true });
    utimesSync(base, 1_767_225_600, 1_767_225_600);
    expect((await chainCodes(top)).codes).toEqual(['chain/identity-mismatch']);
  });

  it('parent written after the child → chain/parent-modified (warning)', async () => {
    const { mid, top } = await vhdChain();
    const later = statSync(top).mtimeMs / 1000 + 3600;
    utimesSync(mid, later, later);
    const { codes, result } = await chainCodes(top);
    expect(codes).toEqual(['chain/parent-modified']);
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });

  it('parent of another size with the same identity → chain/size-mismatch', async () => {
    const { base, top } = await vhdChain();
    await createImage({ file: base, size: 128 * MiB, uuid: '11111111-1111-4111-8111-111111111111', overwrite: true });
    utimesSync(base, 1_767_225_600, 1_767_225_600);
    expect((await chainCodes(top)).codes).toEqual(['chain/size-mismatch']);
  });

  it('a flipped bit in the footer → format/bad-checksum', async () => {
    const { mid, top } = await vhdChain();
    patch(mid, -512 + 24, [0xff]); // Time Stamp byte of the footer at EOF−512
    expect((await chainCodes(top)).codes).toEqual(['format/bad-checksum']);
  });

  it('a truncated parent (footer cut off) → format/truncated', async () => {
    const { mid, top } = await vhdChain();
    truncateSync(mid, statSync(mid).size - 512);
    expect((await chainCodes(top)).codes).toContain('format/truncated');
  });

  it('a parent locator rewritten to point at the child itself → chain/cycle', async () => {
    const { dir, mid, top } = await vhdChain();
    rmSync(join(dir, 'base.vhd'));
    renameSync(top, join(dir, 'base.vhd')); // mid's parent is now a file whose parent is mid
    expect((await chainCodes(mid)).codes).toContain('chain/cycle');
  });

  it('depth over the limit → chain/too-deep', async () => {
    const { top } = await vhdChain();
    expect((await chainCodes(top, { maxDepth: 1 })).codes).toEqual(['chain/too-deep']);
  });
});
