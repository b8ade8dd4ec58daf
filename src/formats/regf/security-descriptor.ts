// The one security descriptor every key of our hives shares (reference/boot-media.md §6.4): a
// self-relative SECURITY_DESCRIPTOR (MS-DTYP §2.4.6) owned by BUILTIN\Administrators, group SYSTEM,
// whose DACL grants KEY_ALL_ACCESS to both, inherited by subkeys.
import { at, struct, u16le, u32le, u8 } from '../../binary/index.js';
import { concatBytes } from '../../binary/concat.js';

const SecurityDescriptorHeader = struct('regf.sd', 20, {
  revision: at(0, u8), // 1
  sbz1: at(1, u8),
  control: at(2, u16le), // SE_SELF_RELATIVE 0x8000 | SE_DACL_PRESENT 0x0004
  owner: at(4, u32le),
  group: at(8, u32le),
  sacl: at(12, u32le), // 0: none
  dacl: at(16, u32le),
});

/** MS-DTYP §2.4.5 ACL header. */
const AclHeader = struct('regf.acl', 8, {
  revision: at(0, u8), // ACL_REVISION 2
  sbz1: at(1, u8),
  size: at(2, u16le),
  aceCount: at(4, u16le),
  sbz2: at(6, u16le),
});

/** MS-DTYP §2.4.4.2 ACCESS_ALLOWED_ACE without its SID. */
const AccessAllowedAce = struct('regf.ace', 8, {
  type: at(0, u8), // ACCESS_ALLOWED_ACE_TYPE 0
  flags: at(1, u8), // CONTAINER_INHERIT_ACE 0x02
  size: at(2, u16le),
  mask: at(4, u32le), // KEY_ALL_ACCESS 0x000F003F
});

/** MS-DTYP §2.4.2.2 binary SID: revision, count, 48-bit big-endian authority, LE sub-authorities. */
function sid(authority: number, subAuthorities: readonly number[]): Uint8Array {
  const out = new Uint8Array(8 + 4 * subAuthorities.length);
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = subAuthorities.length;
  view.setUint16(2, 0);
  view.setUint32(4, authority);
  subAuthorities.forEach((s, i) => view.setUint32(8 + 4 * i, s, true));
  return out;
}

const ADMINISTRATORS = sid(5, [32, 544]); // S-1-5-32-544
const LOCAL_SYSTEM = sid(5, [18]); // S-1-5-18
const KEY_ALL_ACCESS = 0x000f003f;

function ace(who: Uint8Array): Uint8Array {
  const head = AccessAllowedAce.encode({ type: 0, flags: 0x02, size: 8 + who.length, mask: KEY_ALL_ACCESS });
  return concatBytes([head, who]);
}


/** Self-relative descriptor: header, DACL, owner SID, group SID (the order Windows writes). */
export function defaultSecurityDescriptor(): Uint8Array {
  const aces = [ace(ADMINISTRATORS), ace(LOCAL_SYSTEM)];
  const aclSize = AclHeader.size + aces.reduce((n, a) => n + a.length, 0);
  const acl = concatBytes([AclHeader.encode({ revision: 2, sbz1: 0, size: aclSize, aceCount: aces.length, sbz2: 0 }), ...aces]);
  const dacl = SecurityDescriptorHeader.size;
  const owner = dacl + acl.length;
  const group = owner + ADMINISTRATORS.length;
  const header = SecurityDescriptorHeader.encode({ revision: 1, sbz1: 0, control: 0x8004, owner, group, sacl: 0, dacl });
  return concatBytes([header, acl, ADMINISTRATORS, LOCAL_SYSTEM]);
}

/** For dumps: the decoded header of a descriptor. */
export const decodeSecurityDescriptorHeader = (b: Uint8Array) => SecurityDescriptorHeader.decode(b);
