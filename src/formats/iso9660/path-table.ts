// Path tables (ECMA-119 §9.4): every directory in level order with its extent and parent number,
// once little-endian (type L) and once big-endian (type M).

export interface PathTableDir {
  /** ISO identifier; '' for the root (recorded as one 0x00 byte) */
  readonly identifier: string;
  readonly lba: number;
  /** 1-based number of the parent in this same list (root: 1) */
  readonly parent: number;
}

export function pathTableSize(dirs: readonly PathTableDir[]): number {
  return dirs.reduce((n, d) => {
    const len = Math.max(1, d.identifier.length);
    return n + 8 + len + (len % 2);
  }, 0);
}

export function encodePathTable(dirs: readonly PathTableDir[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(pathTableSize(dirs));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const d of dirs) {
    const len = Math.max(1, d.identifier.length);
    out[at] = len;
    out[at + 1] = 0;
    view.setUint32(at + 2, d.lba, littleEndian);
    view.setUint16(at + 6, d.parent, littleEndian);
    for (let i = 0; i < d.identifier.length; i++) out[at + 8 + i] = d.identifier.charCodeAt(i);
    at += 8 + len + (len % 2);
  }
  return out;
}
