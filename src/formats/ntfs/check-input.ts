// Input checks before anything is laid out: every problem becomes a located diagnostic
// (codes media/ntfs-*), so bad input never reaches the encoders.
import type { VolumeFile } from '../../binary/extent.js';
import { buildFileTree, type TreeDir } from '../../binary/file-tree.js';
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { foldName } from './collate.js';
import { labelProblem, nameProblem } from './names.js';

/** Root names the system files own (§1.7); "." is the root itself. */
export const SYSTEM_NAMES = ['$MFT', '$MFTMirr', '$LogFile', '$Volume', '$AttrDef', '.', '$Bitmap', '$Boot', '$BadClus', '$Secure', '$UpCase', '$Extend'];

/** Numeric options that end up in fixed-width fields: out of range would wrap silently. */
export function checkOptions(o: { readonly serial: bigint; readonly epoch: number; readonly hiddenSectors: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (field: string, expected: string, found: string): void => {
    out.push(diag('media/ntfs-bad-option', 'error', `NTFS option ${field} is out of range`, { expected, found }));
  };
  if (o.serial < 0n || o.serial >= 1n << 64n) bad('serial', '0 … 2^64 − 1 (boot sector 0x48, u64)', `${o.serial}`);
  // §1.8: 100 ns ticks since 1601 in a u64
  if (!Number.isFinite(o.epoch) || o.epoch < -11644473600 || o.epoch > 1.8e12) bad('epoch', 'seconds since 1970, from 1601 to year 30828', `${o.epoch}`);
  if (!Number.isSafeInteger(o.hiddenSectors) || o.hiddenSectors < 0 || o.hiddenSectors > 0xffffffff) bad('hiddenSectors', '0 … 2^32 − 1 (boot sector 0x1C, u32)', `${o.hiddenSectors}`);
  return out;
}

/** Names Win32 maps to devices (CON, NUL, COM1, …, with any extension): legal NTFS, but Windows cannot open them. */
const DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.[^.]*)?$/i;

export function checkLabel(label: string): Diagnostic[] {
  const p = labelProblem(label);
  if (!p) return [];
  return [diag('media/ntfs-bad-label', 'error', `volume label ${JSON.stringify(label)} ${p}`, { expected: 'at most 32 characters, none of " * / : < > ? \\ | or control characters' })];
}

/** §1.3/§1.6: file sizes NTFS can describe, and sane data ranges for sparse sources. */
export function checkFiles(files: readonly VolumeFile[], clusterSize: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  // cluster numbers are < 2^32 (§1.3); also stay within exact JS integers
  const max = Math.min((2 ** 32 - 1) * clusterSize, Number.MAX_SAFE_INTEGER);
  for (const f of files) {
    const origin = { file: f.path };
    if (!Number.isSafeInteger(f.size) || f.size < 0 || f.size > max) {
      out.push(diag('media/ntfs-file-too-large', 'error', `${f.path} is ${f.size} bytes; this NTFS volume holds files up to ${max} bytes`, { origin, expected: `≤ ${max} bytes`, found: `${f.size}` }));
      continue;
    }
    if (f.source.kind === 'bytes' && f.source.bytes.length < f.size) {
      out.push(diag('media/ntfs-short-source', 'error', `${f.path} says ${f.size} bytes but its in-memory content has ${f.source.bytes.length}`, { origin, expected: `${f.size} bytes`, found: `${f.source.bytes.length}` }));
      continue;
    }
    let end = 0;
    for (const r of f.dataRanges ?? []) {
      if (!Number.isSafeInteger(r.offset) || !Number.isSafeInteger(r.length) || r.offset < end || r.length < 0 || r.offset + r.length > f.size) {
        out.push(diag('media/ntfs-bad-data-ranges', 'error', `${f.path}: data range ${r.offset}+${r.length} is out of order, overlapping or past the file's ${f.size} bytes`, { origin, expected: 'ascending, disjoint ranges inside the file' }));
        break;
      }
      end = r.offset + r.length;
    }
  }
  return out;
}

/** Builds the tree; names must be valid Win32 names, unique in their directory after up-casing. */
export function checkTree(files: readonly VolumeFile[], dirs: readonly string[], upcase: Uint16Array): { root: TreeDir; diagnostics: Diagnostic[] } {
  const { root, problems } = buildFileTree(files, dirs);
  const out: Diagnostic[] = problems.map((p) => diag('media/ntfs-path', 'error', `${p.path} ${p.message}`, { origin: { file: p.path } }));
  const walk = (dir: TreeDir): void => {
    const seen = new Map<string, string>();
    if (dir === root) for (const n of SYSTEM_NAMES) seen.set(foldName(n, upcase), `the system file ${n}`);
    for (const c of dir.children) {
      const problem = nameProblem(c.name);
      if (problem) {
        out.push(diag('media/ntfs-bad-name', 'error', `${c.path}: the name ${JSON.stringify(c.name)} ${problem}`, { origin: { file: c.path }, hint: 'rename it' }));
        continue;
      }
      const key = foldName(c.name, upcase);
      const other = seen.get(key);
      if (other !== undefined) {
        out.push(diag('media/ntfs-name-collision', 'error', `${c.path} has the same name as ${other} when case is ignored, as NTFS (Win32 namespace) does`, {
          origin: { file: c.path }, expected: 'names unique in a directory after up-casing', found: `${JSON.stringify(c.name)} and ${other}`, hint: 'rename one of them',
        }));
        continue;
      }
      seen.set(key, c.path);
      if (DEVICE.test(c.name)) {
        out.push(diag('media/ntfs-device-name', 'warning', `${c.path}: ${JSON.stringify(c.name)} is a Windows device name; Windows programs will not open it`, { origin: { file: c.path }, hint: 'rename it if the volume is for Windows' }));
      }
      if (c.kind === 'dir') walk(c);
    }
  };
  walk(root);
  return { root, diagnostics: out };
}
