import { describe, expect, it } from 'vitest';
import { planArtifacts, renderTarget, TARGET_KINDS } from '../../src/targets/index.js';
import { renderTemplate } from '../../src/targets/templates.js';
import { lanpartySite, vhdLabSite } from '../helpers/example-sites.js';
import { linux, makeSite } from '../helpers/site.js';
import { repoTemplates } from '../helpers/templates.js';

const templates = repoTemplates();

describe('planArtifacts', () => {
  it('plans every config target of the lanparty example', () => {
    const r = planArtifacts(lanpartySite(), { templates });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const paths = r.value.map((a) => a.path);
    expect(paths.slice(0, 3)).toEqual(['grub/grub.cfg', 'vboot/grub.cfg', 'ipxe/boot.ipxe']);
    expect(paths.filter((p) => p.startsWith('ipxe/machines/'))).toHaveLength(12);
    expect(paths.slice(-3)).toEqual(['bcd/play.cmd', 'dhcp/dnsmasq.conf', 'dhcp/dhcpd.conf']);
    expect(new Set(r.value.map((a) => a.kind))).toEqual(new Set(TARGET_KINDS));
  });

  it('is deterministic: same site, same bytes', () => {
    const a = planArtifacts(vhdLabSite(), { templates }).value;
    const b = planArtifacts(vhdLabSite(), { templates: repoTemplates() }).value;
    expect(b).toEqual(a);
  });

  it('restricts to the `only` targets', () => {
    expect(planArtifacts(lanpartySite(), { templates, only: ['dnsmasq', 'dhcpd'] }).value.map((a) => a.path)).toEqual(['dhcp/dnsmasq.conf', 'dhcp/dhcpd.conf']);
  });

  it('writes nothing when any target has an error, and reports a shared finding once', () => {
    const site = makeSite({ network: { dhcp: { subnet: '10.0.0.0/33' } }, machines: [{ name: 'm' }] });
    const r = planArtifacts(site, { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'target/bad-subnet')).toHaveLength(1);
  });

  it('names an unknown machine with a did-you-mean', () => {
    const r = planArtifacts(lanpartySite(), { templates, machine: 'cutmna' });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'target/unknown-machine', hint: "did you mean 'cutman'?" })]);
  });
});

describe('renderTarget', () => {
  it('prints one machine script for ipxe --machine, else boot.ipxe', () => {
    expect(renderTarget(lanpartySite(), 'ipxe', { templates, machine: 'cutman' }).value).toContain('# lanparty: iPXE menu of machine cutman (52:54:00:00:00:01)');
    expect(renderTarget(lanpartySite(), 'ipxe', { templates }).value).toContain('chain --replace --autofree');
  });

  it('prints the config of other targets', () => {
    expect(renderTarget(vhdLabSite(), 'vboot', { templates }).value).toContain('snapshotentry');
    expect(renderTarget(lanpartySite(), 'dhcpd', { templates }).value).toContain('host flashman {');
  });
});

describe('templates', () => {
  it('takes a user template in place of a built-in one', () => {
    const mine = repoTemplates({ overrides: { 'dhcpd/dhcpd.conf.hbs': '# mine {{#each hosts}}{{name}}={{ip}} {{/each}}\n' } });
    expect(renderTarget(lanpartySite({ machines: 2 }), 'dhcpd', { templates: mine }).value).toBe('# mine cutman=10.0.0.2 gutsman=10.0.0.3 \n');
  });

  it('fails with a diagnostic when a template names a field the view lacks (strict mode)', () => {
    const bad = repoTemplates({ overrides: { 'grub/grub.cfg.hbs': '{{nosuchfield}}\n' } });
    expect(() => planArtifacts(makeSite({ entries: [{ id: 'l', boot: linux() }] }), { templates: bad, only: ['grub'] })).toThrow(/target\/template-failed.*nosuchfield/);
  });

  it('fails with a diagnostic when a template is missing', () => {
    expect(() => renderTemplate(repoTemplates(), 'nope/x.hbs', {})).toThrow(/target\/missing-template/);
  });

  it('does not HTML-escape (noEscape)', () => {
    const set = repoTemplates({ overrides: { 't/x.hbs': '{{v}}' } });
    expect(renderTemplate(set, 't/x.hbs', { v: `console=ttyS0 <&>"'` })).toBe(`console=ttyS0 <&>"'`);
  });
});

describe('template errors name their file', () => {
  it('a broken partial in --templates DIR: the partial file, not the template calling it', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../cli/run-cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'bootgen-tpl-'));
    try {
      mkdirSync(join(dir, 'grub/partials'), { recursive: true });
      writeFileSync(join(dir, 'grub/partials/linux.hbs'), '{{nosuchfield}}\n');
      const r = runCli(['render', 'examples/vhd-lab/site.yaml', '--target', 'grub', '--templates', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`error[target/template-failed] template ${join(dir, 'grub/partials/linux.hbs')} failed`);
      writeFileSync(join(dir, 'grub/partials/linux.hbs'), '{{#if}}\n');
      const parse = runCli(['render', 'examples/vhd-lab/site.yaml', '--target', 'grub', '--templates', dir]);
      expect(parse.stderr).toContain(`template ${join(dir, 'grub/partials/linux.hbs')} failed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
