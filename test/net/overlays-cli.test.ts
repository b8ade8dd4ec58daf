// `bootgen overlays … --dry-run` end to end on examples/lanparty (dm-snapshot + tgt) and an AoE
// variant (vblade): exact commands, nothing changed. Where the kernel has no device-mapper, a real
// run refuses with exit 3 and says why; the dm-snapshot lifecycle then runs as golden plans only.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/oracle.js';

const BIN = resolve('bin/bootgen.js');
const LANPARTY = resolve('examples/lanparty/site.yaml');
const dmAvailable = run('dmsetup', ['version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'bootgen-ovcli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aoeSite(): string {
  mkdirSync(join(dir, 'images'), { recursive: true });
  copyFileSync(resolve('examples/lanparty/images/master.vhd'), join(dir, 'images/master.vhd'));
  const text = readFileSync(LANPARTY, 'utf8')
    .replace('san: iscsi', 'san: aoe')
    .replace('export: tgt}', 'export: vblade}')
    .replace('dir: /srv/bootgen/overlays', `dir: ${join(dir, 'overlays')}`);
  writeFileSync(join(dir, 'site.yaml'), text);
  return join(dir, 'site.yaml');
}

describe('bootgen overlays --dry-run', () => {
  it('dm-snapshot + tgt (examples/lanparty): loop, one snapshot per overlay with chunk 64, a target per overlay', () => {
    const r = run('node', [BIN, 'overlays', LANPARTY, 'init', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^loop_master_g0=\$\(losetup --find --show --read-only \S+master\.g0\.raw\)$/m);
    expect(r.stdout.match(/^dmsetup create bootgen-lanparty-\S+ --table "0 16777216 snapshot \$\{loop_master_g0\} \$\{cow_\w+\} P 64"$/gm)).toHaveLength(24);
    expect(r.stdout).toContain('tgtadm --lld iscsi --op new --mode target --tid 1 -T iqn.2026-01.bootgen.lanparty:cutman-play');
    expect(r.stdout).toContain('tgtadm --lld iscsi --op bind --mode target --tid 1 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman');
    expect(r.stdout).not.toContain('-I ALL');
    expect(existsSync('/srv/bootgen/overlays')).toBe(false);
    if (!dmAvailable) {
      expect(r.stderr).toContain('net/no-device-mapper');
      process.stderr.write('NOTE no device-mapper in this kernel (`dmsetup version` fails): dm-snapshot runs live in a server VM (dm-snapshot-vm.test.ts)\n');
    }
  });

  it('qcow2 + vblade (AoE variant): blades e0.N, each answering only its machine MAC, on the site shelf on the configured interface', () => {
    const site = aoeSite();
    const text = readFileSync(site, 'utf8').replace('engine: dm-snapshot', 'engine: qcow2');
    writeFileSync(site, text);
    const r = run('node', [BIN, 'overlays', site, 'init', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`start-stop-daemon --start --background --make-pidfile --pidfile ${join(dir, 'overlays')}/cutman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 0 0 eth0 ${join(dir, 'overlays')}/cutman-play.raw`);
    expect(existsSync(join(dir, 'overlays'))).toBe(false);
  });

  it.skipIf(dmAvailable)('a real dm-snapshot run refuses with exit 3 and the reason when the kernel has no device-mapper', () => {
    const site = aoeSite();
    const r = run('node', [BIN, 'overlays', site, 'init']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('net/no-device-mapper');
    expect(existsSync(join(dir, 'overlays'))).toBe(false);
  });

  it('reset of an unknown machine is a usage error with the known names', () => {
    const r = run('node', [BIN, 'overlays', LANPARTY, 'reset', 'megaman', '--dry-run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('net/unknown-overlay');
  });
});
