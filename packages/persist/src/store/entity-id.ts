import { PersistError } from "../errors/persist-error.js";

/** An id inside an entity: one file `{id}.json`. Numbers are accepted and stored as their text. */
export type EntityId = string | number;

const DATA_SUFFIX = ".json";

/**
 * Names become file names: characters that are unsafe in a path (a `/` in `BTC/USDT`, a NUL…) are
 * percent-encoded, so every name maps to exactly one file and back. Plain names such as `BTCUSDT`
 * or `BTCUSDT_trend-following` are unchanged.
 */
export const encodeName = (field: string, value: EntityId): string => encodeURIComponent(checkName(field, value));

/** A lone surrogate (half of a UTF-16 pair) has no UTF-8 form, so no file can be named with it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The text of a name that is about to name a file, or a PersistError `invalid_name` naming the
 * field (`symbol`, `strategyName`, `riskName`, `id`…) and the value.
 */
export const checkName = (field: string, value: EntityId): string => {
  const text = String(value);
  const refuse = (why: string): never => {
    throw new PersistError("invalid_name", { entity: "", id: "", path: "" }, `The ${field} ${JSON.stringify(text)} cannot name a file: ${why}.`);
  };
  if (text === "" || text === "." || text === "..") refuse('use a non-empty name other than "." and ".."');
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate !== null) {
    const unit = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    refuse(`it holds a lone surrogate (U+${unit}) at index ${surrogate.index}, which has no UTF-8 form`);
  }
  return text;
};

export const fileNameOf = (id: EntityId): string => `${encodeName("id", id)}${DATA_SUFFIX}`;

/** The id stored in a directory entry, or undefined when the entry is not a data file. */
export const idOfFileName = (name: string): string | undefined => {
  if (!name.endsWith(DATA_SUFFIX) || name.length === DATA_SUFFIX.length) return undefined;
  try {
    return decodeURIComponent(name.slice(0, -DATA_SUFFIX.length));
  } catch {
    return undefined;
  }
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Natural order as backtest-kit lists ids: `2` before `10`, case-insensitive. */
export const naturalOrder = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
