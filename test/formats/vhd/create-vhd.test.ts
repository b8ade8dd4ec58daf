import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferReadAt } from '../../../src/binary/index.js';
import { createVhd, createVhdChild } from '../../../src/formats/vhd/create-vhd.js';
import { readVhd } from '../../../src/formats/vhd/read-vhd.js';
import { writeImageLayout } from '../../../src/io/image-files.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';

const BASE_ID = '11111111-2222-4333-8444-555555555555';
const CHILD_ID = '66666666-7777-4888-8999-aaaaaaaaaaaa';
const GiB = 1024 ** 3;

async function makePair(dir: string): Promise<{ base: string; child: string }> {
  const base = join(dir, 'base.vhd');
  const child = join(dir, 'child.vhd');
  await writeImageLayout(base, createVhd({ type: 'dynamic', sizeBytes: 8 * GiB, uniqueId: BASE_ID, timestamp: 1_767_225_600 }));
  await writeImageLayout(
    child,
    createVhdChild({
      uniqueId: CHILD_ID,
      timestamp: 1_767_225_600,
      parent: { uniqueId: BASE_ID, sizeBytes: 8 * GiB, mtime: 1_767_225_600, relativePath: '.\\base.vhd', absolutePath: '\\images\\base.vhd' },
    }),
  );
  return { base, child };
}

describe('createVhd / readVhd', () => {
  it('reads back what it wrote: identity, size, parent reference in locator order', async () => {
    const { base, child } = await makePair(mkdtempSync(join(tmpdir(), 'vhd-')));
    const b = await readVhd(bufferReadAt(readFileSync(base)), base);
    expect(b.diagnostics).toEqual([]);
    expect(b.value).toMatchObject({ format: 'vhd', subformat: 'dynamic', virtualSize: 8 * GiB, identity: { value: BASE_ID }, parent: undefined });
    const c = await readVhd(bufferReadAt(readFileSync(child)), child);
    expect(c.diagnostics).toEqual([]);
    expect(c.value?.subformat).toBe('differencing');
    expect(c.value?.parent).toMatchObject({
      name: 'base.vhd',
      identity: [BASE_ID],
      timestamp: 1_767_225_600,
      candidates: [
        { source: 'W2ru', path: 'base.vhd', relative: true },
        { source: 'W2ku', path: '/images/base.vhd', relative: false },
        { source: 'parent-name', path: 'base.vhd', relative: true },
      ],
    });
  });

  it('writes a fixed disk as data + footer, sparse', async () => {
    const l = createVhd({ type: 'fixed', sizeBytes: 64 * 1024 * 1024, uniqueId: BASE_ID, timestamp: 0 });
    expect(l.size).toBe(64 * 1024 * 1024 + 512);
    expect(l.extents).toHaveLength(1);
  });
});

const vhdiinfo = findOracle({ name: 'vhdiinfo', pkg: 'libvhdi-utils' });
describe.skipIf(!oraclesPresent([vhdiinfo], 'VHD oracle'))('vhdiinfo reads what bootgen writes', () => {
  it('reports type, size, identifier, parent identifier and parent name', async () => {
    const { base, child } = await makePair(mkdtempSync(join(tmpdir(), 'vhd-')));
    const b = run('vhdiinfo', [base]);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/Disk type\s*:\s*Dynamic/);
    expect(b.stdout).toMatch(/Media size\s*:\s*8\.0 GiB \(8589934592 bytes\)/);
    expect(b.stdout).toMatch(new RegExp(`\\tIdentifier\\s*:\\s*${BASE_ID}`));
    const c = run('vhdiinfo', [child]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/Disk type\s*:\s*Differential/);
    expect(c.stdout).toMatch(new RegExp(`Parent identifier\\s*:\\s*${BASE_ID}`));
    expect(c.stdout).toMatch(/Parent filename\s*:\s*base\.vhd/);
  });
});
