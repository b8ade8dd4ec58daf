// $UpCase (ntfs-exfat.md §1.10): the simple Unicode upper-case mapping of every UTF-16 unit, as
// mkntfs writes it (its "Windows 8" table, sha256 41c26bc7…). We derive it from the runtime's
// case data (binary/upcase.ts) and leave out the case pairs that table lacks, listed below by
// their lower-case units: capitals Unicode added later (Latin Extended-C/D, Georgian Mtavruli,
// Cherokee lower case, …) and a few older pairs Windows never mapped. A runtime with newer
// Unicode data that adds pairs elsewhere fails the mkntfs comparison test instead of drifting. test/formats/ntfs/upcase.test.ts checks the result
// against the table mkntfs writes and the hash in the reference.
import { crc64Jones } from '../../binary/crc64.js';
import { buildUpcaseTable, upcaseBytes, type UnitRange } from '../../binary/upcase.js';
import { UPCASE_INFO } from './structs.js';

/** Lower-case units that map to themselves in mkntfs's table although Unicode 15 gives them a capital. */
const NEWER_PAIRS: readonly UnitRange[] = [
  [0x019b, 0x019b], [0x023f, 0x0240], [0x0252, 0x0252], [0x025c, 0x025c], [0x0261, 0x0261],
  [0x0264, 0x0266], [0x026a, 0x026a], [0x026c, 0x026c], [0x0282, 0x0282], [0x0287, 0x0287],
  [0x029d, 0x029e], [0x03f3, 0x03f3], [0x0525, 0x052f], [0x10d0, 0x10ff], [0x13f8, 0x13fd],
  [0x1c8a, 0x1c8a], [0x1d8e, 0x1d8e], [0x2c5f, 0x2c5f], [0x2cec, 0x2cf3], [0x2d27, 0x2d2d],
  [0xa661, 0xa661], [0xa699, 0xa69b], [0xa791, 0xa7ff], [0xab53, 0xab53], [0xab70, 0xabbf],
];

let cached: Uint16Array | undefined;

/** The NTFS up-case table (built once: about 20 ms). */
export function ntfsUpcase(): Uint16Array {
  cached ??= buildUpcaseTable({ identity: NEWER_PAIRS });
  return cached;
}

/** $UpCase's unnamed $DATA: 131072 bytes. */
export function upcaseData(): Uint8Array {
  return upcaseBytes(ntfsUpcase());
}

/** $UpCase:$Info (§1.10): length 32, CRC-64 of the table, OS version fields 0. */
export function upcaseInfo(table: Uint8Array): Uint8Array {
  return UPCASE_INFO.encode({ length: 32, crc: crc64Jones(table) });
}
