import { join } from "node:path";
import { PersistError } from "../errors/persist-error.js";
import type { FileSystem } from "../fs/file-system.js";
import { encodeName, idOfFileName } from "../store/entity-id.js";
import { MAX_FILE_BYTES } from "../store/serialise.js";
import { legacyPairEntity, PAIR_DOMAINS, pairEntity, type Pair } from "./layout.js";

/**
 * Versions before the one-to-one pair mapping named a pair's folders `{symbol}_{strategyName}`, so
 * (BTC_USDT, trend) and (BTC, USDT_trend) shared folders. The one-to-one mapping gives that folder
 * name to the pair whose symbol has no `_` (BTC, USDT_trend); a file of any other symbol in it was
 * written by an earlier version for the other pair. Which pair a partial file belongs to cannot be
 * told, so rather than guess (and set one pair's files aside, or release its risk slot) we refuse
 * to open either pair until someone moves the files.
 *
 * The files say whose they are: a signal or schedule file is named after its symbol, an outbox
 * record names its pair inside. Checked once per pair and file system, only for pairs whose old
 * folder name was ambiguous (a `_` in either name).
 */
export const checkLegacyLayout = (fs: FileSystem, baseDir: string, pair: Pair): Promise<void> => {
  const legacy = legacyPairEntity(pair);
  if (legacy.indexOf("_") === legacy.lastIndexOf("_")) return Promise.resolve();
  let checked = checkedByFs.get(fs);
  if (checked === undefined) checkedByFs.set(fs, (checked = new Map()));
  const key = join(baseDir, legacy);
  let check = checked.get(key);
  if (check === undefined) {
    check = findForeignFiles(fs, baseDir, legacy);
    check.catch(() => checked.delete(key));
    checked.set(key, check);
  }
  return check.then((foreign) => {
    if (foreign.length > 0) throw ambiguousLayout(baseDir, legacy, pair, foreign);
  });
};

const checkedByFs = new WeakMap<FileSystem, Map<string, Promise<ForeignFile[]>>>();

interface ForeignFile {
  readonly path: string;
  readonly symbol: string;
}

/** The symbol that owns a folder of this name under the one-to-one mapping: the text before the first `_`. */
const ownerSymbol = (legacy: string): string => legacy.slice(0, legacy.indexOf("_"));

const findForeignFiles = async (fs: FileSystem, baseDir: string, legacy: string): Promise<ForeignFile[]> => {
  const owner = ownerSymbol(legacy);
  const foreign: ForeignFile[] = [];
  for (const domain of PAIR_DOMAINS) {
    if (domain === "partial") continue;
    const dir = join(baseDir, domain, encodeName("entity name", legacy));
    if ((await fs.kindOf(dir)) !== "directory") continue;
    for (const name of (await fs.readdir(dir)).sort()) {
      const id = idOfFileName(name);
      if (id === undefined || fs.isTempFile(name)) continue;
      const path = join(dir, name);
      const symbol = domain === "outbox" ? await recordSymbol(fs, path) : id;
      if (symbol !== undefined && symbol !== owner) foreign.push({ path, symbol });
    }
  }
  return foreign;
};

/** The symbol an outbox record names; undefined when it cannot be read as a record (init reports it). */
const recordSymbol = async (fs: FileSystem, path: string): Promise<string | undefined> => {
  if ((await fs.kindOf(path)) !== "file") return undefined;
  try {
    const record = JSON.parse(new TextDecoder().decode(await fs.readFile(path, MAX_FILE_BYTES))) as { symbol?: unknown };
    return typeof record.symbol === "string" ? record.symbol : undefined;
  } catch {
    return undefined;
  }
};

const ambiguousLayout = (baseDir: string, legacy: string, pair: Pair, foreign: ReadonlyArray<ForeignFile>): PersistError => {
  const others = [...new Set(foreign.map((file) => file.symbol))];
  const first = foreign[0]!;
  const owner = ownerSymbol(legacy);
  const otherPair = { symbol: others[0]!, strategyName: legacy.slice(others[0]!.length + 1) };
  return new PersistError(
    "invalid_content",
    { entity: legacy, id: "", path: first.path },
    `Cannot open ${pair.symbol}/${pair.strategyName}: the folders "${legacy}" under ${baseDir} were written by an earlier version ` +
      `whose folder names cannot tell ${owner}/${legacy.slice(owner.length + 1)} from ${others.map((s) => `${s}/${legacy.slice(s.length + 1)}`).join(", ")}, ` +
      `and they hold files of ${others.join(", ")} (${foreign.map((file) => file.path).join(", ")}). ` +
      `Move the files of ${otherPair.symbol}/${otherPair.strategyName} into the folders named "${encodeName("entity name", pairEntity(otherPair))}" ` +
      `(and its levels.json in partial/, which cannot be told apart), then start again; nothing was read or changed.`,
  );
};
