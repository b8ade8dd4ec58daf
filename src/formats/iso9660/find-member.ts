// Where a file's bytes are inside an ISO 9660 image: walks directories one path component at a
// time from the PVD's root (ECMA-119 §8.4.18, §9.1) and returns the file's extents, so io/ can
// stream a kernel or initrd out of an ISO without mounting or extracting it.
import type { ReadAt } from '../../binary/read-at.js';
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import { FormatError } from '../../diagnostics/errors.js';
import { RecordFlag } from './dir-record.js';
import { ISO_LIMITS, openIsoVolume, readDirectory, type IsoRecord, type IsoVolumeReader } from './read-iso.js';
import { isoInvalid } from './read-susp.js';

export interface IsoExtent {
  /** absolute byte offset in the image */
  readonly offset: number;
  readonly length: number;
}

export interface IsoMember {
  /** in file order; several for a multi-extent file (§9.1.6 bit 7) */
  readonly extents: readonly IsoExtent[];
  readonly size: number;
}

export interface FindMemberOptions {
  /** the image's name in diagnostics (site-relative path) */
  readonly file: string;
}

/** The name a record is matched by: Rock Ridge NM, else the identifier without ';1' and a trailing '.'. */
export function recordName(r: IsoRecord): string {
  return r.rrName ?? r.isoName.replace(/;\d*$/, '').replace(/\.$/, '');
}

/** Exact match first (Rock Ridge names are case-sensitive), then case-insensitive. */
function pick(records: readonly IsoRecord[], name: string): number {
  const named = records.map((r, i) => ({ i, n: r.isoName === '\0' || r.isoName === '\x01' ? '' : recordName(r) }));
  const exact = named.find((x) => x.n === name);
  if (exact) return exact.i;
  const lower = name.toLowerCase();
  return named.find((x) => x.n.toLowerCase() === lower)?.i ?? -1;
}

/** Finds `member` (an absolute path such as /casper/vmlinuz) in the image read by `src`. */
export async function findIsoMember(src: ReadAt, member: string, options: FindMemberOptions): Promise<Result<IsoMember | undefined>> {
  const parts = member.split('/').filter((p) => p !== '');
  const missing = (why: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [diag('format/iso-member-missing', 'error', `${member} is not in ${options.file}: ${why}`, { origin: { file: options.file } })],
  });
  if (parts.length === 0 || parts.length > ISO_LIMITS.maxDepth || parts.some((p) => p === '.' || p === '..')) {
    return missing(`expected a file path of 1..${ISO_LIMITS.maxDepth} components without . or ..`);
  }
  try {
    const vol = await openIsoVolume(src);
    return await walk(vol, parts, src.size, missing);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { value: undefined, diagnostics: [invalid(e, options.file)] };
  }
}

async function walk(vol: IsoVolumeReader, parts: readonly string[], size: number, missing: (why: string) => Result<undefined>): Promise<Result<IsoMember | undefined>> {
  let dir = vol.root;
  const visited = new Set<number>([dir.dataOffset]);
  for (const [depth, name] of parts.entries()) {
    const records = await readDirectory(vol, dir);
    const i = pick(records, name);
    const where = `/${parts.slice(0, depth).join('/')}`;
    const r = records[i];
    if (!r) return missing(`${where} has no entry named ${JSON.stringify(name)}`);
    const isDir = (r.flags & RecordFlag.directory) !== 0;
    if (depth === parts.length - 1) {
      return isDir ? missing(`/${parts.join('/')} is a directory`) : { value: extentsOf(records, i, size), diagnostics: [] };
    }
    if (!isDir) return missing(`/${parts.slice(0, depth + 1).join('/')} is a file, not a directory`);
    // §6.8: a directory's records point down the hierarchy; one already on our path is a loop
    if (visited.has(r.dataOffset)) throw isoInvalid('iso9660.dirrec', 'extentLba', r.offset + 2, 'a directory not already on the path (no loops)', `byte offset ${r.dataOffset}`);
    visited.add(r.dataOffset);
    dir = r;
  }
  return missing('no path');
}

/** The record at `first` and, while bit 7 (multi-extent) is set, the records that follow it (§9.1.6). */
function extentsOf(records: readonly IsoRecord[], first: number, fileSize: number): IsoMember {
  const extents: IsoExtent[] = [];
  let total = 0;
  for (let i = first; ; i++) {
    const r = records[i];
    const head = records[first];
    if (!r || !head || r.isoName !== head.isoName) {
      const at = records[i - 1]?.offset ?? 0;
      throw isoInvalid('iso9660.dirrec', 'flags', at + 25, 'a further record of the same file after a multi-extent record (§9.1.6 bit 7)', r ? JSON.stringify(r.isoName) : 'end of directory');
    }
    if (i - first >= ISO_LIMITS.maxExtents) throw isoInvalid('iso9660.dirrec', 'flags', r.offset + 25, `at most ${ISO_LIMITS.maxExtents} extents per file`, 'more');
    if (r.dataLength > 0 && r.dataOffset + r.dataLength > fileSize) {
      throw isoInvalid('iso9660.dirrec', 'dataLength', r.offset + 10, `an extent inside the image (size ${fileSize})`, `bytes ${r.dataOffset}..${r.dataOffset + r.dataLength}`);
    }
    if (r.dataLength > 0) extents.push({ offset: r.dataOffset, length: r.dataLength });
    total += r.dataLength;
    if (!(r.flags & RecordFlag.multiExtent)) return { extents, size: total };
  }
}

function invalid(e: FormatError, file: string): Diagnostic {
  const d = e.details;
  return diag('format/iso-invalid', 'error', `${file} is not a readable ISO 9660 image: ${d.structure}.${d.field} at byte ${d.offset} is invalid`, {
    expected: d.expected,
    found: d.actual,
    origin: { file, offset: d.offset, field: `${d.structure}.${d.field}` },
  });
}
