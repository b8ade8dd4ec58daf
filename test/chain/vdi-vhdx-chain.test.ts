// VDI and VHDX differencing chains. No Debian tool makes a differencing VDI or VHDX, so the child
// is derived from a qemu-img base the way VirtualBox / Hyper-V lay it out (VDICore.h; [MS-VHDX]
// §2.6.2.6), then damaged. vhdiinfo (libvhdi) independently reads the VHDX parent locator.
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guid } from '../../src/binary/index.js';
import { MetadataGuid, VHDX_PARENT_LOCATOR_TYPE, VhdxKeyValueEntry, VhdxMetadataEntry, VhdxParentLocatorHeader } from '../../src/formats/vhdx/structs.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { chainCodes, tempDir } from './helpers.js';

const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });
const vhdiinfo = findOracle({ name: 'vhdiinfo', pkg: 'libvhdi-utils' });
const ok = oraclesPresent([qemuImg, vhdiinfo], 'VDI/VHDX chains');

function vdiChild(parent: string, child: string, uuid: number): void {
  const p = readFileSync(parent);
  const c = Buffer.from(p);
  c.writeUInt32LE(4, 76); // u32Type = DIFF
  c.fill(uuid, 392, 424); // new uuidCreate and uuidModify
  p.copy(c, 424, 392, 408); // uuidLinkage = parent uuidCreate
  p.copy(c, 440, 408, 424); // uuidParentModify = parent uuidModify
  writeFileSync(child, c);
}

function utf16(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

/** Adds HasParent and a parent locator item to a copy of a qemu-img VHDX (metadata region at 3 MiB). */
function vhdxChild(parent: string, child: string, pairs: Record<string, string>): void {
  const b = Buffer.from(readFileSync(parent));
  const md = 3 * 1024 * 1024;
  const count = b.readUInt16LE(md + 10);
  const itemAt = 128 * 1024;
  const entries = Object.entries(pairs);
  const item = Buffer.alloc(4096);
  VhdxParentLocatorHeader.encodeInto(item, 0, { locatorType: VHDX_PARENT_LOCATOR_TYPE, keyValueCount: entries.length });
  let cursor = 20 + entries.length * 12;
  entries.forEach(([k, v], i) => {
    const key = utf16(k);
    const value = utf16(v);
    VhdxKeyValueEntry.encodeInto(item, 20 + i * 12, { keyOffset: cursor, valueOffset: cursor + key.length, keyLength: key.length, valueLength: value.length });
    key.copy(item, cursor);
    value.copy(item, cursor + key.length);
    cursor += key.length + value.length;
  });
  item.copy(b, md + itemAt);
  VhdxMetadataEntry.encodeInto(b, md + 32 + count * 32, { itemId: MetadataGuid.parentLocator, offset: itemAt, length: cursor, flags: 6 });
  b.writeUInt16LE(count + 1, md + 10);
  b.writeUInt32LE(b.readUInt32LE(md + 65536 + 4) | 2, md + 65536 + 4); // File Parameters: HasParent
  writeFileSync(child, b);
}

function dataWriteGuid(file: string): string {
  const b = readFileSync(file);
  const h1 = b.readBigUInt64LE(64 * 1024 + 8) >= b.readBigUInt64LE(128 * 1024 + 8) ? 64 * 1024 : 128 * 1024;
  return guid.decode(new DataView(b.buffer, b.byteOffset), h1 + 32);
}

describe.skipIf(!ok)('VDI chains', () => {
  function chain() {
    const dir = tempDir('vdi-chain-');
    run('qemu-img', ['create', '-q', '-f', 'vdi', join(dir, 'base.vdi'), '64M']);
    mkdirSync(join(dir, 'Snapshots'));
    vdiChild(join(dir, 'base.vdi'), join(dir, 'Snapshots', 'child.vdi'), 0x5a);
    return { dir, base: join(dir, 'base.vdi'), child: join(dir, 'Snapshots', 'child.vdi') };
  }

  it('finds the parent by uuidLinkage among candidate dirs; QEMU refuses the child', async () => {
    const { dir, child } = chain();
    const { codes, result } = await chainCodes(child, { searchDirs: [dir] });
    expect(codes).toEqual([]);
    expect(result.value.nodes.map((n) => n.header?.subformat)).toEqual(['diff', 'normal']);
    expect(run('qemu-img', ['info', child]).stderr).toContain('non-NULL');
  });

  it('parent re-created (new uuidCreate) → chain/identity-mismatch or parent-missing', async () => {
    const { dir, base, child } = chain();
    run('qemu-img', ['create', '-q', '-f', 'vdi', base, '64M']);
    expect((await chainCodes(child, { searchDirs: [dir] })).codes).toEqual(['chain/parent-missing']);
  });

  it('parent modified (uuidModify changed) → chain/parent-modified (warning)', async () => {
    const { dir, base, child } = chain();
    const b = readFileSync(base);
    b.fill(0x77, 408, 424);
    writeFileSync(base, b);
    const { codes, result } = await chainCodes(child, { searchDirs: [dir] });
    expect(codes).toEqual(['chain/parent-modified']);
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });

  it('parent of another size → chain/size-mismatch', async () => {
    const { dir, base, child } = chain();
    const b = readFileSync(base);
    b.writeBigUInt64LE(32n * 1024n * 1024n, 368);
    writeFileSync(base, b);
    expect((await chainCodes(child, { searchDirs: [dir] })).codes).toEqual(['chain/size-mismatch']);
  });
});

describe.skipIf(!ok)('VHDX chains', () => {
  function chain(linkage?: string) {
    const dir = tempDir('vhdx-chain-');
    const base = join(dir, 'base.vhdx');
    run('qemu-img', ['create', '-q', '-f', 'vhdx', base, '64M']);
    const child = join(dir, 'child.vhdx');
    vhdxChild(base, child, { parent_linkage: `{${linkage ?? dataWriteGuid(base)}}`, relative_path: '.\\base.vhdx', absolute_win32_path: 'C:\\vms\\base.vhdx' });
    return { dir, base, child };
  }

  it('resolves relative_path and checks parent_linkage against DataWriteGuid; vhdiinfo agrees', async () => {
    const { base, child } = chain();
    const { codes, result } = await chainCodes(child);
    expect(codes).toEqual([]);
    expect(result.value.nodes[0]?.header?.parent).toMatchObject({ identity: [dataWriteGuid(base)], candidates: [{ source: 'relative_path', path: 'base.vhdx' }, { source: 'absolute_win32_path', path: '/vms/base.vhdx' }] });
    const v = run('vhdiinfo', [child]);
    expect(v.stdout).toMatch(/Disk type\s*:\s*Differential/);
    expect(v.stdout).toMatch(/Parent filename\s*:\s*C:\\vms\\base\.vhdx/);
  });

  it('parent_linkage that is not the parent DataWriteGuid → chain/identity-mismatch', async () => {
    const { child } = chain('01234567-89ab-cdef-0123-456789abcdef');
    expect((await chainCodes(child)).codes).toEqual(['chain/identity-mismatch']);
  });

  it('parent moved away → chain/parent-missing; a damaged header CRC → format/bad-checksum', async () => {
    const { dir, base, child } = chain();
    const b = readFileSync(base);
    b[64 * 1024 + 100] = 0xff; // inside header 1, covered by its CRC-32C
    writeFileSync(base, b);
    expect((await chainCodes(child)).codes).toEqual(['format/bad-checksum']);
    renameSync(base, join(dir, 'moved.vhdx'));
    expect((await chainCodes(child)).codes).toEqual(['chain/parent-missing']);
    copyFileSync(join(dir, 'moved.vhdx'), base);
  });
});
