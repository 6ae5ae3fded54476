/**
 * The workload of issue #2, shared by every contestant so that they cannot drift apart: on the
 * first idle minute of each hour, propose a long with take profit = previous minute's close × 1.01,
 * stop loss = × 0.99 and a lifetime of 240 minutes, under the default config.
 */

export const SYMBOL = "BTCUSDT";
export const STRATEGY_NAME = "hourly-long";
export const TAKE_PROFIT_FACTOR = 1.01;
export const STOP_LOSS_FACTOR = 0.99;
export const LIFETIME_MINUTES = 240;

/** Both ends inclusive, epoch ms (the same meaning as the library's backtest frame). */
export interface Frame {
  readonly startTime: number;
  readonly endTime: number;
}

export const frameOf = (startIso: string, endIso: string): Frame => ({
  startTime: Date.parse(startIso),
  endTime: Date.parse(endIso),
});

/**
 * The shipped year, trimmed so that a position opened near either end still has its 5 candles of
 * history and its 240 minutes of data (the series runs 2024-12-01T00:00Z … 2025-11-30T23:59Z).
 */
export const YEAR_FRAME = frameOf("2024-12-01T00:05:00Z", "2025-11-30T19:54:00Z");
