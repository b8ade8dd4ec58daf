// Mapping pairs (ntfs-exfat.md §1.6): each run is a header byte (low nibble = bytes of length,
// high nibble = bytes of LCN delta), the length, then the LCN as a signed delta from the previous
// run's LCN; no LCN bytes means a hole. A 0 byte ends the list.

/** A run of clusters; `lcn` undefined for a sparse hole. */
export interface Run {
  readonly lcn: number | undefined;
  readonly length: number;
}

/** Minimal little-endian two's-complement bytes of `v` (signed: the top bit must match the sign). */
function intBytes(v: bigint, signed: boolean): number[] {
  const out: number[] = [];
  let x = v;
  for (;;) {
    const b = Number(x & 0xffn);
    out.push(b);
    x >>= 8n;
    const done = signed ? (x === 0n && (b & 0x80) === 0) || (x === -1n && (b & 0x80) !== 0) : x === 0n;
    if (done) return out;
  }
}

export function encodeRuns(runs: readonly Run[]): Uint8Array {
  const out: number[] = [];
  let prev = 0n;
  for (const r of runs) {
    const len = intBytes(BigInt(r.length), true);
    if (r.lcn === undefined) {
      out.push(len.length, ...len);
      continue;
    }
    const delta = intBytes(BigInt(r.lcn) - prev, true);
    out.push((delta.length << 4) | len.length, ...len, ...delta);
    prev = BigInt(r.lcn);
  }
  out.push(0);
  return Uint8Array.from(out);
}

function readInt(b: Uint8Array, at: number, n: number, signed: boolean): bigint {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[at + i] ?? 0);
  if (signed && n > 0 && ((b[at + n - 1] ?? 0) & 0x80) !== 0) x -= 1n << BigInt(8 * n);
  return x;
}

/** Decodes mapping pairs from `at`; stops at the 0 byte or the end of `b`. */
export function decodeRuns(b: Uint8Array, at = 0): Run[] {
  const runs: Run[] = [];
  let p = at;
  let lcn = 0n;
  while (p < b.length && b[p] !== 0) {
    const h = b[p] ?? 0;
    const nl = h & 0x0f;
    const no = h >> 4;
    const length = Number(readInt(b, p + 1, nl, false));
    if (no === 0) {
      runs.push({ lcn: undefined, length });
    } else {
      lcn += readInt(b, p + 1 + nl, no, true);
      runs.push({ lcn: Number(lcn), length });
    }
    p += 1 + nl + no;
  }
  return runs;
}
