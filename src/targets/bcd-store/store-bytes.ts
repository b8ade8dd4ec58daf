// A BCD store as hive bytes and back: the regf writer/reader around store-hive.ts.
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import { parseHive, unixToFiletime, writeHive } from '../../formats/regf/index.js';
import { hiveToStore, storeToHive } from './store-hive.js';
import type { BcdStore } from './types.js';

/** Hive bytes of a store; every timestamp is the site epoch (Unix seconds). */
export function writeBcdStore(store: BcdStore, options: { epoch: number }): Uint8Array {
  return writeHive(storeToHive(store), { timestamp: unixToFiletime(options.epoch), fileName: 'BCD' });
}

/** Reads a BCD store from hive bytes; hive damage and element problems are findings. */
export function readBcdStore(bytes: Uint8Array, options: { file: string }): Result<BcdStore | undefined> {
  const hive = parseHive(bytes, options);
  const diagnostics: Diagnostic[] = [...hive.diagnostics];
  const root = hive.value?.root;
  if (!root) return { value: undefined, diagnostics };
  const store = hiveToStore(root, options.file);
  return { value: store.value, diagnostics: [...diagnostics, ...store.diagnostics] };
}
