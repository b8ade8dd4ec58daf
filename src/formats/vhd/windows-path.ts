// Windows paths recorded in parent locators (VHD W2ru/W2ku, VHDX relative_path/absolute_win32_path)
// turned into POSIX paths: `\` → `/`, `.\` dropped, `\\?\` and drive letters removed (as libvhd does).

export interface PosixPath {
  readonly path: string;
  readonly relative: boolean;
}

export function windowsToPosix(recorded: string): PosixPath | undefined {
  let p = recorded.replace(/\\/g, '/');
  if (p.startsWith('//?/')) p = p.slice(4);
  if (/^UNC\//i.test(p) || /^Volume\{/i.test(p)) return undefined; // network shares and volume GUID paths
  const drive = /^[A-Za-z]:/.exec(p);
  if (drive) p = p.slice(2);
  if (p.length === 0) return undefined;
  if (drive || p.startsWith('/')) return { path: p.startsWith('/') ? p : `/${p}`, relative: false };
  while (p.startsWith('./')) p = p.slice(2);
  return { path: p, relative: true };
}

/** A MacX locator: an RFC 2396 file URL such as file://localhost/dir/parent.vhd (VHD spec §"Parent Locator"). */
export function fileUrlToPosix(url: string): PosixPath | undefined {
  const m = /^file:\/\/(?:localhost)?(\/.*)$/i.exec(url);
  if (m?.[1]) {
    try {
      return { path: decodeURIComponent(m[1]), relative: false };
    } catch {
      return undefined;
    }
  }
  if (/^[a-z]+:/i.test(url) || url.length === 0) return undefined;
  return { path: url.replace(/^(\.\/)+/, ''), relative: !url.startsWith('/') };
}

export function basenameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
