import { constants, promises as fsp, unlinkSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { PersistError } from "../errors/persist-error.js";

/**
 * One writer per directory, across processes. A store's init removes temp files and sets files
 * aside, which is only safe when nobody else writes there, so the first init of a directory takes
 * this lock and the process keeps it until it exits.
 *
 * The lock is a folder `%writer-lock` (a name no entity can have: `%` is always encoded in entity
 * names) holding numbered claims `1.json`, `2.json`… each written whole to a temp file and then
 * hard-linked into place, which fails if the number is taken. The highest claim is the lock.
 * A claim whose process is dead (same host, no such pid) is stale: a newcomer takes the next
 * number. Two newcomers racing for a stale lock race for the same number, and `link` lets exactly
 * one win; nobody ever deletes a claim it did not judge stale, so a live lock cannot be removed by
 * a slow racer. After linking, a claimant checks no higher claim appeared meanwhile (it lost to a
 * process that saw an older stale claim) and withdraws if one did.
 */

export const LOCK_FOLDER = "%writer-lock";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

const held = new Map<string, Promise<string>>();
const me = (): LockHolder => ({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
const CLAIM = /^(\d+)\.json$/;
const ATTEMPTS = 20;

/** Takes the lock of `dir` for this process (at once when it already has it). */
export const acquireWriterLock = (dir: string): Promise<void> => {
  const key = resolve(dir);
  let claim = held.get(key);
  if (claim === undefined) {
    claim = claimLock(key);
    // A failed attempt is not cached: the holder may be gone next time.
    claim.catch(() => held.delete(key));
    held.set(key, claim);
  }
  return claim.then(() => undefined);
};

/**
 * Gives the lock of `dir` (or of every directory) back. For tools and tests that hand a directory
 * to another process; stores of this process must not write there afterwards.
 */
export const releaseWriterLocks = async (dir?: string): Promise<void> => {
  for (const [key, claim] of [...held]) {
    if (dir !== undefined && key !== resolve(dir)) continue;
    held.delete(key);
    const path = await claim.catch(() => undefined);
    if (path === undefined) continue;
    exitReleases.delete(path);
    await fsp.unlink(path).catch(() => undefined);
  }
};

const claimLock = async (dir: string): Promise<string> => {
  const folder = join(dir, LOCK_FOLDER);
  await fsp.mkdir(folder, { recursive: true });
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const top = (await claims(folder)).at(-1);
    if (top !== undefined) {
      const holder = await readHolder(join(folder, `${top}.json`));
      if (holder === "gone") continue;
      if (holder !== "stale" && isAlive(holder)) throw lockHeld(dir, holder, join(folder, `${top}.json`));
    }
    const mine = (top ?? 0) + 1;
    const path = join(folder, `${mine}.json`);
    if (!(await linkClaim(folder, path))) continue;
    if ((await claims(folder)).some((n) => n > mine)) {
      await fsp.unlink(path).catch(() => undefined);
      continue;
    }
    await syncDir(folder);
    await removeStale(folder, mine);
    registerExitRelease(path);
    return path;
  }
  throw new PersistError("locked", { entity: "", id: "", path: folder }, `Cannot take the writer lock of ${dir}: other processes kept claiming it (${ATTEMPTS} attempts); try again.`);
};

const claims = async (folder: string): Promise<number[]> =>
  (await fsp.readdir(folder))
    .map((name) => CLAIM.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);

/** A claim's holder; "stale" when it cannot be read as one (no live writer leaves it so), "gone" when removed meanwhile. */
const readHolder = async (path: string): Promise<LockHolder | "stale" | "gone"> => {
  let text: string;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.since === "string") {
      return { pid: value.pid, host: value.host, since: value.since };
    }
  } catch {
    // fall through
  }
  return "stale";
};

/** On this host a dead pid is certain; on another host nobody here can tell, so it counts as alive. */
const isAlive = (holder: LockHolder): boolean => {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false; // an earlier claim of ours that we gave back
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Writes our claim whole into a temp file, then links it to `path`; false when the number is taken. */
const linkClaim = async (folder: string, path: string): Promise<boolean> => {
  const temp = join(folder, `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    await handle.writeFile(JSON.stringify(me()));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
};

/** Lower claims are stale (or withdrawn); temp files of dead processes were never linked. */
const removeStale = async (folder: string, mine: number): Promise<void> => {
  for (const name of await fsp.readdir(folder)) {
    const claim = CLAIM.exec(name)?.[1];
    const temp = /^tmp-(\d+)-/.exec(name)?.[1];
    const stale = claim !== undefined ? Number(claim) < mine : temp !== undefined && !isAlive({ pid: Number(temp), host: hostname(), since: "" });
    if (stale) await fsp.unlink(join(folder, name)).catch(() => undefined);
  }
};

const syncDir = async (path: string): Promise<void> => {
  const handle = await fsp.open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const lockHeld = (dir: string, holder: LockHolder, path: string): PersistError =>
  new PersistError(
    "locked",
    { entity: "", id: "", path },
    `Cannot write to ${dir}: process ${holder.pid} on host ${holder.host} has been its writer since ${holder.since}, ` +
      `and only one process may write a directory. Stop that process first` +
      (holder.host === hostname() ? "." : `, or if host ${holder.host} no longer runs it, remove ${path}.`),
  );

/** A clean exit gives the lock back at once, so a later process never has to judge it stale. */
const exitReleases = new Set<string>();
let exitHookInstalled = false;
const registerExitRelease = (path: string): void => {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const claim of exitReleases) {
        try {
          unlinkSync(claim);
        } catch {
          // already gone: nothing to give back
        }
      }
    });
  }
  exitReleases.add(path);
};
