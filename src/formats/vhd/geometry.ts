// CHS geometry from a size, as in the VHD specification's appendix (QEMU and VirtualBox agree).

export interface Chs {
  readonly cylinders: number;
  readonly heads: number;
  readonly sectorsPerTrack: number;
}

export function vhdGeometry(sizeBytes: number): Chs {
  const total = Math.min(Math.floor(sizeBytes / 512), 65535 * 16 * 255);
  let spt: number;
  let heads: number;
  let cth: number;
  if (total >= 65535 * 16 * 63) {
    spt = 255;
    heads = 16;
    cth = Math.floor(total / spt);
  } else {
    spt = 17;
    cth = Math.floor(total / spt);
    heads = Math.max(4, Math.floor((cth + 1023) / 1024));
    if (cth >= heads * 1024 || heads > 16) {
      spt = 31;
      heads = 16;
      cth = Math.floor(total / spt);
    }
    if (cth >= heads * 1024) {
      spt = 63;
      heads = 16;
      cth = Math.floor(total / spt);
    }
  }
  return { cylinders: Math.floor(cth / heads), heads, sectorsPerTrack: spt };
}
