// The site epoch (seconds since 1970): every timestamp in every artifact derives from it, so two
// builds are byte-identical (reproducible-builds.org SOURCE_DATE_EPOCH convention).

/** `epoch:` as parsed by the schema (ISO text or seconds). Undefined when it cannot be read. */
export function epochFromManifest(written: string | number): number | undefined {
  if (typeof written === 'number') return written;
  const ms = Date.parse(written);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : undefined;
}

/** SOURCE_DATE_EPOCH must be a decimal integer (reproducible-builds.org/specs/source-date-epoch). */
export function epochFromEnvironment(value: string): number | undefined {
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
