import { promises as fsp } from "node:fs";
import writeFileAtomic from "write-file-atomic";
import type { FileSystem } from "./file-system.js";

/** write-file-atomic names its temp files `<target>.<uint32>`, next to the target. */
const WRITE_FILE_ATOMIC_TEMP = /\.json\.\d+$/;

/**
 * The real port. The data path is write-file-atomic with `fsync: true` (temp file in the same
 * directory, write, fsync, close, rename); it does not fsync the directory, which `syncDir` does.
 */
export class NodeFileSystem implements FileSystem {
  async mkdir(path: string): Promise<void> {
    await fsp.mkdir(path);
  }

  readdir(path: string): Promise<string[]> {
    return fsp.readdir(path);
  }

  readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(path);
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fsp.stat(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  async replaceFile(path: string, data: Uint8Array): Promise<void> {
    await writeFileAtomic(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true });
    await this.checkNotShort(path, data.byteLength);
  }

  /**
   * write-file-atomic issues a single write(2) and ignores its byte count, so on a nearly full disk
   * a short write can be renamed into place. We cannot stop that rename, but we refuse to report
   * success: the caller gets ENOSPC now, and the next init sets the truncated file aside.
   */
  private async checkNotShort(path: string, expected: number): Promise<void> {
    const { size } = await fsp.stat(path);
    if (size !== expected) {
      throw Object.assign(new Error(`ENOSPC: short write, ${size} of ${expected} bytes reached '${path}'`), {
        code: "ENOSPC",
        path,
      });
    }
  }

  isTempFile(name: string): boolean {
    return WRITE_FILE_ATOMIC_TEMP.test(name);
  }

  rename(from: string, to: string): Promise<void> {
    return fsp.rename(from, to);
  }

  unlink(path: string): Promise<void> {
    return fsp.unlink(path);
  }

  async syncDir(path: string): Promise<void> {
    const handle = await fsp.open(path, "r");
    try {
      await handle.sync();
    } finally {
      // A read-only directory handle holds no data, so a failing close cannot lose anything; what
      // matters (and is thrown) is the outcome of sync.
      await handle.close().catch(() => undefined);
    }
  }
}

export const nodeFileSystem: FileSystem = new NodeFileSystem();
