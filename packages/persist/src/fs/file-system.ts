/** What a directory entry is, seen without following a symbolic link (lstat). */
export type EntryKind = "file" | "directory" | "symlink" | "other";

/**
 * The file-system port: every byte the stores read or write goes through one of these calls, so a
 * test double can fail any of them or simulate a power loss. Failures are thrown as Node-style
 * errors carrying an errno `code` (ENOENT, ENOSPC, EIO…).
 */
export interface FileSystem {
  /** Creates one directory; throws EEXIST when it is already there. */
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /**
   * Reads a regular file, never through a symbolic link and never blocking on a FIFO. Throws
   * `EFBIG` when the file holds more than `maxBytes` (without reading it), `ELOOP` for a symbolic
   * link, `ENOTREG` for anything that is not a regular file, `EISDIR` for a directory.
   */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /** False only for ENOENT; any other failure is thrown. */
  exists(path: string): Promise<boolean>;
  /** The kind of the entry itself (a symbolic link is reported as one, not followed); undefined when absent. */
  kindOf(path: string): Promise<EntryKind | undefined>;
  /**
   * Replaces `path` with `data` atomically: a temp file in the same directory, written in full,
   * fsynced, closed and renamed over `path`. A write that does not reach every byte (a full disk)
   * fails before the rename and leaves the old file. After a crash `path` holds the old or the new
   * bytes, never a mix. A symbolic link at `path` is replaced, never written through. It does NOT
   * fsync the directory: callers that need durability follow it with `syncDir`.
   */
  replaceFile(path: string, data: Uint8Array): Promise<void>;
  /** Whether a directory entry is a temp file `replaceFile` left behind when it was interrupted. */
  isTempFile(name: string): boolean;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync of a directory: makes created, renamed and removed entries in it durable. */
  syncDir(path: string): Promise<void>;
  /**
   * Makes this process the only writer of `dir` for the rest of its life (see `fs/writer-lock.ts`).
   * Throws a sentence naming the holder when another live process has it.
   */
  lockWriter(dir: string): Promise<void>;
}

/**
 * The temp files `replaceFile` creates: the staged `<target>.tmp-<pid>-<n>` and write-file-atomic's
 * own temp beside it (`<staged>.<number>`); nothing else is ever treated as one.
 */
export const TEMP_FILE_NAME = /\.json\.tmp-\d+-\d+(\.\d+)?$/;

/** Errors the port raises itself, with an errno-style `code` like Node's own. */
export const portError = (code: string, message: string, path: string): Error => Object.assign(new Error(`${code}: ${message}, '${path}'`), { code, path });
