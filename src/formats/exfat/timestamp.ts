// exFAT timestamps (exFAT spec §7.4.8–7.4.10, ntfs-exfat.md §2.8): a DOS-style u32 with 2-second
// resolution, a 10 ms increment (0–199) carrying the odd second, and a UTC offset byte.

export interface ExfatTime {
  readonly timestamp: number;
  readonly increment10ms: number;
  /** bit 7 = valid, bits 0–6 = signed 15-minute steps; 0x80 = UTC */
  readonly utcOffset: number;
}

/** 1980-01-01T00:00:00Z and 2107-12-31T23:59:59Z, the representable range (§7.4.8) */
export const MIN_EPOCH = Date.UTC(1980, 0, 1) / 1000;
export const MAX_EPOCH = Date.UTC(2107, 11, 31, 23, 59, 59) / 1000;

/** Seconds since the Unix epoch, as UTC; callers clamp to [MIN_EPOCH, MAX_EPOCH] first. */
export function exfatTime(epochSeconds: number): ExfatTime {
  const d = new Date(Math.floor(epochSeconds) * 1000);
  const sec = d.getUTCSeconds();
  const timestamp =
    (((d.getUTCFullYear() - 1980) << 25) |
      ((d.getUTCMonth() + 1) << 21) |
      (d.getUTCDate() << 16) |
      (d.getUTCHours() << 11) |
      (d.getUTCMinutes() << 5) |
      (sec >> 1)) >>>
    0;
  return { timestamp, increment10ms: (sec & 1) * 100, utcOffset: 0x80 };
}
