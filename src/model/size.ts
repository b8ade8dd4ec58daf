// Sizes as written in site.yaml: a byte count, or a number with a unit. KiB/MiB/GiB/TiB and the
// bare K/M/G/T are binary (as in qemu-img and dd); KB/MB/GB/TB are decimal.

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  K: 2 ** 10, KIB: 2 ** 10, KB: 1e3,
  M: 2 ** 20, MIB: 2 ** 20, MB: 1e6,
  G: 2 ** 30, GIB: 2 ** 30, GB: 1e9,
  T: 2 ** 40, TIB: 2 ** 40, TB: 1e12,
};

/** Bytes, or undefined when the text is not a size or is not a whole number of bytes. */
export function parseSize(written: string | number): number | undefined {
  if (typeof written === 'number') return Number.isSafeInteger(written) && written > 0 ? written : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(written.trim());
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toUpperCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(m[1]) * unit;
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
