import type { Config } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";
import type { MilestoneState } from "../codec/milestones.js";
import { MINUTE_MS } from "../model/candle.js";
import { typicalPrice } from "../math/vwap.js";

/**
 * An open position's rules (SPEC §4, §5) compiled to numbers, so that judging a candle is a
 * handful of comparisons. The reducer judges with these functions and the batch fold finds its
 * eventful candles with the very same ones, so the rules exist once. The fold also uses the
 * shortcuts at the bottom (quiet band, corridor), each proven by a property never to call a
 * candle quiet that the exact rules would not.
 */

/** What a candle does to an open position; first match wins (SPEC §4). */
export const OpenVerdict = { Nothing: 0, FrameEnd: 1, Expired: 2, StopLoss: 3, TakeProfit: 4 } as const;
export type OpenVerdict = (typeof OpenVerdict)[keyof typeof OpenVerdict];

type WatchConfig = Pick<Config, "takeProfitTrigger" | "stopLossTrigger" | "avgPriceCandles">;

/** What the signal and the config fix for the whole life of the position. */
export interface PositionRules {
  readonly long: boolean;
  readonly entry: number;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly pendingAt: number;
  readonly lifetimeMs: number;
  readonly endDate: number;
  readonly stopLossByWick: boolean;
  readonly takeProfitByVwap: boolean;
  readonly profitSpan: number;
  readonly lossSpan: number;
  /** See `roundingMargin`. */
  readonly margin: number;
  readonly windowCandles: number;
}

/**
 * The rules aimed at the next milestones. Only this part changes when levels are recorded, so
 * the fold re-aims the position's rules on a crossing instead of compiling them again.
 */
export interface OpenWatch {
  readonly rules: PositionRules;
  /** Smallest configured level not yet reached on each side (Infinity when all are). */
  readonly nextProfitLevel: number;
  readonly nextLossLevel: number;
  /** A price strictly between these reaches no new level on either side (`isInsideQuietBand`). */
  readonly quietLow: number;
  readonly quietHigh: number;
  /** A VWAP strictly between these closes nothing and reaches no level; see `isInsideCorridor`. */
  readonly corridorLow: number;
  readonly corridorHigh: number;
}

export const compilePositionRules = (signal: SignalRow, endDate: number, config: WatchConfig): PositionRules => {
  const entry = signal.priceOpen;
  const profitSpan = Math.abs(signal.priceTakeProfit - entry);
  const lossSpan = Math.abs(signal.priceStopLoss - entry);
  return {
    long: signal.position === "long",
    entry,
    takeProfit: signal.priceTakeProfit,
    stopLoss: signal.priceStopLoss,
    pendingAt: signal.pendingAt,
    lifetimeMs: signal.minuteEstimatedTime * MINUTE_MS,
    endDate,
    stopLossByWick: config.stopLossTrigger === "wick",
    takeProfitByVwap: config.takeProfitTrigger === "vwap",
    profitSpan,
    lossSpan,
    margin: roundingMargin(entry, profitSpan, lossSpan, config.avgPriceCandles),
    windowCandles: config.avgPriceCandles,
  };
};

/**
 * How far the shortcuts stay from an exact threshold: 1e-9 of the position's price scale, plus
 * room for the rounding of a VWAP over `windowCandles` candles (each step can round by one ulp,
 * ~1.1e-16 relative). `progressAt` and a VWAP round by a few ulps of that scale, so a price on the
 * safe side of a shortcut's threshold is certain to be on the safe side of the exact rule too.
 */
const roundingMargin = (entry: number, profitSpan: number, lossSpan: number, windowCandles: number): number =>
  (Math.abs(entry) + profitSpan + lossSpan) * (1e-9 + windowCandles * 1e-15);

/** Prices and volumes within this range keep every product and sum of a VWAP normal and finite. */
const PLAIN_MAGNITUDE = { min: 1e-150, max: 1e150 } as const;
const MAX_CORRIDOR_WINDOW = 1_000_000;

/**
 * Aims the rules at the next unreached level on each side. The level gates are the prices of
 * those levels moved toward the entry by the margin; the corridor is TP, SL and the gates
 * narrowed by the margin again (TP and SL lie on opposite sides of the entry, so a VWAP inside
 * reaches neither). Outside plain magnitudes, where a VWAP could underflow or overflow, the
 * corridor is empty and the exact rules decide every candle.
 */
export const aimAtLevels = (rules: PositionRules, reached: MilestoneState, levels: ReadonlyArray<number>): OpenWatch => {
  const { long, entry, margin } = rules;
  const nextProfitLevel = firstUnreached(levels, reached.profitLevels);
  const nextLossLevel = firstUnreached(levels, reached.lossLevels);
  const towardProfit = (rules.profitSpan * nextProfitLevel) / 100 - margin;
  const towardLoss = (rules.lossSpan * nextLossLevel) / 100 - margin;
  const quietLow = long ? entry - towardLoss : entry - towardProfit;
  const quietHigh = long ? entry + towardProfit : entry + towardLoss;
  const corridorLow = Math.max(long ? rules.stopLoss : rules.takeProfit, quietLow) + margin;
  const corridorHigh = Math.min(long ? rules.takeProfit : rules.stopLoss, quietHigh) - margin;
  const plain =
    corridorLow >= PLAIN_MAGNITUDE.min && corridorHigh <= PLAIN_MAGNITUDE.max && rules.windowCandles <= MAX_CORRIDOR_WINDOW;
  return {
    rules,
    nextProfitLevel,
    nextLossLevel,
    quietLow,
    quietHigh,
    corridorLow: plain ? corridorLow : Number.POSITIVE_INFINITY,
    corridorHigh: plain ? corridorHigh : Number.NEGATIVE_INFINITY,
  };
};

export const compileOpenWatch = (
  signal: SignalRow,
  reached: MilestoneState,
  levels: ReadonlyArray<number>,
  endDate: number,
  config: WatchConfig,
): OpenWatch => aimAtLevels(compilePositionRules(signal, endDate, config), reached, levels);

const firstUnreached = (levels: ReadonlyArray<number>, reached: ReadonlySet<number>): number => {
  for (const level of levels) if (!reached.has(level)) return level;
  return Number.POSITIVE_INFINITY;
};

/** What a candle does to an open position; first match wins (SPEC §4). */
export const judgeOpen = (r: PositionRules, time: number, low: number, high: number, vwap: number): OpenVerdict => {
  if (time > r.endDate) return OpenVerdict.FrameEnd;
  if (time - r.pendingAt >= r.lifetimeMs) return OpenVerdict.Expired;
  const slPrice = r.stopLossByWick ? (r.long ? low : high) : vwap;
  if (r.long ? slPrice <= r.stopLoss : slPrice >= r.stopLoss) return OpenVerdict.StopLoss;
  const tpPrice = r.takeProfitByVwap ? vwap : r.long ? high : low;
  if (r.long ? tpPrice >= r.takeProfit : tpPrice <= r.takeProfit) return OpenVerdict.TakeProfit;
  return OpenVerdict.Nothing;
};

/**
 * Signed progress at `price` (SPEC §5): > 0 is the percent of the way from entry to take profit,
 * < 0 the percent of the way to stop loss, clamped to 100; 0 exactly at the entry. One number
 * instead of an object keeps the per-candle path free of allocations.
 */
export const progressAt = (r: PositionRules, price: number): number => {
  if (r.long ? price > r.entry : price < r.entry) return Math.min((Math.abs(price - r.entry) / r.profitSpan) * 100, 100);
  if (r.long ? price < r.entry : price > r.entry) return -Math.min((Math.abs(price - r.entry) / r.lossSpan) * 100, 100);
  return 0;
};

/** True when `progress` reaches a level not yet recorded on its side. */
export const reachesNewLevel = (w: OpenWatch, progress: number): boolean =>
  progress > 0 ? progress >= w.nextProfitLevel : progress < 0 ? -progress >= w.nextLossLevel : false;

/** True when a candle's progress goes to the strategy's onPartialProfit/onPartialLoss callbacks: any progress, when it has them. */
export const reportsProgress = (progressCallbacks: boolean, progress: number): boolean => progressCallbacks && progress !== 0;

/** True while `time` ends the position neither by frame end nor by lifetime (`judgeOpen`'s first two rules). */
export const isWithinTime = (r: PositionRules, time: number): boolean => time <= r.endDate && time - r.pendingAt < r.lifetimeMs;

/**
 * True when a tick at these numbers leaves the open position as it is, with no effect: it closes
 * nothing (`judgeOpen`), goes to no progress callback and reaches no new level, exactly as
 * `stepOpenCandle` decides; the quiet band spares `progressAt` away from the levels when no
 * callback wants every progress.
 */
export const isQuietOpenTick = (w: OpenWatch, progressCallbacks: boolean, time: number, low: number, high: number, price: number): boolean => {
  if (judgeOpen(w.rules, time, low, high, price) !== OpenVerdict.Nothing) return false;
  if (!progressCallbacks && isInsideQuietBand(w, price)) return true;
  const progress = progressAt(w.rules, price);
  return !reportsProgress(progressCallbacks, progress) && !reachesNewLevel(w, progress);
};

/** True when `price` is certain to reach no new level (the fold's pre-filter for `reachesNewLevel`). */
export const isInsideQuietBand = (w: OpenWatch, price: number): boolean => price > w.quietLow && price < w.quietHigh;

/**
 * True when a candle cannot move a VWAP window it belongs to out of the watch's corridor. A VWAP
 * is a weighted mean of typical prices (`typicalPrice`) over the candles with volume, or the mean
 * close when the window has none, so if every candle of a window passes, its VWAP lies inside
 * the corridor too (the margin covers rounding). The typical price is computed exactly as the
 * VWAP computes it. A volume too tiny or huge for its products to stay normal (a subnormal volume
 * can round a VWAP to 0) fails.
 */
export const isInsideCorridor = (w: OpenWatch, low: number, high: number, close: number, volume: number): boolean => {
  if (volume === 0) return close > w.corridorLow && close < w.corridorHigh;
  const typical = typicalPrice(high, low, close);
  return typical > w.corridorLow && typical < w.corridorHigh && volume >= PLAIN_MAGNITUDE.min && volume <= PLAIN_MAGNITUDE.max;
};

/** True when neither wick reaches take profit or stop loss, so no wick trigger can fire. */
export const isClearOfWicks = (r: PositionRules, low: number, high: number): boolean =>
  r.long ? low > r.stopLoss && high < r.takeProfit : high < r.stopLoss && low > r.takeProfit;
