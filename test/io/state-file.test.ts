// serve's state files: a reader in another process, reading as fast as it can while the file is
// replaced over and over, only ever sees a whole old or a whole new text (writing in place would
// show it a truncated one); a failed replace leaves no temp file; lines are appended whole.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeStateFiles } from '../../src/io/state-file.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READER = `
const { readFileSync } = require('node:fs');
const [file, ms] = [process.argv[1], Number(process.argv[2])];
const seen = new Set(); let reads = 0;
for (const end = Date.now() + ms; Date.now() < end; reads++) {
  const t = readFileSync(file, 'utf8');
  seen.add(t.length === 0 ? 'empty' : /^(a+|b+)$/.test(t) && t.length === 200000 ? t[0] : 'torn ' + t.length);
}
process.stdout.write(JSON.stringify({ reads, seen: [...seen].sort() }));
`;

describe('state files', () => {
  it('a reader in another process sees the old text or the new, whole', async () => {
    const file = join(dir, 'status.json');
    const [a, b] = ['a'.repeat(200_000), 'b'.repeat(200_000)];
    nodeStateFiles.replace(file, a);
    const reader = spawn(process.execPath, ['-e', READER, file, '1500'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    reader.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    const done = new Promise<void>((r) => reader.once('exit', () => r()));
    let writes = 0;
    for (let running = true; running; writes++) {
      nodeStateFiles.replace(file, writes % 2 ? a : b);
      await new Promise((r) => setImmediate(r));
      running = reader.exitCode === null;
    }
    await done;
    const result = JSON.parse(out) as { reads: number; seen: string[] };
    expect(writes).toBeGreaterThan(50);
    expect(result.reads).toBeGreaterThan(50);
    expect(result.seen.every((s) => s === 'a' || s === 'b'), result.seen.join(', ')).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 30_000);

  it('a replace that fails throws and leaves no temp file', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    expect(() => nodeStateFiles.replace(join(dir, 'plain', 'status.json'), 'y')).toThrow();
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('appends whole lines', () => {
    const log = join(dir, 'access.log');
    nodeStateFiles.appendLine(log, '{"a":1}');
    nodeStateFiles.appendLine(log, '{"b":2}');
    expect(readFileSync(log, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
  });
});
