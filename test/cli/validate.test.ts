// `bootgen validate` in each output format; exit 1 on findings, 2 on inputs it cannot check.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, runCli } from './run-cli.js';

const LANPARTY = join(REPO, 'examples/lanparty/site.yaml');
const BAD = join(REPO, 'fixtures/invalid/many-errors.yaml');

describe('bootgen validate', () => {
  it('passes a valid site (exit 0) and reports its warnings', () => {
    const r = runCli(['validate', LANPARTY]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/site\.yaml: ok/);
  });

  it('reports every finding and exits by the table (2: the manifest is invalid)', () => {
    const r = runCli(['validate', BAD, LANPARTY, '--format', 'json']);
    expect(r.status).toBe(2);
    const j = JSON.parse(r.stdout) as { ok: boolean; reports: { diagnostics: { code: string }[] }[]; summary: { errors: number } };
    expect(j.ok).toBe(false);
    expect(j.summary.errors).toBe(4);
    expect(j.reports).toHaveLength(2);
  });

  it('writes GitHub workflow commands with file, line and column', () => {
    const r = runCli(['validate', BAD, '--format', 'github']);
    expect(r.status).toBe(2);
    expect(r.stdout.split('\n').find((l) => l.startsWith('::error'))).toBe(`::error file=${BAD},line=5,col=29,title=model/unknown-reference::unknown image \`bsae\`%0Aexpected%3A one of the image ids%3A base%0Afound%3A bsae%0Ahint%3A did you mean \`base\`?`.replace(/%3A/g, ':'));
  });

  it('writes JUnit XML with one failure per error', () => {
    const r = runCli(['validate', BAD, '--format', 'junit']);
    expect(r.stdout).toMatch(/^<\?xml version="1.0"/);
    expect(r.stdout.match(/<failure /g)).toHaveLength(4);
    expect(r.stdout).toContain('type="model/malformed-mac"');
  });

  it('writes a markdown table', () => {
    const r = runCli(['validate', BAD, '--format', 'markdown']);
    expect(r.stdout).toContain('| severity | code | where | message |');
    expect(r.stdout).toContain('`model/duplicate-id`');
  });

  it('refuses inputs it cannot read and unknown formats (exit 2)', () => {
    expect(runCli(['validate', join(REPO, 'no-such-image.vhd')]).status).toBe(2);
    const site = runCli(['validate', join(REPO, 'no/such/site.yaml')]);
    expect([site.status, site.stderr]).toEqual([2, expect.stringContaining('manifest/not-found')]);
    expect(runCli(['validate', join(REPO, 'no/such/site.yaml'), '--json']).status).toBe(2);
    const f = runCli(['validate', LANPARTY, '--format', 'xml']);
    expect([f.status, f.stderr]).toEqual([2, expect.stringContaining('cli/bad-option')]);
  });
});
