import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferReadAt } from '../../../src/binary/index.js';
import { createVmdk } from '../../../src/formats/vmdk/create-vmdk.js';
import { readVmdk } from '../../../src/formats/vmdk/read-vmdk.js';
import { writeImageLayout } from '../../../src/io/image-files.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';

const MiB = 1024 * 1024;

async function makeChain(dir: string): Promise<{ base: string; child: string }> {
  const base = join(dir, 'base.vmdk');
  const child = join(dir, 'child.vmdk');
  await writeImageLayout(base, createVmdk({ sizeBytes: 64 * MiB, cid: '0a0b0c0d', fileName: 'base.vmdk' }));
  await writeImageLayout(child, createVmdk({ sizeBytes: 64 * MiB, cid: '11223344', fileName: 'child.vmdk', parent: { cid: '0a0b0c0d', fileNameHint: 'base.vmdk' } }));
  return { base, child };
}

const read = async (f: string) => readVmdk(bufferReadAt(readFileSync(f)), f);

describe('createVmdk / readVmdk', () => {
  it('reads back CID, parentCID, hint and capacity', async () => {
    const { base, child } = await makeChain(mkdtempSync(join(tmpdir(), 'vmdk-')));
    const b = await read(base);
    expect(b.diagnostics).toEqual([]);
    expect(b.value).toMatchObject({ subformat: 'monolithicSparse', virtualSize: 64 * MiB, identity: { kind: 'cid', value: '0a0b0c0d' }, parent: undefined });
    const c = await read(child);
    expect(c.value?.parent).toMatchObject({ name: 'base.vmdk', identity: ['0a0b0c0d'], format: 'vmdk' });
  });

  it('reads a descriptor file with extent lines and sums their sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmdk-'));
    const f = join(dir, 'd.vmdk');
    writeFileSync(f, '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="twoGbMaxExtentFlat"\nRW 100 FLAT "a-f001.vmdk" 0\nRW 28 FLAT "a-f002.vmdk" 0\nRDONLY 0 ZERO\n');
    const r = await read(f);
    expect(r.value).toMatchObject({ subformat: 'twoGbMaxExtentFlat', virtualSize: 128 * 512, extents: [{ file: 'a-f001.vmdk' }, { file: 'a-f002.vmdk' }, { type: 'ZERO' }] });
  });

  it('flags text-mode transfer damage in the end-of-line check bytes', async () => {
    const { base } = await makeChain(mkdtempSync(join(tmpdir(), 'vmdk-')));
    const bytes = readFileSync(base);
    bytes[75] = 0x0a;
    const r = await readVmdk(bufferReadAt(bytes), base);
    expect(r.diagnostics.map((d) => d.code)).toContain('format/vmdk-newline-damage');
  });
});

const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });
const vmdkinfo = findOracle({ name: 'vmdkinfo', pkg: 'libvmdk-utils' });
describe.skipIf(!oraclesPresent([qemuImg, vmdkinfo], 'VMDK oracles'))('qemu-img and vmdkinfo accept what bootgen writes', () => {
  it('qemu-img check is clean; info and vmdkinfo show CID, parent CID and parent file', async () => {
    const { base, child } = await makeChain(mkdtempSync(join(tmpdir(), 'vmdk-')));
    for (const f of [base, child]) expect(run('qemu-img', ['check', f]).status).toBe(0);
    const info = JSON.parse(run('qemu-img', ['info', '--output=json', child]).stdout) as { 'format-specific': { data: Record<string, unknown> } } & Record<string, unknown>;
    expect(info).toMatchObject({ 'virtual-size': 64 * MiB, 'backing-filename': 'base.vmdk' });
    expect(info['format-specific'].data).toMatchObject({ cid: 0x11223344, 'parent-cid': 0x0a0b0c0d, 'create-type': 'monolithicSparse' });
    const v = run('vmdkinfo', [child]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/Content identifier:\s*0x11223344/);
    expect(v.stdout).toMatch(/Parent content identifier:\s*0x0a0b0c0d/);
    expect(v.stdout).toMatch(/Parent filename:\s*base\.vmdk/);
    const io = run('qemu-io', ['-r', '-c', 'read 0 4096', child]);
    expect(io.stdout + io.stderr).not.toContain('failed');
  });
});
