import { join } from "node:path";
import { PersistError } from "../errors/persist-error.js";
import type { FileSystem } from "../fs/file-system.js";
import { encodeName, idOfFileName } from "../store/entity-id.js";
import { MAX_FILE_BYTES } from "../store/serialise.js";
import { legacyPairEntity, PAIR_DOMAINS, pairEntity, type Pair } from "./layout.js";

/**
 * Versions before the one-to-one pair mapping named a pair's folders `{symbol}_{strategyName}`.
 * Where the two mappings differ, an upgrade could go wrong in two ways, and a pair is refused in
 * either case until someone moves the files:
 * - its own folder holds another pair's files: (BTC_USDT, trend) wrote into `BTC_USDT_trend`,
 *   which is now (BTC, USDT_trend)'s; opening it would set those files aside as foreign, and its
 *   recovery would release the other pair's risk slot;
 * - its files are still in its old folder: (BTC_USDT, trend) now lives in `BTC%5FUSDT_trend`, and
 *   opening that would silently miss an open position still recorded in `BTC_USDT_trend`.
 * Which pair a partial file belongs to cannot be told, so the message names it to move by hand.
 *
 * The files say whose they are: a signal or schedule file is named after its symbol, an outbox
 * record names its pair inside. Checked once per pair and file system, and only for pairs whose
 * names are not ordinary (a `_` or `%` in the symbol, a `_` in the strategy): an ordinary pair's
 * folder name is the same under both mappings and no other pair's old name.
 */
export const checkLegacyLayout = (fs: FileSystem, baseDir: string, pair: Pair): Promise<void> => {
  const current = pairEntity(pair);
  const legacy = legacyPairEntity(pair);
  if (legacy === current && legacy.indexOf("_") === legacy.lastIndexOf("_")) return Promise.resolve();
  let checked = checkedByFs.get(fs);
  if (checked === undefined) checkedByFs.set(fs, (checked = new Map()));
  const key = join(baseDir, encodeName("entity name", current));
  let check = checked.get(key);
  if (check === undefined) {
    check = findMisplaced(fs, baseDir, pair, current, legacy);
    check.catch(() => checked.delete(key));
    checked.set(key, check);
  }
  return check.then((problem) => {
    if (problem !== undefined) throw misplacedFiles(baseDir, pair, problem);
  });
};

const checkedByFs = new WeakMap<FileSystem, Map<string, Promise<Misplaced | undefined>>>();

interface FileOwner {
  readonly path: string;
  /** The pair the file belongs to; the strategy is unknown for a signal or schedule file. */
  readonly symbol: string;
  readonly strategyName: string | undefined;
}

/** Files found in `folder` (an entity name), each with the pair whose folders it belongs in. */
interface Misplaced {
  readonly folder: string;
  readonly files: ReadonlyArray<{ readonly path: string; readonly owner: Pair }>;
}

const findMisplaced = async (fs: FileSystem, baseDir: string, pair: Pair, current: string, legacy: string): Promise<Misplaced | undefined> => {
  const isMine = (file: FileOwner): boolean => file.symbol === pair.symbol && (file.strategyName ?? pair.strategyName) === pair.strategyName;
  // Another pair's old files in this pair's folder: a pair whose old folder name `{symbol}_{strategy}`
  // is this folder's name (for a signal or schedule file, the strategy is what follows its symbol).
  // Anything else that does not belong here is left to init, which sets it aside.
  const foreign = (await filesIn(fs, baseDir, current)).flatMap((file) => {
    if (isMine(file)) return [];
    const owner = { symbol: file.symbol, strategyName: file.strategyName ?? current.slice(file.symbol.length + 1) };
    return legacyPairEntity(owner) === current ? [{ path: file.path, owner }] : [];
  });
  if (foreign.length > 0) return { folder: current, files: foreign };
  // This pair's own files, left in the folder an earlier version gave it.
  if (legacy !== current) {
    const mine = (await filesIn(fs, baseDir, legacy)).filter(isMine);
    if (mine.length > 0) return { folder: legacy, files: mine.map((file) => ({ path: file.path, owner: pair })) };
  }
  return undefined;
};

/** The signal, schedule and outbox files in the folders of entity name `entity`, with the pair each names. */
const filesIn = async (fs: FileSystem, baseDir: string, entity: string): Promise<FileOwner[]> => {
  const files: FileOwner[] = [];
  for (const domain of PAIR_DOMAINS) {
    if (domain === "partial") continue;
    const dir = join(baseDir, domain, encodeName("entity name", entity));
    if ((await fs.kindOf(dir)) !== "directory") continue;
    for (const name of (await fs.readdir(dir)).sort()) {
      const id = idOfFileName(name);
      if (id === undefined || fs.isTempFile(name)) continue;
      const path = join(dir, name);
      const owner = domain === "outbox" ? await recordPair(fs, path) : { symbol: id, strategyName: undefined };
      if (owner !== undefined) files.push({ path, ...owner });
    }
  }
  return files;
};

/** The pair an outbox record names; undefined when it cannot be read as a record (init reports it). */
const recordPair = async (fs: FileSystem, path: string): Promise<{ symbol: string; strategyName: string } | undefined> => {
  if ((await fs.kindOf(path)) !== "file") return undefined;
  try {
    const record = JSON.parse(new TextDecoder().decode(await fs.readFile(path, MAX_FILE_BYTES))) as { symbol?: unknown; strategyName?: unknown };
    return typeof record.symbol === "string" && typeof record.strategyName === "string" ? { symbol: record.symbol, strategyName: record.strategyName } : undefined;
  } catch {
    return undefined;
  }
};

const misplacedFiles = (baseDir: string, pair: Pair, { folder, files }: Misplaced): PersistError => {
  const owners = new Map<string, { owner: Pair; paths: string[] }>();
  for (const { path, owner } of files) {
    const key = pairEntity(owner);
    const entry = owners.get(key) ?? { owner, paths: [] };
    entry.paths.push(path);
    owners.set(key, entry);
  }
  const name = (owner: Pair): string => `${owner.symbol}/${owner.strategyName}`;
  const groups = [...owners.values()];
  return new PersistError(
    "invalid_content",
    { entity: folder, id: "", path: files[0]!.path },
    `Cannot open ${name(pair)}: the folders "${encodeName("entity name", folder)}" under ${baseDir} were written by an earlier version ` +
      `that named folders {symbol}_{strategyName}, and they hold files of ${groups.map(({ owner, paths }) => `${name(owner)} (${paths.join(", ")})`).join(" and ")}. ` +
      groups.map(({ owner }) => `Move the files of ${name(owner)} into the folders named "${encodeName("entity name", pairEntity(owner))}"`).join("; ") +
      ` (and levels.json in partial/, which cannot be told apart), then start again; nothing was read or changed.`,
  );
};
