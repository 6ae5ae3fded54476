import type { GetSignal, StrategyInterval } from "../backtest/run.js";
import { formatIssue, zodIssues } from "../model/config.js";
import { StrategySchemaSchema, type GetSignalFn, type StrategySchema } from "../engine/schemas.js";
import { backtestContext } from "../engine/strategy-context.js";
import type { CandleSeries } from "../series/candle-series.js";

/**
 * What `checkStrategy` accepts: the very object you register with `addStrategy({ strategyName,
 * interval, getSignal })`, or just its `getSignal(symbol, when, currentPrice, context)` (named
 * "strategy", asked every minute). `getSignal` is called as the engine calls it: `when` a Date,
 * `context.getCandles(interval, limit)` the market's candles before `when`. The strategy's
 * callbacks and risk profiles are not run: the check is about its signals.
 */
export type StrategyUnderTest = GetSignalFn | StrategySchema;

/** A strategy reduced to what one run needs. */
export interface ResolvedStrategy {
  readonly strategyName: string;
  readonly interval: StrategyInterval;
  /** The reducers' `getSignal` (epoch ms) on one market, calling the strategy the engine's way. */
  readonly signalFor: (candles: CandleSeries, symbol: string) => GetSignal;
}

const DEFAULT_NAME = "strategy";

/** Checks the shape once, up front, with the engine's own schema: a mistake is one sentence, not a failing market. */
export const resolveStrategy = (strategy: StrategyUnderTest): ResolvedStrategy => {
  const schema = typeof strategy === "function" ? { strategyName: DEFAULT_NAME, interval: "1m" as const, getSignal: strategy } : strategy;
  const parsed = StrategySchemaSchema.safeParse(schema);
  if (!parsed.success) {
    throw new Error(`checkStrategy: ${zodIssues(parsed.error, schema).map(formatIssue).join("; ")}`);
  }
  const { strategyName, interval, getSignal } = parsed.data;
  return {
    strategyName,
    interval,
    signalFor: (candles, symbol) => {
      const names = { symbol, strategyName, exchangeName: "" };
      return (_symbol, when, currentPrice) => getSignal(symbol, new Date(when), currentPrice, backtestContext(candles, names, when));
    },
  };
};
