// checkSite: every model rule, in a fixed order; the findings come back sorted by location.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { bootDeviceMissing } from './boot-device-missing.js';
import { conflictingBoot } from './conflicting-boot.js';
import { controlChar } from './control-char.js';
import { defaultNotOffered } from './default-not-offered.js';
import { dhcpRange } from './dhcp-range.js';
import { diskOptionWithoutDisk } from './disk-option-without-disk.js';
import { duplicateId } from './duplicate-id.js';
import { duplicateImagePath } from './duplicate-image-path.js';
import { duplicateMac } from './duplicate-mac.js';
import { machineNotBootable } from './machine-not-bootable.js';
import { machinesWithoutNetwork } from './machines-without-network.js';
import { malformedMac } from './malformed-mac.js';
import { mediaSize } from './media-size.js';
import { nothingToBoot } from './nothing-to-boot.js';
import { parentCycle } from './parent-cycle.js';
import { pathEscape } from './path-escape.js';
import type { Rule, RuleInput } from './rule.js';
import { sanExport } from './san-export.js';
import { secureBootNeedsUefi } from './secure-boot-needs-uefi.js';
import { sessionWithoutDisk } from './session-without-disk.js';
import { snapshotParent } from './snapshot-parent.js';
import { snapshotWithoutSession } from './snapshot-without-session.js';
import { unknownReference } from './unknown-reference.js';
import { volumeLabel } from './volume-label.js';
import { writableParent } from './writable-parent.js';

export type { Rule, RuleInput } from './rule.js';

export const rules: readonly Rule[] = [
  duplicateId,
  duplicateMac,
  malformedMac,
  unknownReference,
  parentCycle,
  duplicateImagePath,
  pathEscape,
  writableParent,
  sessionWithoutDisk,
  diskOptionWithoutDisk,
  snapshotWithoutSession,
  snapshotParent,
  conflictingBoot,
  nothingToBoot,
  bootDeviceMissing,
  controlChar,
  machineNotBootable,
  defaultNotOffered,
  machinesWithoutNetwork,
  dhcpRange,
  sanExport,
  mediaSize,
  secureBootNeedsUefi,
  volumeLabel,
];

export function checkSite(input: RuleInput): Diagnostic[] {
  const found = rules.flatMap((rule) => rule.check(input));
  // Reading order; a clean site skips the sort, which would force the manifest's positions.
  if (found.length < 2) return found;
  const key = (d: Diagnostic): number => (d.origin?.line ?? 0) * 1e6 + (d.origin?.col ?? 0);
  return found.sort((a, b) => key(a) - key(b));
}
