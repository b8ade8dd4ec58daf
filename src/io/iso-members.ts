// Kernels and initrds inside the site's ISO images (`linux: {from: <iso>, …}`): located with the
// ISO 9660 reader (formats/iso9660/find-member.ts), then streamed extent by extent into the PXE
// tree in 1 MiB chunks, so no ISO or member is ever held in memory.
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findIsoMember, type IsoMember } from '../formats/iso9660/find-member.js';
import { copyRanges } from './copy-ranges.js';
import { fdReadAt } from './fd-read-at.js';


export interface IsoMemberRequest {
  /** the ISO, relative to the site dir */
  readonly iso: string;
  /** absolute path inside the ISO, e.g. /casper/vmlinuz */
  readonly member: string;
  /** what the member is for (the PXE tree path), for diagnostics */
  readonly target: string;
}

/** Key of a located member in the map `locateIsoMembers` returns. */
export const memberKey = (iso: string, member: string): string => `${iso}\0${member}`;

/** Finds every requested member; a missing ISO, a missing member or a broken ISO is an error. */
export async function locateIsoMembers(siteDir: string, requests: readonly IsoMemberRequest[]): Promise<{ found: Map<string, IsoMember>; diagnostics: Diagnostic[] }> {
  const found = new Map<string, IsoMember>();
  const diagnostics: Diagnostic[] = [];
  for (const r of requests) {
    let fd: number;
    try {
      fd = openSync(resolve(siteDir, r.iso), 'r');
    } catch (e) {
      diagnostics.push(diag('net/payload-missing', 'error', `${r.iso} (the ISO holding ${r.member} for ${r.target}) cannot be opened: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { origin: { file: r.iso } }));
      continue;
    }
    try {
      const res = await findIsoMember(fdReadAt(fd), r.member, { file: r.iso });
      diagnostics.push(...res.diagnostics.map((d) => ({ ...d, message: `${d.message} (needed for ${r.target})` })));
      if (res.value) found.set(memberKey(r.iso, r.member), res.value);
    } finally {
      closeSync(fd);
    }
  }
  return { found, diagnostics };
}

/** Streams a member's extents from the ISO into `dest`; returns its size and SHA-256. */
export function copyIsoMember(isoPath: string, member: IsoMember, dest: string): { bytes: number; sha256: string } {
  return copyRanges(isoPath, member.extents, dest);
}
