// `bootgen bcd show` end to end through bin/bootgen.js (dist/ is built by `npm test`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBcdStore, describeStore, writeBcdStore } from '../../src/targets/bcd-store/index.js';
import { run } from '../helpers/oracle.js';
import { windowsSite } from '../targets/bcd-store/bcd-site.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-bcd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const site = windowsSite();
const store = buildBcdStore(site, { firmware: 'uefi' }).value;
const bytes = writeBcdStore(store, { epoch: site.epoch });
const bootgen = (...args: string[]) => run(process.execPath, ['bin/bootgen.js', ...args]);

function file(name: string, content: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('bootgen bcd show', () => {
  it('prints the objects like bcdedit /enum all, exit 0', () => {
    const r = bootgen('bcd', 'show', file('BCD', bytes));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(describeStore(store));
  });

  it('--json gives objects with decoded devices', () => {
    const r = bootgen('bcd', 'show', '--json', file('BCD.json-case', bytes));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { objects: { alias: string; elements: { name: string; value: string; device?: { kind: string } }[] }[]; diagnostics: unknown[] };
    expect(out.diagnostics).toEqual([]);
    const loader = out.objects.find((o) => o.elements.some((e) => e.value === 'Windows 10 (immutable)'));
    expect(loader?.elements.find((e) => e.name === 'osdevice')).toMatchObject({ value: 'vhd=[boot]\\images\\win10-session.vhd', device: { kind: 'vhd' } });
  });

  it('reports a damaged store as findings with offset, exit 1', () => {
    const bad = bytes.slice();
    bad[0x1fc] = (bad[0x1fc] ?? 0) ^ 1;
    const path = file('BCD.bad', bad);
    const r = bootgen('bcd', 'show', path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path}@0x1fc (regf.base.checksum) error[format/regf-checksum]`);
    expect(r.stdout).toContain('{bootmgr}');
  });

  it('refuses a missing file or a non-hive with exit 2 and no stack trace', () => {
    const missing = bootgen('bcd', 'show', join(dir, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('error[bcd/unreadable]');
    const junk = bootgen('bcd', 'show', file('junk', new Uint8Array(5000).fill(7)));
    expect(junk.status).toBe(2);
    expect(junk.stderr).toContain('error[format/regf-signature] not a registry hive');
    expect(junk.stderr).not.toContain('    at ');
  });
});
