// The HTTP server's request parsing (io/http-server.ts), pure: the request target → the path
// segments to serve, refusing whatever could name something outside the root, and the Range
// header → one byte range (RFC 9110 §14.1.2). Refuse rather than normalise: a path that needs
// cleaning up is never a path iPXE or a firmware sends.

export type PathParse =
  | { readonly kind: 'ok'; readonly segments: readonly string[]; readonly path: string }
  | { readonly kind: 'bad' | 'refused'; readonly why: string };

/**
 * `/a/b%20c?x` → segments ['a', 'b c']. 'bad' (400) for a target that is not an origin-form path
 * or has a broken percent escape; 'refused' (403) for `.`/`..` segments (plain or encoded),
 * backslashes, NUL and control characters, and encoded slashes, which would let one segment span two.
 */
export function parseRequestPath(target: string): PathParse {
  const raw = target.replace(/[?#].*$/s, '');
  if (!raw.startsWith('/')) return { kind: 'bad', why: 'not an origin-form path' };
  const segments: string[] = [];
  for (const encoded of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { kind: 'bad', why: 'broken percent escape' };
    }
    if (segment === '') continue;
    if (segment === '.' || segment === '..') return { kind: 'refused', why: 'dot segment' };
    if (/[/\\]/.test(segment)) return { kind: 'refused', why: 'slash or backslash inside a segment' };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(segment)) return { kind: 'refused', why: 'NUL or control character' };
    segments.push(segment);
  }
  return { kind: 'ok', segments, path: `/${segments.join('/')}` };
}

export type RangeParse =
  /** no Range header, or one to ignore (malformed, several ranges): the whole body, 200 */
  | { readonly kind: 'full' }
  /** inclusive byte positions, 206 */
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  /** 416 with `Content-Range: bytes *\/size` */
  | { readonly kind: 'unsatisfiable' };

/**
 * One `bytes=a-b`, `bytes=a-` or `bytes=-n` range of a body of `size` bytes. A malformed header is
 * ignored (RFC 9110 §14.2: a server MAY ignore Range); several ranges get the whole body, which
 * the RFC allows and every client handles. `b` past the end is clamped; `a` at or past the end,
 * or a zero-length suffix, is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeParse {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? Number.MAX_SAFE_INTEGER : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}

const TYPES: Readonly<Record<string, string>> = {
  ipxe: 'text/plain; charset=utf-8',
  cfg: 'text/plain; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  sh: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  iso: 'application/x-iso9660-image',
  efi: 'application/efi',
};

/** The Content-Type by extension; bytes otherwise (kernels, images, loaders). */
export function contentType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext !== undefined ? TYPES[ext] : undefined) ?? 'application/octet-stream';
}
