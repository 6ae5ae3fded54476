import type { SignalRow } from "../model/signal.js";
import { MINUTE_MS } from "../model/candle.js";

/**
 * The SPEC §1–§3 decisions as allocation-free functions over plain numbers (an open position's
 * rules are in `open-watch.ts`). The reducer uses them to decide, and the batch fold uses the very
 * same functions to find the candles where something happens, so the rules exist exactly once.
 */

/** What a candle does to a scheduled signal, in the SPEC §3 order. */
export const ScheduledVerdict = { Nothing: 0, Timeout: 1, PriceReject: 2, Activate: 3 } as const;
export type ScheduledVerdict = (typeof ScheduledVerdict)[keyof typeof ScheduledVerdict];

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

/** What a candle means to an idle lifecycle that is not stopped (SPEC §1). */
export const IdleVerdict = { Wait: 0, Ask: 1, FrameOver: 2 } as const;
export type IdleVerdict = (typeof IdleVerdict)[keyof typeof IdleVerdict];

/**
 * Past the frame nothing is asked any more; otherwise the strategy is asked once per bucket. The
 * reducer also needs a price before the tick to show the strategy; the fold leaves that check to
 * the reducer, which sees every candle this does not call `Wait`.
 */
export const idleVerdict = (time: number, askedBucket: number, intervalMs: number, endDate: number): IdleVerdict => {
  if (time > endDate) return IdleVerdict.FrameOver;
  return bucketOf(time, intervalMs) === askedBucket ? IdleVerdict.Wait : IdleVerdict.Ask;
};
