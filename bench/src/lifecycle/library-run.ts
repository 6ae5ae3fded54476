import { indexAtOrAfter, runBacktestSync, type BacktestResult, type CandleSeries, type GetSignal } from "@tickfold/core";
import type { Outcomes } from "./outcomes.js";
import { LIFETIME_MINUTES, STOP_LOSS_FACTOR, STRATEGY_NAME, SYMBOL, TAKE_PROFIT_FACTOR, type Frame } from "./workload.js";

export type Driver = "fold" | "step";

/**
 * The workload's strategy for the library. The library hands over the tick time, not an index, so
 * the previous minute is found by binary search: a few dozen comparisons once an hour, noise
 * next to the run, and no precomputed table whose cost would hide outside the timing.
 */
export const hourlyLong =
  (series: CandleSeries): GetSignal =>
  (_symbol, when) => {
    const previousClose = series.close[indexAtOrAfter(series, when) - 1]!;
    return {
      position: "long",
      priceTakeProfit: previousClose * TAKE_PROFIT_FACTOR,
      priceStopLoss: previousClose * STOP_LOSS_FACTOR,
      minuteEstimatedTime: LIFETIME_MINUTES,
    };
  };

/** Counts the outcomes from the emitted events, the way a user of the library would see them. */
export const outcomesOf = (result: BacktestResult): Outcomes => {
  let takeProfit = 0;
  let stopLoss = 0;
  let timeExpired = 0;
  let rejected = 0;
  let sumPnl = 0;
  let milestones = 0;
  for (const effect of result.emitted) {
    if (effect.topic === "validation") rejected++;
    if (effect.topic === "partialProfit" || effect.topic === "partialLoss") milestones++;
    if (effect.topic !== "signal" || effect.event.action !== "closed") continue;
    const { closeReason, pnl } = effect.event;
    switch (closeReason) {
      case "take_profit":
        takeProfit++;
        break;
      case "stop_loss":
        stopLoss++;
        break;
      case "time_expired":
        timeExpired++;
        break;
    }
    sumPnl += pnl.pnlPercentage;
  }
  return { candles: result.candles, closed: takeProfit + stopLoss + timeExpired, takeProfit, stopLoss, timeExpired, rejected, sumPnl, milestones };
};

const setupOf = (series: CandleSeries, frame: Frame, driver: Driver) => ({
  symbol: SYMBOL,
  strategyName: STRATEGY_NAME,
  interval: "1h" as const,
  frame: { startDate: frame.startTime, endDate: frame.endTime },
  getSignal: hourlyLong(series),
  driver,
});

/** Runs the workload through `runBacktestSync` with the given driver and default config. */
export const runLibrary = (series: CandleSeries, frame: Frame, driver: Driver): Outcomes => outcomesOf(runBacktestSync(series, setupOf(series, frame, driver)));

/**
 * Every effect of one untimed run of the workload, and how many of them are durable records
 * (`commit` effects, the outbox unit a live step builds): a backtest must build none.
 */
export const durableRecordsOf = (series: CandleSeries, frame: Frame, driver: Driver): { effects: number; commits: number } => {
  let effects = 0;
  let commits = 0;
  runBacktestSync(series, {
    ...setupOf(series, frame, driver),
    onEffect: (effect) => {
      effects++;
      if (effect.type === "commit") commits++;
    },
  });
  return { effects, commits };
};
