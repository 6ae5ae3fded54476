import type { FileSystem } from "../fs/file-system.js";
import { retryTransient, type RetryPolicy } from "./retry.js";

/**
 * Moves an invalid file aside as `<file>.corrupt-<time>` (never deleting it: it may hold the only
 * copy of a position someone wants to inspect). A rename cannot be made to fail if the target
 * exists, so a free name is picked first. Returns the new path.
 */
export const moveAside = async (
  fs: FileSystem,
  path: string,
  now: () => number,
  retry: RetryPolicy,
): Promise<string> => {
  const base = `${path}.corrupt-${now()}`;
  let target = base;
  for (let suffix = 1; await fs.exists(target); suffix += 1) target = `${base}-${suffix}`;
  await retryTransient(() => fs.rename(path, target), retry);
  return target;
};
