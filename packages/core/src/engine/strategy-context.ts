import type { Candle } from "../model/candle.js";
import { MINUTE_MS } from "../model/candle.js";
import { indexAtOrAfter, type CandleSeries } from "../series/candle-series.js";

/** Candle intervals a strategy may read history in; built from the exchange's 1-minute candles. */
export const CANDLE_INTERVALS = {
  "1m": 1,
  "3m": 3,
  "5m": 5,
  "15m": 15,
  "30m": 30,
  "1h": 60,
  "2h": 120,
  "4h": 240,
  "6h": 360,
  "8h": 480,
  "12h": 720,
  "1d": 1440,
} as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/**
 * What a strategy sees when it is asked for a signal: the tick, and the market's history strictly
 * before it. There is no way to reach a candle at or after `when` through it: the look-ahead a
 * backtest must not have is not expressible.
 */
export interface StrategyContext {
  readonly symbol: string;
  readonly strategyName: string;
  readonly exchangeName: string;
  readonly when: number;
  readonly backtest: boolean;
  /**
   * The `limit` newest candles of `interval` that closed before `when`, oldest first. Coarser
   * intervals aggregate the 1-minute candles in UTC-aligned buckets (a bucket that has not closed
   * by `when` is left out); minutes missing from the data are missing from the bucket too.
   */
  readonly getCandles: (interval: CandleInterval, limit: number) => Candle[];
}

export class HistoryRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryRequestError";
  }
}

const intervalMinutes = (interval: unknown): number => {
  const minutes = (CANDLE_INTERVALS as Record<string, number>)[String(interval)];
  if (typeof interval !== "string" || minutes === undefined) {
    throw new HistoryRequestError(`getCandles: interval = ${JSON.stringify(interval)} is not one of ${Object.keys(CANDLE_INTERVALS).join(", ")}`);
  }
  return minutes;
};

/** The candles of `series` that closed before `when`, aggregated to `interval`, newest `limit` of them. */
export const candlesBefore = (series: CandleSeries, when: number, interval: CandleInterval, limit: number): Candle[] => {
  const size = intervalMinutes(interval) * MINUTE_MS;
  if (!Number.isInteger(limit) || limit <= 0) throw new HistoryRequestError(`getCandles: limit = ${String(limit)} must be a whole number > 0`);
  // Only buckets that end by `when` have closed; for 1m that is every candle opening ≤ when − 1 min.
  const closedBefore = Math.floor(when / size) * size;
  const out: Candle[] = [];
  let j = indexAtOrAfter(series, closedBefore) - 1;
  while (j >= 0 && out.length < limit) {
    const bucket = Math.floor(series.timestamp[j]! / size) * size;
    let high = series.high[j]!;
    let low = series.low[j]!;
    let volume = series.volume[j]!;
    const close = series.close[j]!;
    let first = j;
    while (first > 0 && series.timestamp[first - 1]! >= bucket) {
      first--;
      high = Math.max(high, series.high[first]!);
      low = Math.min(low, series.low[first]!);
      volume += series.volume[first]!;
    }
    out.push({ timestamp: bucket, open: series.open[first]!, high, low, close, volume });
    j = first - 1;
  }
  return out.reverse();
};

/** A backtest's view at `when`: history from the loaded 1-minute series, strictly before the tick. */
class BacktestContext implements StrategyContext {
  readonly backtest = true;
  constructor(
    private readonly series: CandleSeries,
    readonly symbol: string,
    readonly strategyName: string,
    readonly exchangeName: string,
    readonly when: number,
  ) {}

  readonly getCandles = (interval: CandleInterval, limit: number): Candle[] => candlesBefore(this.series, this.when, interval, limit);
}

export const backtestContext = (
  series: CandleSeries,
  names: { readonly symbol: string; readonly strategyName: string; readonly exchangeName: string },
  when: number,
): StrategyContext => new BacktestContext(series, names.symbol, names.strategyName, names.exchangeName, when);
