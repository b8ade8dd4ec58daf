// The status file is rewritten soon after a change but at most once per interval: a burst of
// events costs one write at its start and one at its end, and nothing is written after stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { statusPublisher } from '../../../src/app/serve/status-publisher.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('status publisher', () => {
  it('writes a change soon, never inside the caller', () => {
    const write = vi.fn();
    const p = statusPublisher(write, 250);
    p.changed();
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('a burst of changes is one write at its start and one at its end, everyMs apart', () => {
    const at: number[] = [];
    const p = statusPublisher(() => at.push(Date.now()), 250);
    const start = Date.now();
    for (let ms = 0; ms < 1000; ms += 10) {
      p.changed();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1000);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(at[0]! - start).toBeLessThanOrEqual(10);
    expect(gaps.every((g) => g >= 250)).toBe(true);
    expect(at.length).toBeGreaterThanOrEqual(4);
    expect(at.length).toBeLessThanOrEqual(5);
    expect(at.at(-1)! - start).toBeGreaterThanOrEqual(990); // the last change is written
  });

  it('flush writes at once; stop ends writing', () => {
    const write = vi.fn();
    const p = statusPublisher(write, 250);
    p.flush();
    expect(write).toHaveBeenCalledTimes(1);
    p.changed();
    p.stop();
    vi.advanceTimersByTime(1000);
    p.changed();
    p.flush();
    vi.advanceTimersByTime(1000);
    expect(write).toHaveBeenCalledTimes(1);
  });
});
