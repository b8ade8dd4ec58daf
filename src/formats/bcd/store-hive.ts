// A BcdStore as a registry tree and back (reference/boot-media.md §6.1):
//   <root>\Description  KeyName = "BCD00000000"
//   <root>\Objects\{guid}\Description  Type = REG_DWORD object type
//   <root>\Objects\{guid}\Elements\<8 hex digits>  Element = value
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import { decodeDword, encodeDword, encodeSz, RegType, type HiveKey } from '../regf/index.js';
import { decodeElement, encodeElement } from './element-value.js';
import type { BcdElement, BcdObject, BcdStore } from './types.js';

/** bcdedit names the root of a store it creates this way. */
export const BCD_ROOT_NAME = 'NewStoreRoot';

const key = (name: string, values: HiveKey['values'], subkeys: HiveKey['subkeys'] = []): HiveKey => ({ name, values, subkeys });
const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export function storeToHive(store: BcdStore): HiveKey {
  const objects = store.objects.map((o) =>
    key(o.id, [], [
      key('Description', [{ name: 'Type', type: RegType.dword, data: encodeDword(o.type) }]),
      key('Elements', [], o.elements.map((e) => key(hex8(e.type), [encodeElement(e.type, e.value)]))),
    ]),
  );
  return key(BCD_ROOT_NAME, [], [
    key('Description', [{ name: 'KeyName', type: RegType.sz, data: encodeSz('BCD00000000') }]),
    key('Objects', [], objects),
  ]);
}

/** Reads the objects of a BCD hive tree; unknown keys are ignored, malformed ones reported. */
export function hiveToStore(root: HiveKey, file: string): Result<BcdStore> {
  const diagnostics: Diagnostic[] = [];
  const objectsKey = root.subkeys.find((k) => k.name.toLowerCase() === 'objects');
  if (!objectsKey) {
    return { value: { objects: [] }, diagnostics: [diag('bcd/no-objects', 'error', 'not a BCD store: the root has no Objects key', { origin: { file } })] };
  }
  const objects: BcdObject[] = [];
  for (const o of objectsKey.subkeys) {
    const field = `Objects\\${o.name}`;
    const typeValue = o.subkeys.find((k) => k.name === 'Description')?.values.find((v) => v.name === 'Type');
    const type = typeValue && decodeDword(typeValue.data);
    if (type === undefined) {
      diagnostics.push(diag('bcd/object-type', 'error', `object ${o.name} has no DWORD Description\\Type`, { origin: { file, field } }));
      continue;
    }
    const elements: BcdElement[] = [];
    for (const e of o.subkeys.find((k) => k.name === 'Elements')?.subkeys ?? []) {
      const elementType = /^[0-9a-fA-F]{8}$/.test(e.name) ? parseInt(e.name, 16) : undefined;
      const value = e.values.find((v) => v.name === 'Element');
      const where = { file, field: `${field}\\Elements\\${e.name}` };
      if (elementType === undefined || !value) {
        diagnostics.push(diag('bcd/element', 'error', `element key ${e.name} is not 8 hex digits with an Element value`, { origin: where }));
        continue;
      }
      const r = decodeElement(elementType, value, where);
      diagnostics.push(...r.diagnostics);
      if (r.value) elements.push({ type: elementType, value: r.value });
    }
    objects.push({ id: o.name.toLowerCase(), type, elements });
  }
  return { value: { objects }, diagnostics };
}
