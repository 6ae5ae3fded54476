import {
  ConfigError,
  MINUTE_MS,
  STRATEGY_INTERVALS,
  indexAtOrAfter,
  validateConfig,
  type CandleSeries,
  type LifecycleParams,
  type LifecycleState,
} from "@tickfold/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { YEAR_OF_BTC, loadCandles } from "../lib/load-candles.js";
import { cutWhen, recordReplay, type Recording } from "./record.js";
import { quarterlyRefusingRisk, rotatingStrategy } from "./strategy.js";

/**
 * The run every embedding demo replays: three days of real BTCUSDT minutes, the rotating strategy
 * asked every 15 minutes, a risk desk that sometimes refuses, and a user stop on the third day.
 */
export const EMBED_SCENARIO = {
  symbol: "BTCUSDT",
  strategyName: "rotating",
  exchangeName: "binance",
  interval: "15m",
  frame: { startDate: Date.parse("2025-03-03T00:00:00Z"), endDate: Date.parse("2025-03-06T00:00:00Z") },
  /** While a limit order placed at 16:54 waits: the stop cancels it with reason "user" and ends the run. */
  stopAt: Date.parse("2025-03-05T17:00:00Z"),
  /** A short schedule wait and a small minimum stop distance make timeouts and price rejects happen within days. */
  config: { scheduleAwaitMinutes: 60, minStopLossDistancePercent: 0.1 },
} as const;

const INTERVAL_MS = STRATEGY_INTERVALS[EMBED_SCENARIO.interval] * MINUTE_MS;

/** The strategy and risk desk of the scenario, answering the way `runBacktest` asks too. */
export const embedAnswers = { proposal: rotatingStrategy(INTERVAL_MS), risk: quarterlyRefusingRisk };

export const recordEmbedScenario = (series: CandleSeries = loadCandles(YEAR_OF_BTC)): Recording => {
  const config = validateConfig(EMBED_SCENARIO.config);
  if (isLeft(config)) throw new ConfigError(config.left);
  const params: LifecycleParams = {
    symbol: EMBED_SCENARIO.symbol,
    strategyName: EMBED_SCENARIO.strategyName,
    exchangeName: EMBED_SCENARIO.exchangeName,
    backtest: true,
    config: config.right,
    intervalMs: INTERVAL_MS,
    endDate: EMBED_SCENARIO.frame.endDate,
    riskNames: ["desk"],
    progressCallbacks: false,
  };
  return recordReplay({
    series,
    startIndex: indexAtOrAfter(series, EMBED_SCENARIO.frame.startDate),
    params,
    answers: embedAnswers,
    stopAt: EMBED_SCENARIO.stopAt,
  });
};

/** An open position that has passed milestones on both sides: the richest state to serialise. */
const openWithMilestonesOnBothSides = (state: LifecycleState): boolean =>
  state.phase === "open" && state.milestones.reached.profitLevels.size > 0 && state.milestones.reached.lossLevels.size > 0;

/**
 * The streams every runtime replays: the whole recording (ends stopped and idle) and the same
 * recording cut in the middle of a position, so the comparison covers a rich final state too.
 */
export const embedStreams = (series?: CandleSeries): Recording[] => {
  const whole = recordEmbedScenario(series);
  return [whole, cutWhen(whole, openWithMilestonesOnBothSides)];
};
