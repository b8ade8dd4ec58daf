// The atomic out dir: a failed build leaves the previous dir byte-identical, a committed build
// replaces it whole, modes and mtimes are deterministic, foreign directories are never replaced.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BootgenError, InternalError } from '../../src/diagnostics/errors.js';
import { openOutDir, OUT_DIR_MARKER } from '../../src/io/out-dir-writer.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bootgen-out-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** path → [mode, mtime seconds, content] for every file and directory under dir. */
function snapshot(dir: string): Record<string, [number, number, string]> {
  const out: Record<string, [number, number, string]> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const full = join(dir, name);
    const st = statSync(full);
    out[relative(dir, full)] = [st.mode, Math.floor(st.mtimeMs / 1000), st.isFile() ? readFileSync(full, 'latin1') : '<dir>'];
  }
  return out;
}

function build(out: string, files: Record<string, string>, epoch = 1767225600): void {
  const w = openOutDir(out, { epoch });
  try {
    for (const [p, c] of Object.entries(files)) w.writeFile(p, c);
    w.commit();
  } finally {
    w.abort();
  }
}

describe('openOutDir', () => {
  it('writes files with fixed modes and mtimes, and a marker', () => {
    const out = join(root, 'out');
    build(out, { 'grub/grub.cfg': 'menuentry', 'a.txt': 'x' });
    const s = snapshot(out);
    expect(Object.keys(s).sort()).toEqual([OUT_DIR_MARKER, 'a.txt', 'grub', 'grub/grub.cfg']);
    expect(s['grub/grub.cfg']).toEqual([0o100644, 1767225600, 'menuentry']);
    expect(s.grub?.slice(0, 2)).toEqual([0o40755, 1767225600]);
    expect(statSync(out).mtimeMs / 1000).toBe(1767225600);
  });

  it('replaces the old dir whole: stale files disappear, no temp dirs remain', () => {
    const out = join(root, 'out');
    build(out, { 'old.txt': 'old', 'keep/x': '1' });
    build(out, { 'new.txt': 'new' });
    expect(Object.keys(snapshot(out)).sort()).toEqual([OUT_DIR_MARKER, 'new.txt']);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('two builds of the same input are byte-identical, modes and mtimes included', () => {
    build(join(root, 'a'), { 'x/y/z.cfg': 'z', 'b.bin': '\u0000\u00ff' });
    build(join(root, 'b'), { 'b.bin': '\u0000\u00ff', 'x/y/z.cfg': 'z' });
    expect(snapshot(join(root, 'b'))).toEqual(snapshot(join(root, 'a')));
  });

  it('an error mid-build leaves the old dir byte-identical and removes the temp dir', () => {
    const out = join(root, 'out');
    build(out, { 'grub.cfg': 'v1' });
    const before = snapshot(out);
    expect(() => build(out, { 'grub.cfg': 'v2', '../escape': 'x' })).toThrow(InternalError);
    expect(() => build(out, { 'a': '1', 'b': '2', './a': '3' })).toThrow(InternalError);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('refuses two artifacts at one path', () => {
    const w = openOutDir(join(root, 'out'), { epoch: 0 });
    w.writeFile('a', '1');
    expect(() => w.writeFile('a', '2')).toThrow(/two artifacts write a/);
    w.abort();
    expect(readdirSync(root)).toEqual([]);
  });

  it('never replaces a directory bootgen did not make, nor a file', () => {
    const mine = join(root, 'home');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'precious');
    expect(() => openOutDir(mine, { epoch: 0 })).toThrow(BootgenError);
    writeFileSync(join(root, 'file'), 'x');
    expect(() => openOutDir(join(root, 'file'), { epoch: 0 })).toThrow(BootgenError);
    expect(readFileSync(join(mine, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(readdirSync(root).sort()).toEqual(['file', 'home']);
  });

  it('gives streaming writers a path inside the temp dir, committed with the rest', () => {
    const out = join(root, 'out');
    const w = openOutDir(out, { epoch: 0 });
    const p = w.path('media/usb.img', { mode: 0o600 });
    expect(p.startsWith(root)).toBe(true);
    expect(p.startsWith(out + '/')).toBe(false);
    writeFileSync(p, Buffer.alloc(4096));
    w.commit();
    expect(statSync(join(out, 'media/usb.img')).mode & 0o777).toBe(0o600);
  });

  it('keeps the modes it is given (hooks executable)', () => {
    const w = openOutDir(join(root, 'out'), { epoch: 0 });
    w.writeFile('grub.cfg', 'abc');
    w.writeFile('h.sh', new Uint8Array([1]), { mode: 0o755 });
    w.commit();
    expect(statSync(join(root, 'out/grub.cfg')).mode & 0o777).toBe(0o644);
    expect(statSync(join(root, 'out/h.sh')).mode & 0o777).toBe(0o755);
  });

  it('carries files of the previous out dir over unchanged (a partial rebuild)', () => {
    const out = join(root, 'out');
    build(out, { 'grub/grub.cfg': 'g1', 'media/a.img': 'image' });
    const w = openOutDir(out, { epoch: 1767225600 });
    expect(w.previousFiles()).toEqual(['grub/grub.cfg', 'media/a.img']);
    w.writeFile('grub/grub.cfg', 'g2');
    w.carryOver(['media/a.img']);
    w.commit();
    expect(readFileSync(join(out, 'grub/grub.cfg'), 'utf8')).toBe('g2');
    expect(readFileSync(join(out, 'media/a.img'), 'utf8')).toBe('image');
  });

  it('SIGINT during a build removes the temp dir and leaves the old out dir as it was', async () => {
    const out = join(root, 'out');
    build(out, { 'grub.cfg': 'v1' });
    const before = snapshot(out);
    // A child process (the built dist/, as the CLI runs it) opens a writer under the CLI's
    // interrupt handling (one AbortSignal), writes, and waits.
    const writerModule = join(import.meta.dirname, '../../dist/io/out-dir-writer.js');
    const interruptModule = join(import.meta.dirname, '../../dist/cli/interrupt.js');
    const script = `import { openOutDir } from ${JSON.stringify(writerModule)};
      import { withInterrupts } from ${JSON.stringify(interruptModule)};
      await withInterrupts(async (signal) => {
        const w = openOutDir(${JSON.stringify(out)}, { epoch: 0 });
        signal.addEventListener('abort', () => w.abort());
        w.writeFile('grub.cfg', 'v2');
        process.stdout.write('ready\\n');
        await new Promise(() => setInterval(() => {}, 1000));
      });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve()));
    expect(readdirSync(root).length).toBe(2); // out + the temp dir
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });
});
