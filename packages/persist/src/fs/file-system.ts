/**
 * The file-system port: every byte the stores read or write goes through one of these calls, so a
 * test double can fail any of them or simulate a power loss. Failures are thrown as Node-style
 * errors carrying an errno `code` (ENOENT, ENOSPC, EIO…).
 */
export interface FileSystem {
  /** Creates one directory; throws EEXIST when it is already there. */
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<Uint8Array>;
  /** False only for ENOENT; any other failure is thrown. */
  exists(path: string): Promise<boolean>;
  /**
   * Replaces `path` with `data` atomically: a temp file in the same directory, written, fsynced,
   * closed and renamed over `path`. After a crash `path` holds the old or the new bytes, never a
   * mix. It does NOT fsync the directory, so the rename itself may still be lost on power loss:
   * callers that need durability follow it with `syncDir`.
   */
  replaceFile(path: string, data: Uint8Array): Promise<void>;
  /** Whether a directory entry is a temp file `replaceFile` left behind when it was interrupted. */
  isTempFile(name: string): boolean;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync of a directory: makes created, renamed and removed entries in it durable. */
  syncDir(path: string): Promise<void>;
}
