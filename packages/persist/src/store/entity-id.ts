/** An id inside an entity: one file `{id}.json`. Numbers are accepted and stored as their text. */
export type EntityId = string | number;

const DATA_SUFFIX = ".json";

/**
 * Names become file names: characters that are unsafe in a path (a `/` in `BTC/USDT`, a NUL…) are
 * percent-encoded, so every name maps to exactly one file and back. Plain names such as `BTCUSDT`
 * or `BTCUSDT_trend-following` are unchanged.
 */
export const encodeName = (kind: "entity name" | "id", value: EntityId): string => {
  const text = String(value);
  if (text === "" || text === "." || text === "..") {
    throw new TypeError(`The ${kind} ${JSON.stringify(text)} cannot name a file; use a non-empty name other than "." and "..".`);
  }
  return encodeURIComponent(text);
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
