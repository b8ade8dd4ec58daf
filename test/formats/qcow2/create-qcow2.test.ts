import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferReadAt } from '../../../src/binary/index.js';
import { createQcow2 } from '../../../src/formats/qcow2/create-qcow2.js';
import { readQcow2 } from '../../../src/formats/qcow2/read-qcow2.js';
import { writeImageLayout } from '../../../src/io/image-files.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';

const MiB = 1024 * 1024;

async function makeChain(dir: string): Promise<{ base: string; child: string }> {
  const base = join(dir, 'base.qcow2');
  const child = join(dir, 'child.qcow2');
  await writeImageLayout(base, createQcow2({ sizeBytes: 64 * MiB }));
  await writeImageLayout(child, createQcow2({ sizeBytes: 64 * MiB, backingFile: 'base.qcow2', backingFormat: 'qcow2' }));
  return { base, child };
}

describe('createQcow2 / readQcow2', () => {
  it('reads back size, backing file and backing format', async () => {
    const { child } = await makeChain(mkdtempSync(join(tmpdir(), 'qcow2-')));
    const r = await readQcow2(bufferReadAt(readFileSync(child)), child);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      format: 'qcow2',
      virtualSize: 64 * MiB,
      clusterSize: 65536,
      dirty: false,
      parent: { name: 'base.qcow2', format: 'qcow2', candidates: [{ source: 'backing-file', path: 'base.qcow2', relative: true }] },
    });
  });
});

const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });
const qcowinfo = findOracle({ name: 'qcowinfo', pkg: 'libqcow-utils' });
describe.skipIf(!oraclesPresent([qemuImg, qcowinfo], 'qcow2 oracles'))('qemu-img and qcowinfo accept what bootgen writes', () => {
  it('qemu-img check is clean and info shows the backing file and format', async () => {
    const { base, child } = await makeChain(mkdtempSync(join(tmpdir(), 'qcow2-')));
    for (const f of [base, child]) {
      const c = run('qemu-img', ['check', '--output=json', f]);
      expect(c.status, c.stdout + c.stderr).toBe(0);
    }
    const info = JSON.parse(run('qemu-img', ['info', '--output=json', child]).stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ 'virtual-size': 64 * MiB, 'backing-filename': 'base.qcow2', 'backing-filename-format': 'qcow2', 'dirty-flag': false });
    const q = run('qcowinfo', [child]);
    expect(q.status, q.stderr).toBe(0);
    expect(q.stdout).toMatch(/Media size\s*:\s*64 MiB \(67108864 bytes\)/);
    expect(q.stdout).toMatch(/Backing filename\s*:\s*base\.qcow2/);
  });
});
