// exFAT's four checksums, all the same "rotate right by one, add the next byte" sum over a byte
// range (ntfs-exfat.md §2.2, §2.6, §2.8). Pure helpers; each cites the exFAT specification section.

/** ror32(s, 1) + byte over bytes[start, end), skipping offsets for which `skip` is true. */
function rotateSum32(bytes: Uint8Array, start: number, end: number, seed: number, skip?: (i: number) => boolean): number {
  let s = seed >>> 0;
  for (let i = start; i < end; i++) {
    if (skip?.(i)) continue;
    s = ((((s & 1) << 31) | (s >>> 1)) + (bytes[i] ?? 0)) >>> 0;
  }
  return s;
}

/** ror16(c, 1) + byte. */
function rotateSum16(c: number, byte: number): number {
  return ((((c & 1) << 15) | (c >>> 1)) + byte) & 0xffff;
}

// Boot sector bytes a driver may change without rewriting the checksum sector: VolumeFlags
// (106, 107) and PercentInUse (112), exFAT spec §3.4.
const BOOT_SKIP = new Set([106, 107, 112]);

/**
 * exFAT spec §3.4 (Main and Backup Boot Checksum): sum over sectors 0–10 of a boot region
 * (11 × bytesPerSector bytes from `region[0]`), skipping VolumeFlags and PercentInUse of sector 0.
 */
export function bootRegionChecksum(region: Uint8Array, bytesPerSector: number): number {
  return rotateSum32(region, 0, 11 * bytesPerSector, 0, (i) => BOOT_SKIP.has(i));
}

/** exFAT spec §7.2.2 (TableChecksum): sum over every stored byte of the up-case table. */
export function upcaseTableChecksum(table: Uint8Array): number {
  return rotateSum32(table, 0, table.length, 0);
}

/**
 * exFAT spec §6.3.3 (SetChecksum): 16-bit sum over all 32-byte entries of a set, skipping bytes
 * 2 and 3 of the primary entry (the checksum field itself).
 */
export function entrySetChecksum(set: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < set.length; i++) if (i !== 2 && i !== 3) c = rotateSum16(c, set[i] ?? 0);
  return c;
}

/**
 * exFAT spec §7.6.4 (NameHash): 16-bit sum over the up-cased name, low byte then high byte of each
 * UTF-16 unit, mapped through the volume's own up-case table.
 */
export function nameHash(name: string, upcase: (unit: number) => number): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    const u = upcase(name.charCodeAt(i));
    h = rotateSum16(h, u & 0xff);
    h = rotateSum16(h, u >>> 8);
  }
  return h;
}
