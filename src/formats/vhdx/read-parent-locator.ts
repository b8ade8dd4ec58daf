// VHDX parent locator item ([MS-VHDX] §2.6.2.6; image-formats.md §2.3): UTF-16LE key/value
// pairs. Resolution order mandated by the spec: relative_path, volume_path, absolute_win32_path.
import type { Findings } from '../image-findings.js';
import type { ParentCandidate, ParentRef } from '../image-header.js';
import { windowsToPosix } from '../vhd/windows-path.js';
import { VHDX_PARENT_LOCATOR_TYPE, VhdxKeyValueEntry, VhdxParentLocatorHeader } from './structs.js';

const PATH_KEYS = ['relative_path', 'volume_path', 'absolute_win32_path'] as const;

export async function readVhdxParentLocator(item: Uint8Array, findings: Findings, base: number): Promise<ParentRef> {
  const h = VhdxParentLocatorHeader.decode(item, 0, { base });
  if (h.locatorType !== VHDX_PARENT_LOCATOR_TYPE) {
    findings.add('format/vhdx-parent-locator', 'error', 'VHDX parent locator type is not the VHDX parent type', { offset: base, field: 'vhdx.parent-locator.locatorType', expected: VHDX_PARENT_LOCATOR_TYPE, found: h.locatorType });
  }
  const pairs = new Map<string, string>();
  const count = Math.min(h.keyValueCount, Math.floor((item.length - 20) / 12));
  for (let i = 0; i < count; i++) {
    const kv = VhdxKeyValueEntry.decode(item, 20 + i * 12, { base });
    const key = utf16At(item, kv.keyOffset, kv.keyLength);
    const value = utf16At(item, kv.valueOffset, kv.valueLength);
    if (key === undefined || value === undefined) {
      findings.add('format/vhdx-parent-locator', 'error', 'VHDX parent locator entry points outside its item', { offset: base + 20 + i * 12, field: 'vhdx.key-value' });
      continue;
    }
    pairs.set(key, value);
  }
  const linkage = [pairs.get('parent_linkage'), pairs.get('parent_linkage2')].flatMap((v) => (v ? [normalizeGuid(v)] : []));
  if (!pairs.has('parent_linkage')) {
    findings.add('format/vhdx-parent-locator', 'error', 'VHDX parent locator lacks the required parent_linkage', { offset: base, field: 'vhdx.parent-locator' });
  }
  const candidates: ParentCandidate[] = PATH_KEYS.flatMap((key) => {
    const v = pairs.get(key);
    const p = v === undefined ? undefined : windowsToPosix(v);
    return p ? [{ source: key, ...p }] : [];
  });
  const name = pairs.get('relative_path') ?? pairs.get('absolute_win32_path') ?? pairs.get('volume_path') ?? '';
  return { name, candidates, byIdentity: false, identity: linkage, format: 'vhdx' };
}

function utf16At(item: Uint8Array, offset: number, length: number): string | undefined {
  if (length === 0 || length % 2 !== 0 || offset + length > item.length) return undefined;
  const units: number[] = [];
  for (let i = offset; i < offset + length; i += 2) units.push((item[i] ?? 0) | ((item[i + 1] ?? 0) << 8));
  return String.fromCharCode(...units);
}

/** "{ABCD…}" as written (upper or lower case) → lower-case 8-4-4-4-12. */
export function normalizeGuid(v: string): string {
  return v.replace(/[{}]/g, '').toLowerCase();
}
