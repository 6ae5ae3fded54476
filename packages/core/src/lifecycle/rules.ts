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

type Triggers = Pick<Config, "takeProfitTrigger" | "stopLossTrigger">;

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
}

export const compileOpenWatch = (
  signal: SignalRow,
  reached: MilestoneState,
  levels: ReadonlyArray<number>,
  endDate: number,
  triggers: Triggers,
): OpenWatch => {
  const long = signal.position === "long";
  const entry = signal.priceOpen;
  const profitSpan = Math.abs(signal.priceTakeProfit - entry);
  const lossSpan = Math.abs(signal.priceStopLoss - entry);
  const nextProfitLevel = firstUnreached(levels, reached.profitLevels);
  const nextLossLevel = firstUnreached(levels, reached.lossLevels);
  const [profitGate, lossGate] = levelGates(entry, profitSpan, lossSpan, nextProfitLevel, nextLossLevel, long);
  return {
    long,
    entry,
    takeProfit: signal.priceTakeProfit,
    stopLoss: signal.priceStopLoss,
    pendingAt: signal.pendingAt,
    lifetimeMs: signal.minuteEstimatedTime * MINUTE_MS,
    endDate,
    stopLossByWick: triggers.stopLossTrigger === "wick",
    takeProfitByVwap: triggers.takeProfitTrigger === "vwap",
    profitSpan,
    lossSpan,
    nextProfitLevel,
    nextLossLevel,
    quietLow: long ? lossGate : profitGate,
    quietHigh: long ? profitGate : lossGate,
  };
};

/**
 * The prices at which the next profit and loss levels are reached, each moved toward the entry
 * by 1e-9 of the price scale. `progressAt` rounds by a few ulps of that scale, so any price on
 * the entry's side of a gate is certain to reach no new level; only a price within the margin of
 * a level (or past it) needs the exact `progressAt`. Unreachable levels (Infinity) give ±Infinity.
 */
export const levelGates = (
  entry: number,
  profitSpan: number,
  lossSpan: number,
  nextProfitLevel: number,
  nextLossLevel: number,
  long: boolean,
): readonly [profitGate: number, lossGate: number] => {
  const margin = (Math.abs(entry) + profitSpan + lossSpan) * 1e-9;
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
