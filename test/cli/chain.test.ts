// End to end through bin/bootgen.js (dist/): image create, chain, validate; oracles on the results.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { tempDir } from '../chain/helpers.js';

const BIN = join(process.cwd(), 'bin/bootgen.js');
const EPOCH = '1767225600';

function bootgen(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const vhdiinfo = findOracle({ name: 'vhdiinfo', pkg: 'libvhdi-utils' });
const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });

describe.skipIf(!oraclesPresent([vhdiinfo, qemuImg], 'bootgen image/chain CLI'))('bootgen image create / chain / validate', () => {
  it('creates fixed, dynamic and differencing VHDs that vhdiinfo reads as written', () => {
    const dir = tempDir('cli-');
    expect(bootgen(['image', 'create', 'fixed.vhd', '--size', '8MiB', '--type', 'fixed'], dir).status).toBe(0);
    expect(bootgen(['image', 'create', 'base.vhd', '--size', '1GiB'], dir).status).toBe(0);
    const made = bootgen(['image', 'create', 'child.vhd', '--parent', 'base.vhd', '--json'], dir);
    expect(made.status, made.stderr).toBe(0);
    const base = (JSON.parse(bootgen(['chain', '--json', 'base.vhd'], dir).stdout) as { chain: { identity: { value: string } }[] }).chain;
    expect(run('vhdiinfo', [join(dir, 'fixed.vhd')]).stdout).toMatch(/Disk type\s*:\s*Fixed[\s\S]*8\.0 MiB \(8388608 bytes\)/);
    const child = run('vhdiinfo', [join(dir, 'child.vhd')]).stdout;
    expect(child).toMatch(/Disk type\s*:\s*Differential/);
    expect(child).toContain(base[0]?.identity.value);
    expect(child).toMatch(/Parent filename\s*:\s*base\.vhd/);
    // QEMU reads the exact size (creator "win "), and opens the VHD as a qcow2 backing file
    expect(JSON.parse(run('qemu-img', ['info', '--output=json', join(dir, 'base.vhd')]).stdout)['virtual-size']).toBe(1024 ** 3);
  });

  it('a qcow2 child of a VHD: recorded format vpc, checked by qemu-img and by bootgen chain', () => {
    const dir = tempDir('cli-');
    bootgen(['image', 'create', 'base.vhd', '--size', '64MiB'], dir);
    expect(bootgen(['image', 'create', 'top.qcow2', '--parent', 'base.vhd'], dir).status).toBe(0);
    const theirs = JSON.parse(run('qemu-img', ['info', '--backing-chain', '--output=json', 'top.qcow2'], { cwd: dir }).stdout) as Record<string, unknown>[];
    expect(theirs[0]).toMatchObject({ 'backing-filename': 'base.vhd', 'backing-filename-format': 'vpc' });
    expect(theirs[1]).toMatchObject({ format: 'vpc', 'virtual-size': 64 * 1024 * 1024 });
    const ours = bootgen(['chain', '--json', 'top.qcow2'], dir);
    expect(ours.status).toBe(0);
    expect((JSON.parse(ours.stdout) as { chain: { format: string }[] }).chain.map((i) => i.format)).toEqual(['qcow2', 'vhd']);
  });

  it('same SOURCE_DATE_EPOCH and names → byte-identical images', () => {
    const a = tempDir('cli-');
    const b = tempDir('cli-');
    for (const d of [a, b]) {
      bootgen(['image', 'create', 'base.vhd', '--size', '64MiB'], d);
      bootgen(['image', 'create', 'child.vhd', '--parent', 'base.vhd', '--locator-root', '.'], d);
      bootgen(['image', 'create', 'child.vmdk', '--size', '64MiB'], d);
    }
    for (const f of ['base.vhd', 'child.vhd', 'child.vmdk']) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
  });

  it('exit codes: 1 on chain errors, 2 on a missing image or bad option; nothing written on failure', () => {
    const dir = tempDir('cli-');
    bootgen(['image', 'create', 'base.vhd', '--size', '64MiB'], dir);
    bootgen(['image', 'create', 'child.vhd', '--parent', 'base.vhd'], dir);
    rmSync(join(dir, 'base.vhd'));
    const broken = bootgen(['chain', 'child.vhd'], dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('chain/parent-missing');
    expect(bootgen(['validate', '--format', 'json', 'child.vhd'], dir).status).toBe(1);
    expect(bootgen(['chain', 'missing.vhd'], dir).status).toBe(2);
    expect(bootgen(['image', 'create', 'x.vhd', '--size', 'lots'], dir).status).toBe(2);
    expect(bootgen(['image', 'create', 'child.vhd', '--size', '1MiB'], dir).status).toBe(2); // exists
    expect(bootgen(['image', 'create', 'y.vhd', '--parent', 'nope.vhd'], dir).status).toBe(2);
  });

  it('the examples validate with only warnings a user can act on, one per cause, and a mermaid image tree', () => {
    const lanparty = bootgen(['validate', 'examples/lanparty/site.yaml'], process.cwd());
    expect([lanparty.status, lanparty.stdout + lanparty.stderr]).toEqual([0, expect.not.stringContaining('warning')]);
    // the VHD lab needs the user's VBoot Loader (XP entries) and Windows boot manager (win10): said once each
    const lab = bootgen(['validate', 'examples/vhd-lab/site.yaml'], process.cwd());
    expect(lab.status).toBe(0);
    const warnings = lab.stdout.split('\n').filter((l) => / warning\[/.test(l));
    expect(warnings).toEqual([
      expect.stringMatching(/entries 'xp', 'xp-setup' are left out of upstream GRUB: .*the menu default 'xp' is among them/),
      expect.stringMatching(/entry 'win10' is left out of upstream GRUB: .*loaders\.windows names no bootmgr/),
    ]);
    const md = bootgen(['validate', '--format', 'markdown', 'examples/vhd-lab/site.yaml'], process.cwd()).stdout;
    expect(md).toContain('```mermaid');
    expect(md).toMatch(/i2 --> i1/);
  });
});
