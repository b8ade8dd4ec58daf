// A store as bcdedit-style text and as JSON-safe data (for `bootgen bcd show` and tests).
import { ElementType, elementFormat, elementNames, objectAlias, WellKnown } from './ids.js';
import type { BcdDevice, BcdParent, BcdStore, BcdValue } from './types.js';

/** bcdedit's spelling of a parent device: `boot`, `partition=<gpt ids>` or `partition=<mbr>`. */
export function describeParent(p: BcdParent): string {
  if (p.kind === 'boot') return 'boot';
  if (p.table === 'gpt') return `partition={${p.partitionGuid}} disk={${p.diskGuid}}`;
  return `partition=offset:${p.offsetBytes} disk=0x${p.diskSignature.toString(16).padStart(8, '0')}`;
}

/** bcdedit's device syntax: `vhd=[boot]\x.vhd`, `ramdisk=[boot]\x.wim,{ramdiskoptions}`. */
export function describeDevice(d: BcdDevice): string {
  switch (d.kind) {
    case 'boot':
    case 'partition':
      return describeParent(d);
    case 'file':
      return `file=[${describeParent(d.parent)}]${d.path}`;
    case 'vhd':
      return `vhd=[${describeParent(d.parent)}]${d.path}`;
    case 'ramdisk':
      return `ramdisk=[${describeParent(d.parent)}]${d.path},${objectAlias(d.options)}`;
  }
}

export function describeValue(v: BcdValue): string {
  switch (v.format) {
    case 'device': return describeDevice(v.device);
    case 'string': return v.value;
    case 'object': return objectAlias(v.value);
    case 'objectList': return v.value.map(objectAlias).join(' ');
    case 'integer': return v.value.toString();
    case 'boolean': return v.value ? 'Yes' : 'No';
    case 'integerList': return v.value.join(' ');
  }
}

export const elementName = (type: number): string => elementNames.get(type) ?? `custom:${type.toString(16).padStart(8, '0')}`;

/**
 * Canonical order, the same for a built store and one read back from a hive: {bootmgr}, then its
 * displayorder, then the rest by GUID; elements by type.
 */
export function canonicalStore(store: BcdStore): BcdStore {
  const bootmgr = store.objects.find((o) => o.id === WellKnown.bootmgr);
  const order = bootmgr?.elements.find((e) => e.type === ElementType.displayOrder)?.value;
  const shown = order?.format === 'objectList' ? order.value : [];
  const rank = (id: string): string => (id === WellKnown.bootmgr ? '0' : shown.includes(id) ? `1${String(shown.indexOf(id)).padStart(6, '0')}` : `2${id}`);
  const objects = [...store.objects].sort((a, b) => (rank(a.id) < rank(b.id) ? -1 : rank(a.id) > rank(b.id) ? 1 : 0));
  return { objects: objects.map((o) => ({ ...o, elements: [...o.elements].sort((a, b) => a.type - b.type) })) };
}

/** Text like `bcdedit /enum all`: one block per object, `name  value` lines. */
export function describeStore(store: BcdStore): string {
  const blocks = canonicalStore(store).objects.map((o) => {
    const lines = [`identifier              ${objectAlias(o.id)}`, `type                    0x${o.type.toString(16).padStart(8, '0')}`];
    for (const e of o.elements) lines.push(`${elementName(e.type).padEnd(24)}${describeValue(e.value)}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** JSON-safe form (bigints as decimal strings). */
export function storeToJson(store: BcdStore): unknown {
  return {
    objects: canonicalStore(store).objects.map((o) => ({
      id: o.id,
      alias: objectAlias(o.id),
      type: `0x${o.type.toString(16).padStart(8, '0')}`,
      elements: o.elements.map((e) => ({
        type: e.type.toString(16).padStart(8, '0'),
        name: elementName(e.type),
        format: elementFormat(e.type),
        value: describeValue(e.value),
        ...(e.value.format === 'device' ? { device: JSON.parse(JSON.stringify(e.value.device, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))) } : {}),
      })),
    })),
  };
}
