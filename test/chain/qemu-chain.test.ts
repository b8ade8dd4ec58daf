// qcow2 and VMDK chains made by qemu-img (the oracle), damaged the way users damage them, and
// `bootgen chain --json` compared with `qemu-img info --backing-chain --output=json` field by field.
import { symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainInfo } from '../../src/chain/index.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { chainCodes, patch, tempDir } from './helpers.js';

const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });
const qemuIo = findOracle({ name: 'qemu-io', pkg: 'qemu-utils' });
const ok = oraclesPresent([qemuImg, qemuIo], 'qemu-img chains');

function qemu(dir: string, ...args: string[]): void {
  const r = run('qemu-img', args, { cwd: dir });
  if (r.status !== 0) throw new Error(`qemu-img ${args.join(' ')}: ${r.stderr}`);
}

function qcow2Chain(): { dir: string; top: string } {
  const dir = tempDir('qcow2-chain-');
  qemu(dir, 'create', '-q', '-f', 'qcow2', 'base.qcow2', '64M');
  qemu(dir, 'create', '-q', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', 'mid.qcow2');
  qemu(dir, 'create', '-q', '-f', 'qcow2', '-b', 'mid.qcow2', '-F', 'qcow2', 'top.qcow2');
  return { dir, top: join(dir, 'top.qcow2') };
}

function vmdkChain(): { dir: string; top: string } {
  const dir = tempDir('vmdk-chain-');
  qemu(dir, 'create', '-q', '-f', 'vmdk', 'base.vmdk', '64M');
  qemu(dir, 'create', '-q', '-f', 'vmdk', '-b', 'base.vmdk', '-F', 'vmdk', 'child.vmdk');
  qemu(dir, 'create', '-q', '-f', 'vmdk', '-b', 'child.vmdk', '-F', 'vmdk', 'grandchild.vmdk');
  return { dir, top: join(dir, 'grandchild.vmdk') };
}

type Info = Record<string, unknown> & { 'format-specific'?: { type: string; data: Record<string, unknown> } };
const FIELDS = ['filename', 'format', 'virtual-size', 'cluster-size', 'dirty-flag', 'backing-filename', 'full-backing-filename', 'backing-filename-format'];

async function compareWithQemu(dir: string, top: string): Promise<void> {
  const theirs = JSON.parse(run('qemu-img', ['info', '--backing-chain', '--output=json', top], { cwd: dir }).stdout) as Info[];
  const { result } = await chainCodes(top);
  const ours = chainInfo(result.value, result.value.tops[0] ?? '') as unknown as Info[];
  expect(ours.length).toBe(theirs.length);
  theirs.forEach((t, i) => {
    const o = ours[i] ?? {};
    for (const f of FIELDS) expect([i, f, o[f]]).toEqual([i, f, t[f]]);
    const data = t['format-specific']?.data ?? {};
    for (const [k, v] of Object.entries(data)) {
      if (k === 'extents' || k === 'compression-type' && o['format-specific'] === undefined) continue;
      expect([i, k, o['format-specific']?.data[k]]).toEqual([i, k, v]);
    }
  });
}

describe.skipIf(!ok)('chains made by qemu-img', () => {
  it('qcow2: bootgen chain --json equals qemu-img info --backing-chain field by field', async () => {
    const { dir, top } = qcow2Chain();
    await compareWithQemu(dir, top);
    expect((await chainCodes(top)).codes).toEqual([]);
  });

  it('vmdk: bootgen chain --json equals qemu-img info --backing-chain field by field', async () => {
    const { dir, top } = vmdkChain();
    await compareWithQemu(dir, top);
    expect((await chainCodes(top)).codes).toEqual([]);
  });

  it('qcow2 parent missing → chain/parent-missing', async () => {
    const { dir, top } = qcow2Chain();
    run('rm', [join(dir, 'base.qcow2')]);
    expect((await chainCodes(top)).codes).toEqual(['chain/parent-missing']);
  });

  it('qcow2 loop made by rebase, also when spelled ./ (qemu-img only sees the plain one) → chain/cycle', async () => {
    const dir = tempDir('loop-');
    qemu(dir, 'create', '-q', '-f', 'qcow2', 'a.qcow2', '64M');
    qemu(dir, 'create', '-q', '-f', 'qcow2', '-b', './a.qcow2', '-F', 'qcow2', 'b.qcow2');
    qemu(dir, 'rebase', '-u', '-b', './././b.qcow2', '-F', 'qcow2', 'a.qcow2');
    const theirs = run('qemu-img', ['info', '--backing-chain', 'b.qcow2'], { cwd: dir, timeoutMs: 20_000 });
    expect(theirs.status).not.toBe(0);
    expect((await chainCodes(join(dir, 'b.qcow2'))).codes).toEqual(['chain/cycle']);
    symlinkSync(join(dir, 'b.qcow2'), join(dir, 'link.qcow2'));
    qemu(dir, 'rebase', '-u', '-b', 'link.qcow2', '-F', 'qcow2', 'a.qcow2');
    expect((await chainCodes(join(dir, 'b.qcow2'))).codes).toEqual(['chain/cycle']);
  });

  it('qcow2 recorded backing format raw for a qcow2 parent → chain/backing-format-mismatch', async () => {
    const { dir } = qcow2Chain();
    qemu(dir, 'create', '-q', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'raw', 'wrongfmt.qcow2', '64M');
    expect((await chainCodes(join(dir, 'wrongfmt.qcow2'))).codes).toEqual(['chain/backing-format-mismatch']);
    qemu(dir, 'rebase', '-u', '-b', 'base.qcow2', '-F', 'vmdk', 'mid.qcow2');
    expect((await chainCodes(join(dir, 'top.qcow2'))).codes).toEqual(['chain/backing-format-mismatch']);
  });

  it('qcow2 child larger than its parent → chain/size-mismatch (warning: QEMU accepts it)', async () => {
    const { dir } = qcow2Chain();
    qemu(dir, 'create', '-q', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', 'big.qcow2', '128M');
    const { codes, result } = await chainCodes(join(dir, 'big.qcow2'));
    expect(codes).toEqual(['chain/size-mismatch']);
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });

  it('qcow2 dirty, corrupt and unknown incompatible bits (byte 79) → their codes', async () => {
    for (const [bit, code] of [[0x01, 'format/qcow2-dirty'], [0x02, 'format/qcow2-corrupt'], [0x80, 'format/qcow2-unknown-feature']] as const) {
      const { dir, top } = qcow2Chain();
      patch(join(dir, 'mid.qcow2'), 79, [bit]);
      expect((await chainCodes(top)).codes).toEqual([code]);
      if (code === 'format/qcow2-dirty') {
        const info = JSON.parse(run('qemu-img', ['info', '--output=json', '-U', join(dir, 'mid.qcow2')]).stdout) as Info;
        expect(info['dirty-flag']).toBe(true);
      }
    }
  });

  it('vmdk parent written by QEMU (its CID changes) → chain/identity-mismatch, which qemu-img check misses', async () => {
    const { dir, top } = vmdkChain();
    const w = run('qemu-io', ['-f', 'vmdk', '-c', 'write -P 0xab 0 4k', join(dir, 'base.vmdk')]);
    expect(w.status, w.stderr).toBe(0);
    expect(run('qemu-img', ['check', top]).status).toBe(0);
    expect((await chainCodes(top)).codes).toEqual(['chain/identity-mismatch']);
  });

  it('vmdk CID edited in the descriptor → chain/identity-mismatch', async () => {
    const { dir, top } = vmdkChain();
    const f = join(dir, 'child.vmdk');
    const b = readFileSync(f);
    const at = b.indexOf('\nCID=') + 5;
    b.write('deadbeef', at, 'latin1');
    writeFileSync(f, b);
    expect((await chainCodes(top)).codes).toEqual(['chain/identity-mismatch']);
  });

  it('vmdk descriptor file naming a missing extent and itself → chain/extent-missing, format/vmdk-self-extent', async () => {
    const dir = tempDir('vmdk-desc-');
    qemu(dir, 'create', '-q', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', 'mf.vmdk', '1M');
    expect((await chainCodes(join(dir, 'mf.vmdk'))).codes).toEqual([]);
    run('rm', [join(dir, 'mf-flat.vmdk')]);
    expect((await chainCodes(join(dir, 'mf.vmdk'))).codes).toEqual(['chain/extent-missing']);
    writeFileSync(join(dir, 'self.vmdk'), '# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 2048 FLAT "self.vmdk" 0\n');
    expect((await chainCodes(join(dir, 'self.vmdk'))).codes).toEqual(['format/vmdk-self-extent']);
  });

  it('streamOptimized VMDK is read as a base image', async () => {
    const dir = tempDir('vmdk-so-');
    qemu(dir, 'create', '-q', '-f', 'vmdk', '-o', 'subformat=streamOptimized', 'so.vmdk', '64M');
    const { codes, result } = await chainCodes(join(dir, 'so.vmdk'));
    expect(codes).toEqual([]);
    expect(result.value.nodes[0]?.header).toMatchObject({ subformat: 'streamOptimized', virtualSize: 64 * 1024 * 1024 });
  });
});
