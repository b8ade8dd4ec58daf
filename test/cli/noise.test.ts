// Issue 13, noise: a warning is something the user can act on. A site with no `network:` gets no
// findings about the iPXE, dnsmasq or dhcpd targets (they write nothing for it); a site whose
// media never boot the VBoot dialect gets vboot/grub.cfg (documented in README: for a VBoot stick
// made by hand) but what that menu leaves out is a note, never a warning.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'bootgen-noise-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Finding {
  severity: string;
  code: string;
  message: string;
}
const findings = (stdout: string): Finding[] => (JSON.parse(stdout) as { diagnostics: Finding[] }).diagnostics;

describe('a site without network:', () => {
  it.each([['build'], ['validate']])('%s says nothing about iPXE, dnsmasq or dhcpd, and writes none of them', (verb) => {
    const site = join(REPO, 'examples/vhd-lab/site.yaml');
    const out = join(root, `out-${verb}`);
    const r = runCli(verb === 'build' ? ['build', site, '--only', 'configs', '-o', out, '--json'] : ['validate', site, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(findings(r.stdout).filter((d) => /ipxe|dnsmasq|dhcpd|network|proxy ?dhcp/i.test(`${d.code} ${d.message}`))).toEqual([]);
    if (verb === 'build') {
      for (const f of ['ipxe', 'dhcp']) expect(existsSync(join(out, f)), f).toBe(false);
    }
  });
});

describe('a site whose media boot upstream GRUB only', () => {
  it('gets no warning about the VBoot menu (notes only)', () => {
    const dir = join(root, 'grub-only');
    mkdirSync(join(dir, 'boot'), { recursive: true });
    writeFileSync(join(dir, 'boot/boot.wim'), 'x');
    writeFileSync(join(dir, 'site.yaml'), 'bootgen: 1\nsite: t\nentries:\n  - {id: w, title: W, wim: boot/boot.wim}\n  - {id: s, title: S, grub: "echo hi"}\nmedia:\n  iso: {}\n');
    const r = runCli(['build', join(dir, 'site.yaml'), '--only', 'configs', '-o', join(dir, 'out'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const vboot = findings(r.stdout).filter((d) => /vboot/i.test(d.message));
    expect(vboot.length).toBeGreaterThan(0);
    expect(vboot.filter((d) => d.severity === 'warning')).toEqual([]);
  });
});
