// Every fixtures/invalid/<case>.yaml must be rejected (exit 2) with the diagnostics in
// <case>.expected.txt (code, line:col, message, expected/found/hint), and nothing may be written.
// UPDATE_GOLDEN=1 rewrites the expected files (never in CI).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/cli/report.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../src/diagnostics/errors.js';
import { decodeManifestText } from '../../src/manifest/index.js';
import { buildSite } from '../../src/app/build.js';
import { compileManifest } from '../../src/app/site.js';
import { nodePorts } from '../../src/io/node-ports.js';

const dir = join(import.meta.dirname, '../../fixtures/invalid');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
const update = process.env.UPDATE_GOLDEN === '1' && process.env.CI === undefined;
const scratch = mkdtempSync(join(tmpdir(), 'bootgen-invalid-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The diagnostics of one fixture, rendered as the CLI prints them. */
function render(name: string): { text: string; errors: boolean } {
  const file = `${name}.yaml`;
  const decoded = decodeManifestText(readFileSync(join(dir, file)), file);
  const diagnostics = decoded.value === undefined
    ? decoded.diagnostics
    : compileManifest(decoded.value, { file, dir }).diagnostics;
  return { text: `${diagnostics.map(formatDiagnostic).join('\n')}\n`, errors: hasErrors(diagnostics) };
}

describe('invalid manifests', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s: expected diagnostics', (name) => {
    const { text, errors } = render(name);
    expect(errors).toBe(true);
    const expectedFile = join(dir, `${name}.expected.txt`);
    if (update) writeFileSync(expectedFile, text);
    expect(text).toBe(readFileSync(expectedFile, 'utf8'));
    // Every error names a line and column in the fixture.
    expect(text).toMatch(new RegExp(`^${name}\\.yaml:\\d+:\\d+ error\\[`, 'm'));
  });

  it.each(cases)('%s: build exits 2 and writes nothing', async (name) => {
    const out = join(scratch, name);
    const err = await buildSite({ file: join(dir, `${name}.yaml`), out }, nodePorts()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BootgenError);
    expect((err as BootgenError).exitCode).toBe(ExitCode.badInput);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(scratch).filter((f) => f.startsWith(`.${name}.`))).toEqual([]);
  });
});
