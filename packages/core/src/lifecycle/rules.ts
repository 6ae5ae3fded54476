import type { Config } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";
import type { MilestoneState } from "../codec/milestones.js";
import { MINUTE_MS } from "../model/candle.js";

/**
 * The SPEC §3–§4 decisions as allocation-free functions over plain numbers. The reducer uses them
 * to decide, and the batch fold uses the very same functions to find the candles where something
 * happens, so the rules exist exactly once.
 */

/** What a candle does to an open position; first match wins (SPEC §4). */
export const OpenVerdict = { Nothing: 0, FrameEnd: 1, Expired: 2, StopLoss: 3, TakeProfit: 4 } as const;
export type OpenVerdict = (typeof OpenVerdict)[keyof typeof OpenVerdict];

/** What a candle does to a scheduled signal, in the SPEC §3 order. */
export const ScheduledVerdict = { Nothing: 0, Timeout: 1, PriceReject: 2, Activate: 3 } as const;
export type ScheduledVerdict = (typeof ScheduledVerdict)[keyof typeof ScheduledVerdict];

type WatchConfig = Pick<Config, "takeProfitTrigger" | "stopLossTrigger" | "avgPriceCandles">;

/**
 * An open position's rules compiled to numbers once (SPEC §4, §5), so that judging a candle is a
 * handful of comparisons. The reducer compiles one per step; the batch fold keeps one for as long
 * as the state does not change. Both then judge with the same two functions below.
 */
export interface OpenWatch {
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
  /** Smallest configured level not yet reached on each side (Infinity when all are). */
  readonly nextProfitLevel: number;
  readonly nextLossLevel: number;
  /**
   * A price strictly between `quietLow` and `quietHigh` reaches no new level on either side (see
   * `levelGates`). Lets the batch fold skip `progressAt` on almost every candle.
   */
  readonly quietLow: number;
  readonly quietHigh: number;
  /**
   * A candle whose VWAP window lies wholly strictly between these prices is quiet (see
   * `isInsideCorridor`), so the fold need not compute its VWAP.
   */
  readonly corridorLow: number;
  readonly corridorHigh: number;
}

export const compileOpenWatch = (
  signal: SignalRow,
  reached: MilestoneState,
  levels: ReadonlyArray<number>,
  endDate: number,
  config: WatchConfig,
): OpenWatch => {
  const long = signal.position === "long";
  const entry = signal.priceOpen;
  const takeProfit = signal.priceTakeProfit;
  const stopLoss = signal.priceStopLoss;
  const profitSpan = Math.abs(takeProfit - entry);
  const lossSpan = Math.abs(stopLoss - entry);
  const nextProfitLevel = firstUnreached(levels, reached.profitLevels);
  const nextLossLevel = firstUnreached(levels, reached.lossLevels);
  const margin = roundingMargin(entry, profitSpan, lossSpan, config.avgPriceCandles);
  const [profitGate, lossGate] = levelGates(entry, profitSpan, lossSpan, nextProfitLevel, nextLossLevel, long, margin);
  const quietLow = long ? lossGate : profitGate;
  const quietHigh = long ? profitGate : lossGate;
  return {
    long,
    entry,
    takeProfit,
    stopLoss,
    pendingAt: signal.pendingAt,
    lifetimeMs: signal.minuteEstimatedTime * MINUTE_MS,
    endDate,
    stopLossByWick: config.stopLossTrigger === "wick",
    takeProfitByVwap: config.takeProfitTrigger === "vwap",
    profitSpan,
    lossSpan,
    nextProfitLevel,
    nextLossLevel,
    quietLow,
    quietHigh,
    ...corridor(long ? stopLoss : takeProfit, long ? takeProfit : stopLoss, quietLow, quietHigh, margin, config.avgPriceCandles),
  };
};

/** Prices and volumes within this range keep every product and sum of a VWAP normal and finite. */
const PLAIN_MAGNITUDE = { min: 1e-150, max: 1e150 } as const;
const MAX_CORRIDOR_WINDOW = 1_000_000;

/**
 * TP and SL are on opposite sides of the entry: whichever trigger is configured, a price that
 * reaches neither, nor an edge of the quiet band, closes nothing and records nothing. Outside
 * plain magnitudes (where a VWAP could underflow or overflow) the corridor is empty and the exact
 * rules decide every candle.
 */
const corridor = (
  below: number,
  above: number,
  quietLow: number,
  quietHigh: number,
  margin: number,
  windowCandles: number,
): { corridorLow: number; corridorHigh: number } => {
  const corridorLow = Math.max(below, quietLow) + margin;
  const corridorHigh = Math.min(above, quietHigh) - margin;
  const plain = corridorLow >= PLAIN_MAGNITUDE.min && corridorHigh <= PLAIN_MAGNITUDE.max && windowCandles <= MAX_CORRIDOR_WINDOW;
  return plain ? { corridorLow, corridorHigh } : { corridorLow: Number.POSITIVE_INFINITY, corridorHigh: Number.NEGATIVE_INFINITY };
};

/**
 * How far the shortcuts below stay from an exact threshold: 1e-9 of the position's price scale,
 * plus room for the rounding of a VWAP over `windowCandles` candles (each step can round by one
 * ulp, ~1.1e-16 relative). Computing `progressAt` or a VWAP rounds by a few ulps of that scale,
 * so a price on the safe side of a shortcut's threshold is certain to be on the safe side of the
 * exact rule too.
 */
const roundingMargin = (entry: number, profitSpan: number, lossSpan: number, windowCandles: number): number =>
  (Math.abs(entry) + profitSpan + lossSpan) * (1e-9 + windowCandles * 1e-15);

/**
 * The prices at which the next profit and loss levels are reached, each moved toward the entry by
 * `margin` (see `roundingMargin`): a price on the entry's side of a gate reaches no new level, so
 * only a price within the margin of a level (or past it) needs the exact `progressAt`.
 * Unreachable levels (Infinity) give ±Infinity.
 */
const levelGates = (
  entry: number,
  profitSpan: number,
  lossSpan: number,
  nextProfitLevel: number,
  nextLossLevel: number,
  long: boolean,
  margin: number,
): readonly [profitGate: number, lossGate: number] => {
  const towardProfit = (profitSpan * nextProfitLevel) / 100 - margin;
  const towardLoss = (lossSpan * nextLossLevel) / 100 - margin;
  return long ? [entry + towardProfit, entry - towardLoss] : [entry - towardProfit, entry + towardLoss];
};

const firstUnreached = (levels: ReadonlyArray<number>, reached: ReadonlySet<number>): number => {
  for (const level of levels) if (!reached.has(level)) return level;
  return Number.POSITIVE_INFINITY;
};

/** What a candle does to an open position; first match wins (SPEC §4). */
export const judgeOpen = (w: OpenWatch, time: number, low: number, high: number, vwap: number): OpenVerdict => {
  if (time > w.endDate) return OpenVerdict.FrameEnd;
  if (time - w.pendingAt >= w.lifetimeMs) return OpenVerdict.Expired;
  const slPrice = w.stopLossByWick ? (w.long ? low : high) : vwap;
  if (w.long ? slPrice <= w.stopLoss : slPrice >= w.stopLoss) return OpenVerdict.StopLoss;
  const tpPrice = w.takeProfitByVwap ? vwap : w.long ? high : low;
  if (w.long ? tpPrice >= w.takeProfit : tpPrice <= w.takeProfit) return OpenVerdict.TakeProfit;
  return OpenVerdict.Nothing;
};

/**
 * Signed progress at `price` (SPEC §5): > 0 is the percent of the way from entry to take profit,
 * < 0 the percent of the way to stop loss, clamped to 100; 0 exactly at the entry. One number
 * instead of an object keeps the per-candle path free of allocations.
 */
export const progressAt = (w: OpenWatch, price: number): number => {
  if (w.long ? price > w.entry : price < w.entry) return Math.min((Math.abs(price - w.entry) / w.profitSpan) * 100, 100);
  if (w.long ? price < w.entry : price > w.entry) return -Math.min((Math.abs(price - w.entry) / w.lossSpan) * 100, 100);
  return 0;
};

/** True while `time` ends the position neither by frame end nor by lifetime (`judgeOpen`'s first two rules). */
export const isWithinTime = (w: OpenWatch, time: number): boolean => time <= w.endDate && time - w.pendingAt < w.lifetimeMs;

/**
 * True when a candle's prices lie strictly inside the watch's corridor. A VWAP is a weighted mean
 * of typical prices (high + low + close) / 3, or a mean of closes, so it lies between the lowest
 * and the highest of the window's lows, closes and highs; if every candle of a VWAP window is
 * inside, so is the VWAP (the margin covers rounding), and a candle within its time then closes
 * nothing and reaches no level. Close is checked too: candles need not close within their wicks.
 * A volume too tiny or huge for its products to stay normal (a subnormal volume can round a VWAP
 * to 0) counts as outside.
 */
export const isInsideCorridor = (w: OpenWatch, low: number, high: number, close: number, volume: number): boolean =>
  low > w.corridorLow &&
  close > w.corridorLow &&
  high < w.corridorHigh &&
  close < w.corridorHigh &&
  (volume === 0 || (volume >= PLAIN_MAGNITUDE.min && volume <= PLAIN_MAGNITUDE.max));

/** True when `price` is certain to reach no new level (the fold's pre-filter for `reachesNewLevel`). */
export const isInsideQuietBand = (w: OpenWatch, price: number): boolean => price > w.quietLow && price < w.quietHigh;

/** True when `progress` reaches a level not yet recorded on its side. */
export const reachesNewLevel = (w: OpenWatch, progress: number): boolean =>
  progress > 0 ? progress >= w.nextProfitLevel : progress < 0 ? -progress >= w.nextLossLevel : false;

export const scheduledVerdict = (
  signal: SignalRow,
  time: number,
  low: number,
  high: number,
  endDate: number,
  scheduleAwaitMinutes: number,
): ScheduledVerdict => {
  if (time > endDate || time - signal.scheduledAt >= scheduleAwaitMinutes * MINUTE_MS) return ScheduledVerdict.Timeout;
  if (signal.position === "long") {
    if (low <= signal.priceStopLoss) return ScheduledVerdict.PriceReject;
    if (low <= signal.priceOpen) return ScheduledVerdict.Activate;
  } else {
    if (high >= signal.priceStopLoss) return ScheduledVerdict.PriceReject;
    if (high >= signal.priceOpen) return ScheduledVerdict.Activate;
  }
  return ScheduledVerdict.Nothing;
};

/** A limit proposal whose price is already reached opens at once, at its own priceOpen (SPEC §2). */
export const opensImmediately = (signal: SignalRow, marketPrice: number, isMarket: boolean): boolean =>
  isMarket || (signal.position === "long" ? marketPrice <= signal.priceOpen : marketPrice >= signal.priceOpen);

/** Proposals are throttled by aligned buckets: multiples of the interval since the epoch (SPEC §1). */
export const bucketOf = (time: number, intervalMs: number): number => Math.floor(time / intervalMs);
