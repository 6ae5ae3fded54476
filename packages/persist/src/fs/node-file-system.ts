import { constants, promises as fsp } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { basename } from "node:path";
import { portError, TEMP_FILE_NAME, type EntryKind, type FileSystem } from "./file-system.js";
import { acquireWriterLock } from "./writer-lock.js";

/** No symlink is followed, and a FIFO opened for reading does not wait for a writer. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** The temp file must be new: never an existing file, never through a symlink someone planted. */
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

let tempCounter = 0;

/**
 * The real port, on `node:fs`. `replaceFile` is the atomic replace done by hand (temp file in the
 * same directory, every byte written, fsync, size check, close, rename) so that a short write on a
 * full disk fails before the rename instead of after it.
 */
export class NodeFileSystem implements FileSystem {
  async mkdir(path: string): Promise<void> {
    await fsp.mkdir(path);
  }

  readdir(path: string): Promise<string[]> {
    return fsp.readdir(path);
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    const handle = await fsp.open(path, READ_FLAGS);
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw portError("EISDIR", "is a directory", path);
      if (!stat.isFile()) throw portError("ENOTREG", "not a regular file", path);
      if (stat.size > maxBytes) throw portError("EFBIG", `${stat.size} bytes, more than the limit of ${maxBytes}`, path);
      return await readAtMost(handle, maxBytes, path);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async exists(path: string): Promise<boolean> {
    return (await this.kindOf(path)) !== undefined;
  }

  async kindOf(path: string): Promise<EntryKind | undefined> {
    try {
      const stat = await fsp.lstat(path);
      return stat.isFile() ? "file" : stat.isDirectory() ? "directory" : stat.isSymbolicLink() ? "symlink" : "other";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async replaceFile(path: string, data: Uint8Array): Promise<void> {
    const temp = `${path}.tmp-${process.pid}-${(tempCounter += 1)}`;
    const handle = await fsp.open(temp, TEMP_FLAGS, 0o644);
    let open = true;
    try {
      await writeAll(handle, data, temp);
      await handle.sync();
      // The size as the file system records it, after the fsync: the last word on a short write.
      const { size } = await handle.stat();
      if (size !== data.byteLength) throw shortWrite(size, data.byteLength, temp);
      open = false;
      await handle.close();
      await fsp.rename(temp, path);
    } catch (error) {
      if (open) await handle.close().catch(() => undefined);
      await fsp.unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  isTempFile(name: string): boolean {
    return TEMP_FILE_NAME.test(name);
  }

  rename(from: string, to: string): Promise<void> {
    return fsp.rename(from, to);
  }

  unlink(path: string): Promise<void> {
    return fsp.unlink(path);
  }

  async syncDir(path: string): Promise<void> {
    const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_DIRECTORY);
    try {
      await handle.sync();
    } finally {
      // A read-only directory handle holds no data, so a failing close cannot lose anything; what
      // matters (and is thrown) is the outcome of sync.
      await handle.close().catch(() => undefined);
    }
  }

  lockWriter(dir: string): Promise<void> {
    return acquireWriterLock(dir);
  }
}

const shortWrite = (reached: number, expected: number, path: string): Error =>
  portError("ENOSPC", `short write, ${reached} of ${expected} bytes reached ${basename(path)}`, path);

/** write(2) may write fewer bytes than asked (a nearly full disk): go on until all are written. */
const writeAll = async (handle: FileHandle, data: Uint8Array, path: string): Promise<void> => {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset, offset);
    if (bytesWritten <= 0) throw shortWrite(offset, data.byteLength, path);
    offset += bytesWritten;
  }
};

/** Reads to the end, but never more than `maxBytes` + 1 (a file growing while it is read). */
const readAtMost = async (handle: FileHandle, maxBytes: number, path: string): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(Math.min(64 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw portError("EFBIG", `more than the limit of ${maxBytes} bytes`, path);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
};

export const nodeFileSystem: FileSystem = new NodeFileSystem();
