import { dirname } from "node:path";
import { errnoOf } from "../errors/persist-error.js";
import type { FileSystem } from "../fs/file-system.js";

/**
 * `mkdir -p` that survives a power loss: a new directory is only reachable after the entry in its
 * parent is durable, so the parent is fsynced after each creation. Without it, files written and
 * fsynced inside a fresh directory can vanish with the directory.
 */
export const ensureDurableDir = async (fs: FileSystem, dir: string): Promise<void> => {
  if (await fs.exists(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) await ensureDurableDir(fs, parent);
  try {
    await fs.mkdir(dir);
  } catch (error) {
    // Another store of this process created it a moment ago; its parent still needs the fsync
    // before we rely on it, and fsyncing twice is harmless.
    if (errnoOf(error) !== "EEXIST") throw error;
  }
  await fs.syncDir(parent);
};
