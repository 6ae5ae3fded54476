import { constants, promises as fsp } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { basename } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { portError, TEMP_FILE_NAME, type EntryKind, type FileSystem } from "./file-system.js";
import { acquireWriterLock } from "./writer-lock.js";

/** No symlink is followed, and a FIFO opened for reading does not wait for a writer. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
let tempCounter = 0;

/**
 * The real port, on `node:fs`. `replaceFile` stages the bytes with write-file-atomic (its own temp
 * file in the same directory, write, fsync, rename to the staged name), checks that every byte
 * landed, and only then renames the staged file over the target. write-file-atomic takes a short
 * write on a nearly full disk for success; the size check turns it into a failure before the old
 * value is touched. Our own final rename also replaces a symlink at the target instead of writing
 * through it (write-file-atomic would follow it).
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
    const staged = `${path}.tmp-${process.pid}-${(tempCounter += 1)}`;
    try {
      await writeFileAtomic(staged, Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true, mode: 0o644 });
      // The size as the file system records it, after the fsync: the last word on a short write.
      const { size } = await fsp.lstat(staged);
      if (size !== data.byteLength) throw shortWrite(size, data.byteLength, staged);
      await fsp.rename(staged, path);
    } catch (error) {
      await fsp.unlink(staged).catch(() => undefined);
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
