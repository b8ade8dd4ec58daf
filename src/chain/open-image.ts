// Opens one image through the FileSource and reads its header, counting the bytes read.
import { readImageHeader } from '../formats/detect.js';
import type { ImageHeader } from '../formats/image-header.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/diagnostic.js';
import type { FileSource } from './types.js';

export interface OpenedImage {
  readonly header: ImageHeader | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly bytesRead: number;
}

const HEAD = 4096;

export async function openImage(source: FileSource, path: string, display: string): Promise<OpenedImage> {
  let file;
  try {
    file = await source.open(path);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { header: undefined, diagnostics: [diag('chain/unreadable', 'error', `cannot open image: ${message}`, { origin: { file: display } })], bytesRead: 0 };
  }
  // The first 4 KiB answer detection and most headers; reads inside it are served from memory.
  const head = await file.read(0, Math.min(HEAD, file.size));
  let bytesRead = head.byteLength;
  const counted = {
    size: file.size,
    read: async (offset: number, length: number) => {
      // counted whether served from the head or the file, so the figure is what the reader asked for
      const b = offset >= 0 && offset + length <= head.byteLength ? head.slice(offset, offset + length) : await file.read(offset, length);
      bytesRead += b.byteLength;
      return b;
    },
  };
  try {
    const r = await readImageHeader(counted, display);
    return { header: r.value, diagnostics: r.diagnostics, bytesRead };
  } finally {
    await file.close();
  }
}
