import { basename, join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { formatIssue, type DecodeError } from "@tickfold/core";
import { decodeError } from "@tickfold/core/internal";
import { describeFailure } from "../errors/describe.js";
import { errnoOf, PersistError } from "../errors/persist-error.js";
import type { EntryKind } from "../fs/file-system.js";
import type { CorruptFileReport } from "./corrupt-report.js";
import { ensureDurableDir } from "./durable-dir.js";
import { idOfFileName } from "./entity-id.js";
import type { StoreOptions } from "./persist-store.js";
import { moveAside } from "./quarantine.js";
import { retryTransient } from "./retry.js";
import { MAX_FILE_BYTES, parseStored, tooLarge } from "./serialise.js";

/**
 * What init does to one entity directory (SPEC §7): create it durably, remove temp files an
 * interrupted write left behind (they were never committed), and validate every data file; a file
 * that does not parse or validate is moved aside and reported, never used, never deleted. An entry
 * with a data name that is not a regular file (a symbolic link, a FIFO, a socket, a directory) is
 * moved aside the same way, without being followed or opened. A failure names the file it concerns.
 */
export const initialiseDirectory = async <T>(
  directory: string,
  entityName: string,
  options: StoreOptions<T>,
): Promise<void> => {
  const { fs } = options;
  await ensureDurableDir(fs, directory);
  const kind = await fs.kindOf(directory);
  if (kind !== "directory") throw notADirectory(directory, entityName, options.codec.label, kind);
  const reports: CorruptFileReport[] = [];
  for (const name of (await fs.readdir(directory)).sort()) {
    const path = join(directory, name);
    const id = idOfFileName(name);
    const failure = { action: "initialise", label: options.codec.label, entity: entityName, id: id ?? name, path };
    if (fs.isTempFile(name)) {
      await retryTransient(() => fs.unlink(path), options.retry).catch((error: unknown) => {
        // Gone already is what we wanted: a writer of this process renamed its staged file between
        // the listing and the unlink (seen when a new engine opened a store another had just written).
        if ((error as { code?: unknown }).code === "ENOENT") return;
        throw describeFailure(error, failure);
      });
      continue;
    }
    if (id === undefined) continue;
    const checked = await readForValidation(path, options).catch((error: unknown) => {
      throw describeFailure(error, failure);
    });
    if (E.isRight(checked)) continue;
    const movedTo = await moveAside(fs, path, options.now, options.retry).catch((error: unknown) => {
      throw describeFailure(error, failure);
    });
    reports.push(corruptReport(entityName, id, path, movedTo, checked.left, options.codec.label));
  }
  // One fsync makes every removal and rename above durable; without it a power loss could bring a
  // set-aside file back under its data name. Reports go out only once the move is durable. It runs
  // even when init changed nothing: what init found may itself not be durable yet (a write whose
  // directory fsync failed in a process that then recovered in place), and recovery must not
  // build durable state on an outbox record a power loss could still take back.
  await fs.syncDir(directory);
  for (const report of reports) await options.onCorrupt(report);
};

/** Why an entry of each kind other than a regular file cannot be data. */
const NOT_DATA: Readonly<Record<Exclude<EntryKind, "file">, string>> = {
  directory: "is a directory, not a file",
  symlink: "is a symbolic link, which the store never follows",
  other: "is not a regular file (a FIFO, socket or device)",
};
/** The same, for what the port reports when the entry changed between the look and the read. */
const NOT_DATA_BY_ERRNO: Readonly<Record<string, string>> = { EISDIR: NOT_DATA.directory, ELOOP: NOT_DATA.symlink, ENOTREG: NOT_DATA.other };

const readForValidation = async <T>(path: string, options: StoreOptions<T>): Promise<E.Either<DecodeError, T>> => {
  const { label } = options.codec;
  const kind = await options.fs.kindOf(path);
  if (kind !== undefined && kind !== "file") return E.left(rootIssue(label, path, NOT_DATA[kind]));
  try {
    return parseStored(options.codec, await options.fs.readFile(path, MAX_FILE_BYTES));
  } catch (error) {
    // What cannot be one of our files is invalid content; any other read failure is a disk
    // problem, which is not evidence that the file is bad, so init fails instead.
    const errno = errnoOf(error) ?? "";
    if (errno === "EFBIG") return E.left(tooLarge(label, MAX_FILE_BYTES + 1));
    const rule = NOT_DATA_BY_ERRNO[errno];
    if (rule !== undefined) return E.left(rootIssue(label, path, rule));
    throw error;
  }
};

const rootIssue = (label: string, value: unknown, rule: string): DecodeError => decodeError(label, [{ field: "(root)", value, rule }]);

const notADirectory = (directory: string, entityName: string, label: string, kind: EntryKind | undefined): PersistError =>
  new PersistError(
    "invalid_content",
    { entity: entityName, id: "", path: directory },
    `Cannot initialise the ${label} directory "${entityName}": ${directory} ` +
      `${kind === "symlink" ? "is a symbolic link, which the store never follows" : "is not a directory"}; make it a plain directory.`,
  );

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
