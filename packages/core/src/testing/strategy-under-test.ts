import { STRATEGY_INTERVALS, type GetSignal, type StrategyInterval } from "../backtest/run.js";
import type { CandleSeries } from "../series/candle-series.js";

/**
 * The strategy shapes `checkStrategy` accepts. The object form is the one the engine registers
 * (`addStrategy({ strategyName, interval, getSignal })`); a bare `getSignal` is the same with the
 * defaults. A strategy that reads past candles or keeps state between calls gives `forMarket`
 * instead, which builds a fresh `getSignal` for each market, so every run (and every replay
 * while shrinking) starts from the same state.
 */
export interface StrategyDefinition {
  readonly strategyName?: string;
  /** How often the strategy is asked (aligned buckets); default "1m", every minute. */
  readonly interval?: StrategyInterval;
  readonly getSignal: GetSignal;
}

export interface StrategyFactory {
  readonly strategyName?: string;
  readonly interval?: StrategyInterval;
  /** Called once per market with its candles; the strategy must read only those before `when`. */
  readonly forMarket: (candles: CandleSeries) => GetSignal;
}

export type StrategyUnderTest = GetSignal | StrategyDefinition | StrategyFactory;

/** A strategy reduced to what one run needs. */
export interface ResolvedStrategy {
  readonly strategyName: string;
  readonly interval: StrategyInterval;
  readonly signalFor: (candles: CandleSeries) => GetSignal;
}

const DEFAULT_NAME = "strategy";

/** Checks the shape once, up front, so a mistake is one sentence instead of a failing market. */
export const resolveStrategy = (strategy: StrategyUnderTest): ResolvedStrategy => {
  if (typeof strategy === "function") return { strategyName: DEFAULT_NAME, interval: "1m", signalFor: () => strategy };
  if (strategy === null || typeof strategy !== "object") {
    throw new Error(`checkStrategy: strategy = ${String(strategy)} must be a getSignal function or an object with getSignal or forMarket`);
  }
  const strategyName = strategy.strategyName ?? DEFAULT_NAME;
  if (typeof strategyName !== "string" || strategyName === "") {
    throw new Error(`checkStrategy: strategyName = ${JSON.stringify(strategyName)} must be a non-empty string`);
  }
  const interval = strategy.interval ?? "1m";
  if (!Object.hasOwn(STRATEGY_INTERVALS, interval)) {
    throw new Error(`checkStrategy: interval = ${JSON.stringify(interval)} is not one of ${Object.keys(STRATEGY_INTERVALS).join(", ")}`);
  }
  if ("forMarket" in strategy && typeof strategy.forMarket === "function") {
    const forMarket = strategy.forMarket;
    return { strategyName, interval, signalFor: (candles) => forMarket(candles) };
  }
  if ("getSignal" in strategy && typeof strategy.getSignal === "function") {
    const getSignal = strategy.getSignal;
    return { strategyName, interval, signalFor: () => getSignal };
  }
  throw new Error(`checkStrategy: strategy "${strategyName}" has neither a getSignal nor a forMarket function`);
};
