// Every command's --json is one envelope, {ok, exitCode, diagnostics, …result}, whose exitCode is
// the process's exit status: on success, on failures of each kind, and on argument errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const LANPARTY = join(REPO, 'examples/lanparty/site.yaml');
const LAB = join(REPO, 'examples/vhd-lab/site.yaml');
const work = mkdtempSync(join(tmpdir(), 'bootgen-envelope-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const missingKernel = join(work, 'missing-kernel.yaml');
writeFileSync(missingKernel, 'bootgen: 1\nsite: t\nentries:\n  - {id: l, title: L, linux: {kernel: boot/nope}}\nmedia: {iso: {}}\n');
const badManifest = join(work, 'bad.yaml');
writeFileSync(badManifest, 'bootgen: 1\nsite: t\nentries:\n  - {id: r, title: R, grub: x}\nmachines:\n  - {name: a, mac: "52:54:00:00:00:zz"}\n');
writeFileSync(join(work, 'not-a-dir'), 'x');

interface Envelope {
  ok: boolean;
  exitCode: number;
  diagnostics: { code: string; severity: string }[];
  [key: string]: unknown;
}

/** [argv, exit status, a result field the envelope must carry, an error code it must carry] */
const CASES: readonly [readonly string[], number, string | undefined, string | undefined][] = [
  [['build', LANPARTY, '-o', join(work, 'out'), '--only', 'configs'], 0, 'artifacts', undefined],
  [['build', missingKernel, '-o', join(work, 'out2')], 1, undefined, 'media/payload-missing'],
  [['build', badManifest, '-o', join(work, 'out3')], 2, undefined, 'model/malformed-mac'],
  [['build', LANPARTY, '-o', join(work, 'not-a-dir'), '--only', 'configs'], 3, undefined, 'env/out-dir-not-bootgen'],
  [['build', LANPARTY, '--only', 'usb', '-o', join(work, 'out4')], 2, undefined, 'cli/not-declared'],
  [['build', LANPARTY, '--bogus'], 2, undefined, 'cli/usage'],
  [['build'], 2, undefined, 'cli/usage'],
  [['validate', LAB], 0, 'reports', undefined],
  [['validate', missingKernel], 1, 'reports', 'media/payload-missing'],
  [['validate', badManifest], 2, 'reports', 'model/malformed-mac'],
  [['validate', join(work, 'nothing.vhd')], 2, undefined, 'chain/image-missing'],
  [['render', LANPARTY, '--target', 'ipxe'], 0, 'content', undefined],
  [['render', LAB, '--target', 'ipxe'], 2, undefined, 'target/nothing-to-render'],
  [['render', LANPARTY, '--target', 'bcd', '--binary'], 0, 'artifacts', undefined],
  [['render', LANPARTY, '--target', 'nope'], 2, undefined, 'cli/bad-option'],
  [['render', missingKernel, '--target', 'bcd'], 2, undefined, 'target/nothing-to-render'],
  [['render', missingKernel, '--target', 'bcd', '--binary'], 2, undefined, 'target/nothing-to-render'],
  [['schema'], 0, 'schema', undefined],
  [['init', join(work, 'starter')], 0, 'files', undefined],
  [['init', join(work, 'starter')], 2, undefined, 'env/file-exists'],
  [['loaders'], 0, 'loaders', undefined],
  [['loaders', LAB], 0, 'loaders', undefined],
  [['chain', join(REPO, 'examples/vhd-lab/images/xp-s1-s1.vhd')], 0, 'chain', undefined],
  [['chain', join(work, 'nothing.vhd')], 2, undefined, 'chain/image-missing'],
  [['image', 'create', join(work, 'a.vhd'), '--size', '1.5MiB'], 0, 'identity', undefined],
  [['image', 'create', join(work, 'b.vhd'), '--size', 'lots'], 2, undefined, 'cli/bad-option'],
  [['overlays', LANPARTY, 'init', '--dry-run'], 0, 'plan', undefined],
  [['overlays', LANPARTY, 'reset', 'nobody', '--dry-run'], 2, undefined, 'net/unknown-overlay'],
  [['bcd', 'show', join(work, 'nothing')], 2, undefined, 'bcd/unreadable'],
];

describe('--json: one envelope for every command', () => {
  it.each(CASES)('bootgen %j → exit %i', (argv, status, field, code) => {
    const r = runCli([...argv, '--json']);
    const j = JSON.parse(r.stdout) as Envelope;
    expect([r.status, j.exitCode, j.ok]).toEqual([status, status, status === 0]);
    expect(Array.isArray(j.diagnostics)).toBe(true);
    if (field) expect(j).toHaveProperty(field);
    if (code) expect(j.diagnostics.map((d) => d.code)).toContain(code);
    // nothing else on stdout, no stack trace anywhere
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
