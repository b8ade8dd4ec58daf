// The in-memory shape of a hive: a tree of keys with typed values (what writer takes, reader returns).

/** Registry value types used by BCD stores (winnt.h REG_*). */
export const RegType = {
  none: 0,
  sz: 1,
  expandSz: 2,
  binary: 3,
  dword: 4,
  multiSz: 7,
  qword: 11,
} as const;

export interface HiveValue {
  /** '' is the key's default value */
  readonly name: string;
  readonly type: number;
  readonly data: Uint8Array;
}

export interface HiveKey {
  readonly name: string;
  readonly values: readonly HiveValue[];
  readonly subkeys: readonly HiveKey[];
}

export interface HiveWriteOptions {
  /** FILETIME (100 ns since 1601) written into every timestamp field */
  readonly timestamp: bigint;
  /** informational name in the base block (last 31 UTF-16 units kept) */
  readonly fileName?: string;
}

/** Converts Unix seconds (the site epoch) to a Windows FILETIME. */
export function unixToFiletime(seconds: number): bigint {
  return (BigInt(Math.trunc(seconds)) + 11644473600n) * 10000000n;
}
