// Golden configs of both examples: every artifact equals test/golden/<example>/expected/<path>,
// and the expected files themselves pass the native oracles (grub-script-check, dnsmasq --test,
// dhcpd -t). UPDATE_GOLDEN=1 rewrites them (never in CI).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planConfigs } from '../../src/app/configs.js';
import { requireSite } from '../../src/app/site.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';

const REPO = join(import.meta.dirname, '../..');
const EXAMPLES = ['lanparty', 'vhd-lab'] as const;
const update = process.env.UPDATE_GOLDEN === '1' && process.env.CI === undefined;

function expectedDir(example: string): string {
  return join(import.meta.dirname, example, 'expected');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

function artifactsOf(example: string): Map<string, string> {
  const { site } = requireSite(join(REPO, 'examples', example, 'site.yaml'), nodePorts(), { SOURCE_DATE_EPOCH: undefined });
  const planned = planConfigs(site.site, nodePorts());
  return new Map(planned.value.map((a) => [a.path, typeof a.content === 'string' ? a.content : Buffer.from(a.content).toString('base64')]));
}

describe.each(EXAMPLES)('golden configs: %s', (example) => {
  const dir = expectedDir(example);

  it('matches the expected files exactly (same set, same bytes)', () => {
    const artifacts = artifactsOf(example);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const [path, content] of artifacts) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    }
    expect([...artifacts.keys()].sort()).toEqual(listFiles(dir));
    for (const [path, content] of artifacts) expect(content, path).toBe(readFileSync(join(dir, path), 'utf8'));
  });

  const grubCheck = findOracle({ name: 'grub-script-check', pkg: 'grub-common' });
  it.skipIf(!oraclesPresent([grubCheck], 'golden grub.cfg'))('every grub.cfg passes grub-script-check', () => {
    const cfgs = listFiles(dir).filter((p) => p.endsWith('.cfg'));
    expect(cfgs.length).toBeGreaterThan(0);
    for (const cfg of cfgs) {
      const r = run(grubCheck.path!, [join(dir, cfg)]);
      expect(r.status, `${cfg}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});

describe('golden DHCP configs pass their daemons\' own checks', () => {
  const dir = expectedDir('lanparty');
  const dnsmasq = findOracle({ name: 'dnsmasq', pkg: 'dnsmasq' });
  const dhcpd = findOracle({ name: 'dhcpd', pkg: 'isc-dhcp-server' });

  it.skipIf(!oraclesPresent([dnsmasq], 'dnsmasq --test'))('dnsmasq --test -C dhcp/dnsmasq.conf', () => {
    const r = run(dnsmasq.path!, ['--test', '-C', join(dir, 'dhcp/dnsmasq.conf')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('syntax check OK');
  });

  it.skipIf(!oraclesPresent([dhcpd], 'dhcpd -t'))('dhcpd -t -cf dhcp/dhcpd.conf', () => {
    const r = run(dhcpd.path!, ['-t', '-cf', join(dir, 'dhcp/dhcpd.conf')]);
    expect(r.status, r.stderr).toBe(0);
  });
});
