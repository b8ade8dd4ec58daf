// site.yaml is UTF-8 (YAML 1.2 §5.2). Invalid bytes are reported with their line, column and byte
// offset instead of being replaced silently; a leading BOM is dropped.
import { diag, type Result } from '../diagnostics/diagnostic.js';

export function decodeManifestText(bytes: Uint8Array, file: string): Result<string | undefined> {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const bad = firstInvalidUtf8(body);
  if (bad === undefined) return { value: new TextDecoder('utf-8').decode(body), diagnostics: [] };
  const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
  const lines = before.split('\n');
  const line = lines.length;
  const col = (lines.at(-1) ?? '').length + 1;
  const origin = { file, line, col, offset: start + bad };
  return {
    value: undefined,
    diagnostics: [
      diag('manifest/not-utf8', 'error', `the manifest is not valid UTF-8 (byte 0x${(body[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${start + bad})`, {
        expected: 'UTF-8 text',
        found: 'an invalid byte sequence',
        hint: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
        origin,
      }),
    ],
  };
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629 §4), if any. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    if (!validContinuation(b, i, c, n)) return i;
    i += n + 1;
  }
  return undefined;
}

function validContinuation(b: Uint8Array, i: number, lead: number, n: number): boolean {
  for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return false;
  const second = b[i + 1] ?? 0;
  // Overlongs, surrogates and values above U+10FFFF (RFC 3629 §4 table).
  if (lead === 0xe0 && second < 0xa0) return false;
  if (lead === 0xed && second > 0x9f) return false;
  if (lead === 0xf0 && second < 0x90) return false;
  if (lead === 0xf4 && second > 0x8f) return false;
  return true;
}
