// Windows registry hive (regf): writer, bounded reader, checksum and value encodings.
export { writeHive } from './hive-writer.js';
export { readHive, parseHive, MAX_HIVE_BYTES, type ParsedHive, type HiveHeader, type ReadHiveOptions } from './hive-reader.js';
export { regfChecksum, CHECKSUM_OFFSET } from './checksum.js';
export { compareNames, lhHash } from './names.js';
export { RegType, unixToFiletime, type HiveKey, type HiveValue, type HiveWriteOptions } from './types.js';
export { encodeSz, encodeMultiSz, encodeDword, decodeSz, decodeMultiSz, decodeDword } from './values.js';
