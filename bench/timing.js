// Timing helpers shared by the benches: the median of a few runs, with a GC between runs so peak
// RSS shows one build, not the garbage of several (bench/run.js passes --expose-gc).
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function timeIt(fn, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    globalThis.gc?.();
  }
  return median(times);
}
