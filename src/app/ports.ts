// What the application layer is handed (code-style.md §10): every file-system access, process and
// probe goes through these interfaces, implemented by io/ (io/node-ports.ts) and by fakes in tests.
// Stages stay pure; app/ composes them with these ports; io/ only adapts.
import type { ByteRange, DataSource, Extent } from '../binary/extent.js';
import type { ReadAt } from '../binary/read-at.js';
import type { FileSource, FileStat, OpenFile } from '../chain/types.js';
import type { ImageLayout } from '../formats/image-header.js';
import type { Plan, Step } from '../net/types.js';
import type { Result } from '../diagnostics/diagnostic.js';
import type { TemplateSet } from '../targets/types.js';

export type FileKind = 'file' | 'directory' | 'fifo' | 'socket' | 'block device' | 'character device' | 'other';

export interface PathStat {
  readonly kind: FileKind;
  readonly size: number;
  /** permission bits */
  readonly mode: number;
  /** 512-byte blocks allocated (what a sparse file really holds) */
  readonly blocks: number;
  readonly mtimeMs: number;
}

export interface FilesPort {
  /** follows symlinks; undefined when nothing is there (or it cannot be reached) */
  stat(path: string): PathStat | undefined;
  readFile(path: string): Uint8Array;
  /** undefined when unreadable */
  readText(path: string): string | undefined;
  /** sorted names; [] when the directory is missing or unreadable */
  list(dir: string): string[];
  realpath(path: string): string | undefined;
  /** a bounded random-access reader over a file, for the ISO 9660 reader */
  openReadAt(path: string): (ReadAt & { close(): void }) | undefined;
  diskSpace(dir: string): { freeBytes: number; sizeBytes: number } | undefined;
  /** text of the mount table, for FUSE mounts */
  mounts(): string;
  /** where a file's data is (its holes left out); undefined when it cannot be read */
  dataRanges(path: string): readonly ByteRange[] | undefined;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

export interface ProcessPort {
  /** absolute path of a tool on PATH (and the sbin dirs), else undefined */
  which(name: string): string | undefined;
  /** runs a command to completion; never throws */
  run(argv: readonly string[], options?: { readonly timeoutMs?: number }): RunResult;
  /** whether the pid in `pidFile` is a live process */
  pidAlive(pidFile: string): boolean;
}

/** grub-mkimage's inputs (the field's own image builder: LZMA core + PE relocation). */
export interface MkimageRequest {
  readonly format: string;
  readonly moduleDir: string;
  readonly prefix: string;
  readonly modules: readonly string[];
  /** embedded early config (-c) */
  readonly config: string | undefined;
}

export interface ToolsPort {
  /** the image bytes, or the tool's error text */
  grubMkimage(tool: string, request: MkimageRequest): { readonly bytes?: Uint8Array; readonly error?: string };
}

/** An out dir being built (io/out-dir-writer.ts): a temp dir swapped in whole at commit. */
export interface OutDir {
  readonly outDir: string;
  writeFile(relPath: string, content: string | Uint8Array, options?: { readonly mode?: number }): void;
  /** absolute path in the temp dir for a streaming writer */
  path(relPath: string, options?: { readonly mode?: number }): string;
  /** brings files of the previous out dir over unchanged (a partial rebuild keeps the rest) */
  carryOver(relPaths: readonly string[]): void;
  /** relative paths of every file in the previous out dir */
  previousFiles(): readonly string[];
  commit(): void;
  abort(): void;
}

export interface WriteReport {
  readonly bytes: number;
  readonly sha256: string;
}

export interface OutPort {
  openOutDir(path: string, options: { readonly epoch: number }): OutDir;
  /**
   * Writes extents sparse (holes stay holes, holes of file sources are never read) into a new file
   * of `sizeBytes`; its SHA-256 (holes as zeros) only when `hash`, since hashing reads no disk but
   * still costs a pass over the apparent size.
   */
  writeExtents(dest: string, sizeBytes: number, extents: readonly Extent[], options?: { readonly progress?: (done: number, total: number) => void; readonly hash?: boolean }): WriteReport;
  /** a small image (headers only): sparse, beside the target then renamed; EEXIST unless overwrite */
  writeImageLayout(path: string, layout: ImageLayout, options?: { readonly overwrite?: boolean; readonly mtime?: number }): Promise<void>;
  /** a directory (and its parents), made if missing */
  ensureDir(path: string): void;
  /** new files under dir, never replacing one that exists (`bootgen init`) */
  writeNewFiles(dir: string, files: ReadonlyMap<string, string>): string[];
  /** streams byte ranges of a file one after another into a new file */
  copyRanges(from: string, ranges: readonly ByteRange[], dest: string): WriteReport;
}

/** Runs an overlay plan's steps in order with the field's tools (io/overlay-runner.ts). */
export interface PlanRunner {
  run(plan: Plan, options?: { readonly log?: (line: string) => void }): { readonly ran: number };
}

/** An exclusive lock on a directory's contents, between processes (io/dir-lock.ts). */
export interface LockPort {
  /** the lock, or undefined when another process held it for all of `waitMs` (default 0) */
  acquire(dir: string, options: { readonly waitMs?: number }): Promise<{ release(): void } | undefined>;
}

export interface ManifestBytes {
  readonly bytes: Uint8Array;
  /** the directory of the manifest */
  readonly dir: string;
}

export interface Ports {
  readonly files: FilesPort;
  /** the image-chain readers' file access */
  readonly images: FileSource;
  readonly proc: ProcessPort;
  readonly tools: ToolsPort;
  readonly out: OutPort;
  readonly plans: PlanRunner;
  readonly locks: LockPort;
  readManifest(file: string): Result<ManifestBytes | undefined>;
  loadTemplates(userDir: string | undefined): Result<TemplateSet | undefined>;
}

export type { DataSource, FileSource, FileStat, ImageLayout, OpenFile, Plan, Step, TemplateSet };
