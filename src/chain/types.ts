// Chain validation types. chain/ never touches node:fs: it sees files through a FileSource
// (io/image-files.ts in the CLI, an in-memory map in tests).
import type { ReadAt } from '../binary/read-at.js';
import type { ImageHeader } from '../formats/image-header.js';

export interface FileStat {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  /** modification time, Unix seconds (fractional) */
  readonly mtime: number;
  readonly isFile: boolean;
  /** what it is when not a regular file, for messages: 'a FIFO', 'a directory', 'a character device' */
  readonly kind?: string;
}

export interface OpenFile extends ReadAt {
  close(): Promise<void>;
}

export interface FileSource {
  /** undefined when the path does not exist */
  stat(path: string): Promise<FileStat | undefined>;
  /** canonical absolute path (symlinks resolved), undefined when missing */
  realpath(path: string): Promise<string | undefined>;
  open(path: string): Promise<OpenFile>;
  /** file names in a directory (not recursive); empty when it cannot be listed */
  list(dir: string): Promise<readonly string[]>;
}

/** One image in a report, keyed by its real path. */
export interface ChainNode {
  /** the path as the user or the child named it (for messages) */
  readonly file: string;
  readonly realpath: string;
  readonly header: ImageHeader | undefined;
  /** qemu-img's full-backing-filename: the child's directory joined with the recorded name */
  readonly fullBackingFilename: string | undefined;
  /** realpath of the resolved parent */
  readonly parent: string | undefined;
  /** site image id, when the image is declared in a site */
  readonly imageId: string | undefined;
  /** bytes of metadata read to describe this image */
  readonly bytesRead: number;
}

export interface ChainReport {
  /** every image seen, tops first in the order given, then parents as discovered */
  readonly nodes: readonly ChainNode[];
  /** realpaths of the images the walk started from */
  readonly tops: readonly string[];
  readonly bytesRead: number;
}

export interface ChainOptions {
  /** longest chain accepted (VirtualBox caps medium trees at 300) */
  readonly maxDepth?: number;
  /** extra directories searched for VHD parents and VDI parents (site image dirs, parent_dir) */
  readonly searchDirs?: readonly string[];
  /** seconds a parent's mtime may exceed the child's before `chain/parent-modified` (copies move mtimes) */
  readonly mtimeSlack?: number;
}
