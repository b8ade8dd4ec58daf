// Hostile and impossible inputs: each gives its media/exfat-* diagnostic and no volume at all.
import { describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import type { TreeDir } from '../../../src/binary/file-tree.js';
import { MAX_DIR_BYTES, planDirectory } from '../../../src/formats/exfat/directory.js';
import { isLayout, planExfatLayout } from '../../../src/formats/exfat/layout.js';
import { recommendedUpcaseTable } from '../../../src/formats/exfat/upcase-table.js';
import { buildExfatVolume, type ExfatVolumeOptions } from '../../../src/formats/exfat/volume.js';

const MiB = 1 << 20;
const opts = (o: Partial<ExfatVolumeOptions> = {}): ExfatVolumeOptions => ({ sizeBytes: 16 * MiB, label: 'OK', serial: 1, epoch: 1.7e9, hiddenSectors: 0, ...o });
const file = (path: string, size = 1): VolumeFile => ({ path, size, source: { kind: 'bytes', bytes: new Uint8Array(Math.min(size, 16)) } });
const codes = (files: readonly VolumeFile[], o: Partial<ExfatVolumeOptions> = {}) => {
  const r = buildExfatVolume(files, opts(o));
  return { codes: r.diagnostics.map((d) => d.code).sort(), value: r.value, messages: r.diagnostics.map((d) => d.message) };
};

describe('exFAT diagnostics', () => {
  it('volume too small or too large for exFAT', () => {
    for (const sizeBytes of [0, 100, MiB, 2 * MiB]) expect(codes([], { sizeBytes })).toMatchObject({ codes: ['media/exfat-size'], value: undefined });
    expect(codes([], { sizeBytes: 200 * 2 ** 40 })).toMatchObject({ codes: ['media/exfat-size'], value: undefined });
  });

  it('contents that do not fit: file data, or the directories themselves', () => {
    const r = codes([file('/big.iso', 20 * MiB)], { sizeBytes: 16 * MiB });
    expect(r).toMatchObject({ codes: ['media/exfat-full'], value: undefined });
    expect(r.messages[0]).toMatch(/clusters of 4096 bytes/);
    // exactly the free space fits: 16 MiB → 3584 clusters, 4 taken by bitmap (1), up-case table (2), root (1)
    const l = planExfatLayout(16 * MiB);
    expect(isLayout(l) && l.clusterCount).toBe(3584);
    expect(codes([file('/fits', (3584 - 4) * 4096)], { sizeBytes: 16 * MiB }).codes).toEqual([]);
    expect(codes([file('/fits', (3584 - 4) * 4096 + 1)], { sizeBytes: 16 * MiB }).codes).toEqual(['media/exfat-full']);
    // 2.5 MiB: 128 clusters; 120 directories cannot all be FAT-chained below ClusterCount
    const dirs = Array.from({ length: 130 }, (_, i) => `/d${i}`);
    expect(codes([], { sizeBytes: 2.5 * MiB, dirs })).toMatchObject({ codes: ['media/exfat-full'], value: undefined });
  });

  it('labels longer than 11 UTF-16 units or with forbidden characters', () => {
    expect(codes([], { label: 'ABCDEFGHIJKL' })).toMatchObject({ codes: ['media/exfat-bad-label'], value: undefined });
    expect(codes([], { label: '😀😀😀😀😀😀' }).codes).toEqual(['media/exfat-bad-label']);
    for (const label of ['A:B', 'a/b', 'x*', 'tab\t', 'q?', '"', '<>', 'back\\', 'p|p']) expect(codes([], { label }).codes, label).toEqual(['media/exfat-bad-label']);
    expect(codes([], { label: 'Ünïcødé 😀' }).codes).toEqual([]);
    expect(codes([], { label: '' }).codes).toEqual([]);
  });

  it('names that collide once up-cased with the volume table', () => {
    expect(codes([file('/Readme.TXT'), file('/README.txt')])).toMatchObject({ codes: ['media/exfat-name-collision'], value: undefined });
    expect(codes([file('/dir/Érable'), file('/dir/éRABLE')]).codes).toEqual(['media/exfat-name-collision']);
    expect(codes([file('/ΣΊΣΥΦΟΣ'), file('/σίσυφοσ')]).codes).toEqual(['media/exfat-name-collision']);
    // a file and a directory collide too
    expect(codes([file('/EFI/x'), file('/efi')]).codes).toEqual(['media/exfat-name-collision']);
    // exFAT up-cases unit by unit: ß and SS are different names, and so are ı and I (the table keeps ı)
    expect(codes([file('/ß'), file('/SS'), file('/ı'), file('/I')]).codes).toEqual([]);
  });

  it('names over 255 units, with forbidden characters, or reserved', () => {
    expect(codes([file(`/${'a'.repeat(256)}`)])).toMatchObject({ codes: ['media/exfat-name-too-long'], value: undefined });
    expect(codes([file(`/${'😀'.repeat(128)}`)]).codes).toEqual(['media/exfat-name-too-long']);
    expect(codes([file(`/${'a'.repeat(255)}`)]).codes).toEqual([]);
    for (const name of ['a:b', 'what?', 'star*', 'pipe|', 'lt<', 'gt>', 'q"q', 'back\\slash', 'nul\u0000', 'bell\u0007', '..']) {
      expect(codes([file(`/d/${name}`)]).codes, JSON.stringify(name)).toEqual(['media/exfat-bad-name']);
    }
  });

  it('paths that are both file and directory, or given twice', () => {
    expect(codes([file('/a'), file('/a/b')])).toMatchObject({ codes: ['media/exfat-path'], value: undefined });
    expect(codes([file('/a'), file('/a')]).codes).toEqual(['media/exfat-path']);
  });

  it('a directory over 256 MiB of entries', () => {
    const children = Array.from({ length: Math.ceil(MAX_DIR_BYTES / 32 / 19) + 1 }, (_, i) => {
      const name = `${String(i).padStart(7, '0')}${'x'.repeat(248)}`;
      return { kind: 'file' as const, name, path: `/${name}`, file: file(`/${name}`) };
    });
    const dir: TreeDir = { kind: 'dir', name: '', path: '/', children };
    const r = planDirectory(dir, true, recommendedUpcaseTable().map);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['media/exfat-dir-too-large']);
  });

  it('an epoch outside 1980–2107 is clamped with a warning', () => {
    const r = buildExfatVolume([file('/a')], opts({ epoch: 0 }));
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['media/exfat-epoch-range', 'warning']]);
    expect(r.value).toBeDefined();
  });

  it('option values the boot sector cannot store', () => {
    for (const o of [{ hiddenSectors: -1 }, { hiddenSectors: 1.5 }, { serial: 2 ** 32 }, { serial: -1 }, { epoch: Number.NaN }]) {
      expect(codes([], o), JSON.stringify(o)).toMatchObject({ codes: ['media/exfat-options'], value: undefined });
    }
  });

  it('collects every problem at once', () => {
    expect(codes([file('/a:b'), file('/X'), file('/x'), file(`/${'z'.repeat(300)}`)], { label: 'way too long label' }).codes).toEqual([
      'media/exfat-bad-label',
      'media/exfat-bad-name',
      'media/exfat-name-collision',
      'media/exfat-name-too-long',
    ]);
  });
});
