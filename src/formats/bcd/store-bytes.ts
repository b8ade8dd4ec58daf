// A BCD store as hive bytes and back: the regf writer/reader around store-hive.ts.
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { ReadAt } from '../../binary/read-at.js';
import { parseHive, readHive, unixToFiletime, writeHive, type ParsedHive } from '../regf/index.js';
import { hiveToStore, storeToHive } from './store-hive.js';
import type { BcdStore } from './types.js';

/** Hive bytes of a store; every timestamp is the site epoch (Unix seconds). */
export function writeBcdStore(store: BcdStore, options: { epoch: number }): Uint8Array {
  return writeHive(storeToHive(store), { timestamp: unixToFiletime(options.epoch), fileName: 'BCD' });
}

/** Reads a BCD store from hive bytes; hive damage and element problems are findings. */
export function readBcdStore(bytes: Uint8Array, options: { file: string }): Result<BcdStore | undefined> {
  return hiveResultToStore(parseHive(bytes, options), options.file);
}

/** readBcdStore through a ReadAt (bounded by the regf reader's size limit). */
export async function readBcdStoreFrom(source: ReadAt, options: { file: string }): Promise<Result<BcdStore | undefined>> {
  return hiveResultToStore(await readHive(source, options), options.file);
}

function hiveResultToStore(hive: Result<ParsedHive | undefined>, file: string): Result<BcdStore | undefined> {
  const diagnostics: Diagnostic[] = [...hive.diagnostics];
  const root = hive.value?.root;
  if (!root) return { value: undefined, diagnostics };
  const store = hiveToStore(root, file);
  return { value: store.value, diagnostics: [...diagnostics, ...store.diagnostics] };
}
