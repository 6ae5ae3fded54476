/**
 * SPEC §9: a statistic that is undefined is `null`, never NaN, ±Infinity or a made-up 0.
 * backtest-kit reports 0 for some of these (Sharpe with zero spread, certainty without losses,
 * live statistics without closes); we do not. `+ 0` turns -0 into 0: a sum of zero PnLs is -0 or
 * 0 depending on the order it was added in (merged parts and the whole disagreed in a property
 * run), and a report would print "-0.00 %".
 */
export const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value + 0 : null);

/** `numerator / denominator`, or null when the denominator is 0 or the result is not finite. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : finiteOrNull(numerator / denominator);

/** Applies `f` to a value that may be null. */
export const mapNull = <T>(value: number | null, f: (value: number) => T): T | null => (value === null ? null : f(value));

export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365;
