import { basename, join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { formatIssue, type DecodeError } from "@tickfold/core";
import { errnoOf } from "../errors/persist-error.js";
import type { CorruptFileReport } from "./corrupt-report.js";
import { ensureDurableDir } from "./durable-dir.js";
import { idOfFileName } from "./entity-id.js";
import type { StoreOptions } from "./persist-store.js";
import { moveAside } from "./quarantine.js";
import { retryTransient } from "./retry.js";
import { parseStored } from "./serialise.js";

/**
 * What init does to one entity directory (SPEC §7): create it durably, remove temp files an
 * interrupted write left behind (they were never committed), and validate every data file; a file
 * that does not parse or validate is moved aside and reported, never used, never deleted.
 */
export const initialiseDirectory = async <T>(
  directory: string,
  entityName: string,
  options: StoreOptions<T>,
): Promise<void> => {
  const { fs } = options;
  await ensureDurableDir(fs, directory);
  let changed = false;
  const reports: CorruptFileReport[] = [];
  for (const name of (await fs.readdir(directory)).sort()) {
    const path = join(directory, name);
    if (fs.isTempFile(name)) {
      await retryTransient(() => fs.unlink(path), options.retry);
      changed = true;
      continue;
    }
    const id = idOfFileName(name);
    if (id === undefined) continue;
    const checked = await readForValidation(path, options);
    if (E.isRight(checked)) continue;
    const movedTo = await moveAside(fs, path, options.now, options.retry);
    changed = true;
    reports.push(corruptReport(entityName, id, path, movedTo, checked.left, options.codec.label));
  }
  // One fsync makes every removal and rename above durable; without it a power loss could bring a
  // set-aside file back under its data name. Reports go out only once the move is durable.
  if (changed) await fs.syncDir(directory);
  for (const report of reports) await options.onCorrupt(report);
};

const readForValidation = async <T>(path: string, options: StoreOptions<T>): Promise<E.Either<DecodeError, T>> => {
  try {
    return parseStored(options.codec, await options.fs.readFile(path));
  } catch (error) {
    // A directory where a data file should be is invalid content; any other read failure is a
    // disk problem, which is not evidence that the file is bad, so init fails instead.
    if (errnoOf(error) === "EISDIR") {
      return E.left({ entity: options.codec.label, message: "is a directory", issues: [{ field: "(root)", value: path, rule: "is a directory, not a file" }] });
    }
    throw error;
  }
};

const corruptReport = (
  entityName: string,
  id: string,
  path: string,
  movedTo: string,
  error: DecodeError,
  label: string,
): CorruptFileReport => ({
  source: "storage",
  id: `storage:${movedTo}`,
  path,
  movedTo,
  issues: [...error.issues],
  message:
    `The stored ${label} "${id}" of "${entityName}" is invalid and was set aside as ${basename(movedTo)}: ` +
    `${error.issues.map(formatIssue).join("; ")} (${path}).`,
});
