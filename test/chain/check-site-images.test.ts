// Site-level chain checks on real site.yaml files and images made with bootgen's own writer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSiteImages } from '../../src/chain/index.js';
import { loadSite } from '../../src/app/site.js';
import { nodeFileSource } from '../../src/io/image-files.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { createImage, MiB, tempDir } from './helpers.js';

async function site(options: { images: string; entries: string; extra?: string; make: (dir: string) => Promise<void> }) {
  const dir = tempDir('site-');
  mkdirSync(join(dir, 'images'));
  await options.make(dir);
  const yaml = `bootgen: 1\nsite: t\nepoch: 2026-01-01T00:00:00Z\nmenu: {title: T, timeout: 5}\nimages:\n${options.images}\nentries:\n${options.entries}\n${options.extra ?? ''}`;
  writeFileSync(join(dir, 'site.yaml'), yaml);
  const loaded = loadSite(join(dir, 'site.yaml'), nodePorts());
  if (!loaded.value) throw new Error(JSON.stringify(loaded.diagnostics, null, 1));
  const r = await checkSiteImages(loaded.value.site, nodeFileSource());
  return { codes: [...new Set(r.diagnostics.map((d) => d.code))].sort(), r };
}

const baseAndChild = async (dir: string): Promise<void> => {
  await createImage({ file: join(dir, 'images/base.vhd'), size: 64 * MiB });
  await createImage({ file: join(dir, 'images/child.vhd'), parent: join(dir, 'images/base.vhd') });
  await createImage({ file: join(dir, 'images/other.vhd'), size: 64 * MiB });
};

describe('checkSiteImages', () => {
  it('a consistent site is clean and the report links child → parent', async () => {
    const { codes, r } = await site({
      images: '  base: images/base.vhd\n  child: {path: images/child.vhd, parent: base}',
      entries: '  - {id: a, title: A, disk: child, session: immutable}',
      make: baseAndChild,
    });
    expect(codes).toEqual([]);
    const child = r.value.nodes.find((n) => n.imageId === 'child');
    expect(r.value.nodes.find((n) => n.realpath === child?.parent)?.imageId).toBe('base');
  });

  it('a missing image file → chain/image-missing, located at its line in site.yaml', async () => {
    const { codes, r } = await site({
      images: '  base: images/base.vhd\n  gone: images/gone.vhd',
      entries: '  - {id: a, title: A, disk: base, session: immutable}',
      make: baseAndChild,
    });
    expect(codes).toEqual(['chain/image-missing']);
    expect(r.diagnostics[0]).toMatchObject({ message: expect.stringContaining('image gone'), origin: { line: 7, col: 9, path: ['images', 'gone'] } });
  });

  it('`parent:` naming another image than the header → chain/manifest-parent-mismatch at the site.yaml line', async () => {
    const { codes, r } = await site({
      images: '  base: images/base.vhd\n  other: images/other.vhd\n  child: {path: images/child.vhd, parent: other}',
      entries: '  - {id: a, title: A, disk: child, session: immutable}',
      make: baseAndChild,
    });
    expect(codes).toEqual(['chain/manifest-parent-mismatch']);
    expect(r.diagnostics[0]?.origin?.line).toBe(8);
  });

  it('an entry booting persistent an image that the headers show is a parent → chain/parent-booted-writable', async () => {
    // site.yaml does not declare the relation (the manifest rules catch declared ones); the headers do
    const { codes } = await site({
      images: '  base: images/base.vhd\n  child: images/child.vhd',
      entries: '  - {id: a, title: A, disk: base, session: persistent}',
      make: baseAndChild,
    });
    expect(codes).toEqual(['chain/manifest-parent-undeclared', 'chain/parent-booted-writable']);
  });

  it('Windows native boot of a qcow2 chain, and network overlays over a differencing VHD → chain/target-unsupported', async () => {
    const { codes, r } = await site({
      images: '  base: images/base.vhd\n  child: {path: images/child.vhd, parent: base}\n  q: images/q.qcow2',
      entries: '  - {id: w, title: W, disk: q, session: immutable, windows: {}}\n  - {id: n, title: N, disk: child, session: immutable}',
      extra: 'machines:\n  - {name: m1, mac: "52:54:00:00:00:01"}\nnetwork:\n  server: 10.0.0.1\n  http: http://10.0.0.1/boot\n  san: iscsi\n  dhcp: {mode: proxy, subnet: 10.0.0.0/24}\n  overlays: {engine: qcow2, dir: /srv/o}\n',
      make: async (dir) => {
        await baseAndChild(dir);
        await createImage({ file: join(dir, 'images/q.qcow2'), size: 64 * MiB, format: 'qcow2' });
      },
    });
    expect(codes).toEqual(['chain/target-unsupported']);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/entry w \(Windows native VHD boot\)[\s\S]*entry n \(qcow2 overlays\)/);
  });

  it('a network: section beside a differencing VHD no machine netboots is no error (the stick boots it)', async () => {
    const { codes } = await site({
      images: '  base: images/base.vhd\n  child: {path: images/child.vhd, parent: base}',
      entries: '  - {id: n, title: N, disk: child, session: immutable}\n  - {id: r, title: R, grub: "echo r", ipxe: shell}',
      extra: 'machines:\n  - {name: m1, mac: "52:54:00:00:00:01", entries: [r]}\nnetwork:\n  server: 10.0.0.1\n  http: http://10.0.0.1/boot\n  san: iscsi\n  dhcp: {mode: proxy, subnet: 10.0.0.0/24}\n',
      make: baseAndChild,
    });
    expect(codes).toEqual([]);
  });
});
