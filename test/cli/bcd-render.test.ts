// `bootgen render SITE --target bcd --binary` end to end: the store of examples/vhd-lab, checked by
// hivex and read back by our reader.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStore, readBcdStore } from '../../src/targets/bcd-store/index.js';
import { oraclesPresent, run } from '../helpers/oracle.js';
import { hivexget, hivexml, hivexOracles } from '../formats/regf/hive-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-bcd-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SITE = 'examples/vhd-lab/site.yaml';

/** Runs the CLI with stdout redirected to a file (binary-safe). */
function renderTo(name: string, ...args: string[]) {
  const out = join(dir, name);
  const r = run('sh', ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', out, process.execPath, 'bin/bootgen.js', ...args]);
  return { ...r, path: out };
}

describe('bootgen render --target bcd --binary', () => {
  it('writes the UEFI store by default and the BIOS store with --firmware bios', () => {
    const uefi = renderTo('BCD.uefi', 'render', SITE, '--target', 'bcd', '--binary');
    expect(uefi.status, uefi.stderr).toBe(0);
    const bios = renderTo('BCD.bios', 'render', SITE, '--target', 'bcd', '--binary', '--firmware', 'bios');
    expect(bios.status, bios.stderr).toBe(0);
    const read = (p: string) => {
      const r = readBcdStore(new Uint8Array(readFileSync(p)), { file: p });
      expect(r.diagnostics).toEqual([]);
      return describeStore(r.value ?? { objects: [] });
    };
    expect(read(uefi.path)).toContain('device                  vhd=[boot]\\images\\win10-session.vhd');
    expect(read(uefi.path)).toContain('\\Windows\\system32\\winload.efi');
    expect(read(bios.path)).toContain('\\Windows\\system32\\winload.exe');
  });

  it('is byte-identical across runs', () => {
    const a = renderTo('BCD.a', 'render', SITE, '--target', 'bcd', '--binary');
    const b = renderTo('BCD.b', 'render', SITE, '--target', 'bcd', '--binary');
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
  });

  it('--json carries the store as base64 at its media path', () => {
    const r = run(process.execPath, ['bin/bootgen.js', 'render', SITE, '--target', 'bcd', '--binary', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { artifacts: { kind: string; path: string; encoding: string; content: string }[] };
    expect(out.artifacts.map((a) => [a.kind, a.path, a.encoding])).toEqual([['bcd-store', 'EFI/Microsoft/Boot/BCD', 'base64']]);
    expect(Buffer.from(out.artifacts[0]?.content ?? '', 'base64').subarray(0, 4).toString()).toBe('regf');
  });

  it('refuses --binary with another target, exit 2', () => {
    const r = run(process.execPath, ['bin/bootgen.js', 'render', SITE, '--target', 'grub', '--binary']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error[cli/bad-option] --binary is only for --target bcd');
  });

  it.skipIf(!oraclesPresent(hivexOracles, 'render --binary vs hivex'))('hivex reads the rendered store', () => {
    const r = renderTo('BCD.hivex', 'render', SITE, '--target', 'bcd', '--binary');
    expect(hivexml(r.path).status).toBe(0);
    const store = readBcdStore(new Uint8Array(readFileSync(r.path)), { file: r.path }).value;
    const loader = store?.objects.find((o) => o.type === 0x10200003);
    expect(hivexget(r.path, `\\Objects\\${loader?.id ?? ''}\\Elements\\12000004`, 'Element').stdout).toBe('Windows 10 (immutable)\n');
  });
});
