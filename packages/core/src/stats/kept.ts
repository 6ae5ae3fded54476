/**
 * The newest `limit` items of a stream, for report tables (statistics never read it). Items are
 * appended; the array is trimmed only once it holds twice the limit, so adding is amortised O(1)
 * and never copies 250 items per event.
 */
export interface Kept<T> {
  readonly limit: number;
  /** Oldest first; may hold up to 2·limit items, of which the last `limit` count. */
  items: T[];
}

export const emptyKept = <T>(limit: number): Kept<T> => {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`Report event limit = ${String(limit)} must be a positive whole number`);
  }
  return { limit, items: [] };
};

export const keep = <T>(kept: Kept<T>, item: T): void => {
  kept.items.push(item);
  if (kept.items.length >= 2 * kept.limit) kept.items.splice(0, kept.items.length - kept.limit);
};

/** The kept items, newest first (as backtest-kit lists them). */
export const keptNewestFirst = <T>(kept: Kept<T>): T[] => kept.items.slice(-kept.limit).reverse();

/** The newest items of `a` followed by `b`, with `a`'s limit. */
export const mergeKept = <T>(a: Kept<T>, b: Kept<T>): Kept<T> => {
  const items = [...a.items.slice(-a.limit), ...b.items.slice(-a.limit)].slice(-a.limit);
  return { limit: a.limit, items };
};
