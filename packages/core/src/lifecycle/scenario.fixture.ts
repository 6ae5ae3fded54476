import { MINUTE_MS, type Candle } from "../model/candle.js";
import { candleSeries, type CandleSeries } from "../series/candle-series.js";
import { runBacktestSync, type BacktestResult, type BacktestSetup } from "../backtest/run.js";

/**
 * Hand-built markets for example tests. With `avgPriceCandles: 1` a candle's VWAP is its own
 * typical price, so every price a test asserts can be read straight off the candle list.
 */
export const T0 = Date.UTC(2025, 0, 1, 0, 0);
export const minute = (i: number): number => T0 + i * MINUTE_MS;

/** A candle whose typical price is `price`, with optional wicks (close is solved for). */
export const bar = (price: number, wicks: { low?: number; high?: number } = {}): Omit<Candle, "timestamp"> => {
  if (wicks.low === undefined && wicks.high === undefined) return { open: price, high: price, low: price, close: price, volume: 1 };
  const low = wicks.low ?? price;
  const high = wicks.high ?? price;
  const close = 3 * price - high - low;
  if (close < low || close > high) throw new Error(`bar(${price}): wicks ${low}..${high} cannot have typical price ${price}`);
  return { open: close, high, low, close, volume: 1 };
};

export const market = (bars: ReadonlyArray<Omit<Candle, "timestamp">>): CandleSeries =>
  candleSeries(bars.map((b, i) => ({ ...b, timestamp: minute(i) })));

/** `n` flat candles at `price`. */
export const flat = (n: number, price: number) => Array.from({ length: n }, () => bar(price));

export interface Probe {
  readonly result: BacktestResult;
  /** Minute indexes at which the strategy was asked. */
  readonly asked: number[];
  /** `action@minute` / `profit10@minute` / `rejected@minute` lines, in order. */
  readonly story: string[];
}

/** Runs a backtest from minute 1 (minute 0 is history) and summarises what happened. */
export const probe = (
  bars: ReadonlyArray<Omit<Candle, "timestamp">>,
  answer: (minuteIndex: number, price: number) => unknown,
  setup: Partial<BacktestSetup> & { lastMinute?: number } = {},
): Probe => {
  const asked: number[] = [];
  const { lastMinute, ...rest } = setup;
  const result = runBacktestSync(market(bars), {
    symbol: "TEST",
    strategyName: "example",
    interval: "1m",
    frame: { startDate: minute(1), endDate: minute(lastMinute ?? bars.length - 1) },
    config: { avgPriceCandles: 1, ...rest.config },
    getSignal: (_s, when, price) => {
      const i = (when - T0) / MINUTE_MS;
      asked.push(i);
      return answer(i, price);
    },
    ...rest,
  });
  const at = (time: number) => (time - T0) / MINUTE_MS;
  const story = result.emitted.map((e) => {
    switch (e.topic) {
      case "signal":
        return `${e.event.action}${"closeReason" in e.event ? ":" + e.event.closeReason : ""}${"reason" in e.event ? ":" + e.event.reason : ""}@${at(e.event.timestamp)}`;
      case "partialProfit":
        return `profit${e.event.level}@${at(e.event.timestamp)}`;
      case "partialLoss":
        return `loss${e.event.level}@${at(e.event.timestamp)}`;
      case "validation":
        return `rejected@${at(e.event.timestamp ?? 0)}`;
      case "risk":
        return `risk@${at(e.event.timestamp)}`;
    }
  });
  return { result, asked, story };
};

export const signalEvents = (result: BacktestResult) =>
  result.emitted.flatMap((e) => (e.topic === "signal" ? [e.event] : []));

export const long = (tp: number, sl: number, extra: Record<string, unknown> = {}) => ({
  position: "long",
  priceTakeProfit: tp,
  priceStopLoss: sl,
  minuteEstimatedTime: 60,
  ...extra,
});
export const short = (tp: number, sl: number, extra: Record<string, unknown> = {}) => ({ ...long(tp, sl, extra), position: "short" });
