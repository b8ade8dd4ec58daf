// The ISO 9660 member reader: images made by our writer and by Debian's xorriso (Rock Ridge,
// Rock Ridge + Joliet, plain ISO 9660), every member read back byte-identical through its
// extents; missing members and malformed volumes become diagnostics, never exceptions.
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadAt } from '../../../src/binary/read-at.js';
import { bufferReadAt } from '../../../src/binary/read-at.js';
import { findIsoMember, type IsoMember } from '../../../src/formats/iso9660/find-member.js';
import { buildIsoVolume } from '../../../src/formats/iso9660/volume.js';
import { writeSparseFile } from '../../../src/io/sparse-file.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';
import { pattern, sampleNames, writeSampleTree } from '../fat/sample-tree.js';

const xorriso = findOracle({ name: 'xorriso', pkg: 'xorriso' });
const isoinfo = findOracle({ name: 'isoinfo', pkg: 'genisoimage' });
const work = mkdtempSync(join(tmpdir(), 'bootgen-readiso-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const EPOCH = Date.UTC(2026, 0, 1) / 1000;

/** A ReadAt over a file (the test side of what io/ supplies). */
function fileReadAt(path: string): ReadAt & { close(): void } {
  const fd = openSync(path, 'r');
  const size = Number(fstatSync(fd, { bigint: true }).size);
  return {
    size,
    read: async (offset, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buf.length) {
        const n = readSync(fd, buf, done, buf.length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, done);
    },
    close: () => closeSync(fd),
  };
}

async function contentOf(src: ReadAt, m: IsoMember): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const e of m.extents) parts.push(await src.read(e.offset, e.length));
  return Buffer.concat(parts);
}

/** Reads every sample file back out of `iso` and compares it with the source tree. */
async function expectMembers(iso: string, src: string, names: readonly string[], transform: (n: string) => string = (n) => n): Promise<void> {
  const r = fileReadAt(iso);
  try {
    for (const name of names) {
      const m = await findIsoMember(r, `/${transform(name)}`, { file: iso });
      expect(m.diagnostics, name).toEqual([]);
      const want = readFileSync(join(src, name));
      expect(m.value?.size, name).toBe(want.length);
      expect((await contentOf(r, m.value!)).equals(want), name).toBe(true);
    }
  } finally {
    r.close();
  }
}

function ourIso(dir: string, iso: string): string[] {
  const files = writeSampleTree({ dir, collisions: 30 });
  const v = buildIsoVolume(files, { volumeId: 'READTEST', epoch: EPOCH });
  expect(v.diagnostics).toEqual([]);
  writeSparseFile(iso, v.value!.sizeBytes, v.value!.extents);
  return sampleNames(30);
}

describe('reading members out of our own ISOs', () => {
  it('finds every file, by Rock Ridge name (long, Unicode, deep, empty) and by case-insensitive name', async () => {
    const names = ourIso(join(work, 'own'), join(work, 'own.iso'));
    await expectMembers(join(work, 'own.iso'), join(work, 'own'), names);
    await expectMembers(join(work, 'own.iso'), join(work, 'own'), ['README.TXT', 'EFI/BOOT/BOOTX64.EFI'], (n) => n.toLowerCase());
  });

  it('reports missing members, files used as directories and directories as diagnostics', async () => {
    const bytes = readFileSync(join(work, 'own.iso'));
    const src = bufferReadAt(bytes);
    for (const [path, why] of [['/casper/vmlinuz', 'has no entry named "casper"'], ['/boot/x', 'is a file, not a directory'], ['/deep/l2', 'is a directory'], ['/../boot', 'without . or ..']]) {
      const r = await findIsoMember(src, path as string, { file: 'isos/own.iso' });
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => d.code)).toEqual(['format/iso-member-missing']);
      expect(r.diagnostics[0]?.message).toContain(`${path} is not in isos/own.iso`);
      expect(r.diagnostics[0]?.message).toContain(why);
    }
  });

  it('names the field and byte offset of a broken volume', async () => {
    const bytes = new Uint8Array(readFileSync(join(work, 'own.iso')));
    bytes[16 * 2048 + 129] = 0x00; // logical block size, LE half: 2048 → 0, the BE half disagrees
    const r = await findIsoMember(bufferReadAt(bytes), '/boot', { file: 'bad.iso' });
    expect(r.diagnostics).toMatchObject([{ code: 'format/iso-invalid', origin: { file: 'bad.iso', offset: 16 * 2048 + 128, field: 'iso9660.pvd.logicalBlockSize' } }]);
    const short = await findIsoMember(bufferReadAt(bytes.subarray(0, 10_000)), '/boot', { file: 'short.iso' });
    expect(short.diagnostics.map((d) => d.code)).toEqual(['format/iso-invalid']);
  });

  it('returns every extent of a file over 4 GiB (multi-extent records)', async () => {
    const big = join(work, 'big.bin');
    const size = 2 ** 32 + 12345 + 4000;
    const fd = openSync(big, 'w');
    writeSync(fd, Buffer.from('HEAD'.repeat(1000)), 0, 4000, 0);
    writeSync(fd, Buffer.from('TAIL'.repeat(1000)), 0, 4000, size - 4000);
    closeSync(fd);
    const v = buildIsoVolume([{ path: '/big/big.bin', size, source: { kind: 'file', path: big } }], { volumeId: 'BIG', epoch: EPOCH });
    const iso = join(work, 'big.iso');
    writeSparseFile(iso, v.value!.sizeBytes, v.value!.extents);
    rmSync(big);
    const r = fileReadAt(iso);
    try {
      const m = await findIsoMember(r, '/big/big.bin', { file: iso });
      expect(m.diagnostics).toEqual([]);
      expect(m.value?.size).toBe(size);
      expect(m.value?.extents.length).toBe(2);
      const [a, b] = m.value!.extents;
      expect(Buffer.from(await r.read(a!.offset, 4000)).toString()).toBe('HEAD'.repeat(1000));
      expect(Buffer.from(await r.read(b!.offset + b!.length - 4000, 4000)).toString()).toBe('TAIL'.repeat(1000));
    } finally {
      r.close();
      rmSync(iso);
    }
  });
});

describe.skipIf(!oraclesPresent([xorriso, isoinfo], 'ISO reader oracles'))('reading members out of xorriso ISOs', () => {
  const src = join(work, 'tree');
  writeSampleTree({ dir: src, collisions: 30 });
  const names = sampleNames(30);
  const mkisofs = (out: string, flags: string[], dir = src): void => {
    const r = run('xorriso', ['-as', 'mkisofs', ...flags, '-V', 'XTEST', '-o', out, dir]);
    expect(r.status, r.stderr).toBe(0);
  };

  it('xorriso -R: every file byte-identical by its Rock Ridge name', async () => {
    mkisofs(join(work, 'rr.iso'), ['-R']);
    await expectMembers(join(work, 'rr.iso'), src, names);
  });

  it('xorriso -R -J: the same through the primary volume (Joliet ignored)', async () => {
    mkisofs(join(work, 'rrj.iso'), ['-R', '-J', '-joliet-long']);
    await expectMembers(join(work, 'rrj.iso'), src, names);
  });

  it('xorriso without Rock Ridge: ISO 9660 names, version and trailing dot stripped, any case', async () => {
    const plain = join(work, 'plain');
    mkdirSync(join(plain, 'casper'), { recursive: true });
    writeFileSync(join(plain, 'casper/vmlinuz'), pattern(70_000, 7));
    writeFileSync(join(plain, 'casper/initrd.gz'), pattern(5000, 8));
    writeFileSync(join(plain, 'README.TXT'), pattern(100, 9));
    mkisofs(join(work, 'plain.iso'), ['--norock'], plain);
    expect(run('isoinfo', ['-d', '-i', join(work, 'plain.iso')]).stdout).toContain('NO Rock Ridge present');
    expect(run('isoinfo', ['-l', '-i', join(work, 'plain.iso')]).stdout).toContain('VMLINUZ.;1');
    await expectMembers(join(work, 'plain.iso'), plain, ['casper/vmlinuz', 'casper/initrd.gz', 'README.TXT']);
  });
});
