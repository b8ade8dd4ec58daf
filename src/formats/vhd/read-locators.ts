// VHD parent locators (image-formats.md §1.4): W2ru (UTF-16LE, relative), W2ku (UTF-16LE,
// absolute), MacX (UTF-8 file URL). Resolution order: W2ru, W2ku, MacX, then the Parent Unicode
// Name beside the child. Bad entries become findings; the others are still used.
import { toSafeNumber } from '../../binary/index.js';
import type { BoundedReader } from '../../binary/bounded-reader.js';
import type { Findings } from '../image-findings.js';
import type { ParentCandidate } from '../image-header.js';
import { LOCATOR_COUNT, LOCATOR_TABLE_OFFSET, PlatformCode, VhdParentLocator, type VhdDynamicHeader } from './structs.js';
import { basenameOf, fileUrlToPosix, windowsToPosix, type PosixPath } from './windows-path.js';

/** Longest locator we read: 32 KiB is 16 K UTF-16 units, far beyond any path. */
const MAX_LOCATOR_BYTES = 32 * 1024;

const ORDER: readonly { code: number; source: string }[] = [
  { code: PlatformCode.w2ru, source: 'W2ru' },
  { code: PlatformCode.w2ku, source: 'W2ku' },
  { code: PlatformCode.macx, source: 'MacX' },
];

export async function readVhdLocators(r: BoundedReader, findings: Findings, h: VhdDynamicHeader, headerOffset: number): Promise<ParentCandidate[]> {
  const found = new Map<number, ParentCandidate>();
  for (let i = 0; i < LOCATOR_COUNT; i++) {
    const at = headerOffset + LOCATOR_TABLE_OFFSET + i * 24;
    const loc = VhdParentLocator.decode(h.locators, i * 24, { base: at - i * 24 });
    const kind = ORDER.find((o) => o.code === loc.platformCode);
    if (!kind) continue;
    if (found.has(loc.platformCode)) {
      findings.add('format/vhd-locator', 'warning', `duplicate ${kind.source} parent locator`, { offset: at, field: 'vhd.locator.platformCode' });
      continue;
    }
    const text = await readLocatorText(r, findings, loc, at, kind.source);
    if (text === undefined) continue;
    const path = kind.source === 'MacX' ? fileUrlToPosix(text) : windowsToPosix(text);
    if (!path) continue;
    checkBasename(findings, h.parentUnicodeName, path, kind.source, at);
    found.set(loc.platformCode, { source: kind.source, ...path });
  }
  const ordered = ORDER.flatMap((o) => found.get(o.code) ?? []);
  const name = windowsToPosix(h.parentUnicodeName);
  if (name && h.parentUnicodeName !== '') ordered.push({ source: 'parent-name', path: basenameOf(name.path), relative: true });
  return ordered;
}

async function readLocatorText(r: BoundedReader, findings: Findings, loc: VhdParentLocator, at: number, source: string): Promise<string | undefined> {
  const where = { format: 'vhd', structure: 'vhd.locator', field: 'platformDataOffset', offset: at + 16 };
  const offset = toSafeNumber(loc.platformDataOffset, where);
  const length = loc.platformDataLength;
  const bad = (expected: string, found: string): undefined => {
    findings.add('format/vhd-locator', 'error', `${source} parent locator data is unusable`, { offset: at, field: 'vhd.locator', expected, found });
    return undefined;
  };
  if (length === 0 || length > MAX_LOCATOR_BYTES) return bad(`a length of 1..${MAX_LOCATOR_BYTES} bytes`, `${length}`);
  if (offset === 0 || offset + length > r.size - 512) return bad('data inside the file, before the footer', `${offset}+${length}`);
  const bytes = await r.read(offset, length, { structure: 'vhd.locator', field: 'data' });
  const text = source === 'MacX' ? new TextDecoder('utf-8', { fatal: false }).decode(bytes) : decodeUtf16le(bytes);
  return text.replace(/\0+$/, '');
}

function decodeUtf16le(bytes: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const u = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8);
    if (u === 0) break;
    units.push(u);
  }
  return String.fromCharCode(...units);
}

function checkBasename(findings: Findings, parentName: string, path: PosixPath, source: string, at: number): void {
  const name = windowsToPosix(parentName);
  if (!name || parentName === '') return;
  if (basenameOf(name.path) !== basenameOf(path.path)) {
    findings.add('format/vhd-locator', 'warning', `${source} locator names a different file than Parent Unicode Name`, {
      offset: at,
      field: 'vhd.locator',
      expected: basenameOf(name.path),
      found: basenameOf(path.path),
    });
  }
}
