// `build --only KINDS` rebuilds what was asked and keeps the rest of the previous out dir: a
// configs-only rebuild after a PXE build keeps pxe/ byte for byte, and drops configs it no longer makes.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/app/build.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';

const LANPARTY = join(import.meta.dirname, '../../examples/lanparty/site.yaml');
const work = mkdtempSync(join(tmpdir(), 'bootgen-partial-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ipxe = findOracle({ name: '/usr/lib/ipxe/undionly.kpxe', pkg: 'ipxe' });

describe.skipIf(!oraclesPresent([ipxe], 'partial builds (PXE loaders)'))('partial builds', () => {
  it('--only configs after --only pxe keeps the PXE tree; --only pxe after that keeps the configs', async () => {
    const out = join(work, 'out');
    const ports = nodePorts();
    const pxe = await buildSite({ file: LANPARTY, out, only: ['pxe'] }, ports);
    const undionly = join(out, 'pxe/undionly.kpxe');
    const before = readFileSync(undionly);
    expect(pxe.artifacts.some((a) => a.path === 'pxe/undionly.kpxe')).toBe(true);
    expect(() => statSync(join(out, 'grub/grub.cfg'))).toThrow();

    const configs = await buildSite({ file: LANPARTY, out, only: ['configs'] }, ports);
    expect(configs.artifacts.every((a) => !a.path.startsWith('pxe/'))).toBe(true);
    expect(configs.carried).toContain('pxe/undionly.kpxe');
    expect(readFileSync(undionly)).toEqual(before);
    expect(readFileSync(join(out, 'grub/grub.cfg'), 'utf8')).toContain('menuentry');

    // a stale file of a rebuilt kind goes; the other kinds stay
    writeFileSync(join(out, 'pxe/stale.ipxe'), 'old');
    const again = await buildSite({ file: LANPARTY, out, only: ['pxe'] }, ports);
    expect(again.carried).toContain('grub/grub.cfg');
    expect(() => statSync(join(out, 'pxe/stale.ipxe'))).toThrow();
    expect(readFileSync(join(out, 'grub/grub.cfg'), 'utf8')).toContain('menuentry');
  });

  it('--templates overrides the GRUB net config and the DHCP hook of the PXE tree like any other config', async () => {
    const { mkdirSync } = await import('node:fs');
    const dir = join(work, 'templates');
    mkdirSync(join(dir, 'net'), { recursive: true });
    writeFileSync(join(dir, 'net/grub.cfg.hbs'), '# mine for {{site}}\n');
    writeFileSync(join(dir, 'net/dhcp-hook.sh.hbs'), '#!/bin/sh\n# mine: {{#each machines}}{{name}} {{/each}}\n');
    const out = join(work, 'out-templates');
    await buildSite({ file: LANPARTY, out, only: ['pxe'], templatesDir: dir }, nodePorts());
    expect(readFileSync(join(out, 'pxe/grub/grub.cfg'), 'utf8')).toBe('# mine for lanparty\n');
    expect(readFileSync(join(out, 'hooks/bootgen-dhcp-hook.sh'), 'utf8')).toMatch(/^#!\/bin\/sh\n# mine: cutman gutsman /);
  });
});
