import { describe, expect, it } from 'vitest';
import { createProgress, renderBar } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const s = { isTTY, columns: 80, written: '', write(chunk: string) { s.written += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { written: string };
}

describe('progress', () => {
  it('draws one labelled bar per phase on a TTY, throttled, and clears the last when done', () => {
    const stream = fakeStream(true);
    const p = createProgress({ stream, width: 10, intervalMs: 1_000_000 });
    p.update(1, 4, 'configs');
    p.update(2, 4, 'configs');
    p.update(4, 4, 'configs');
    p.update(1, 3, 'media/site.iso');
    p.done();
    expect(stream.written).toContain('configs [###-------]  25%');
    expect(stream.written).not.toContain(' 50%');
    // the finished phase keeps its full bar on its own line; the next phase starts a new bar
    expect(stream.written).toContain('configs [##########] 100%\n');
    expect(stream.written).toContain('media/site.iso [###-------]  33%');
    expect(stream.written.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('is silent when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const p = createProgress({ stream });
    p.update(1, 2, 'x');
    p.done();
    expect(stream.written).toBe('');
  });

  it('renders empty and full bars and clamps odd input', () => {
    expect(renderBar(0, 10, 4)).toBe('[----]   0%');
    expect(renderBar(20, 10, 4)).toBe('[####] 100%');
    expect(renderBar(0, 0, 4)).toBe('[####] 100%');
  });
});
