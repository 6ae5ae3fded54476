import type { Outcomes } from "./outcomes.js";
import { LIFETIME_MINUTES, STOP_LOSS_FACTOR, TAKE_PROFIT_FACTOR, type Frame } from "./workload.js";

/**
 * The floor the library is measured against: the workload's rules written out by hand over typed
 * arrays, with no library code (SPEC §1, §2, §4 and the §5 milestones under the default config).
 * It builds no events and keeps no state beyond a few numbers; it only counts what the comparison
 * needs. With `milestones: false` it also skips §5, as a second, lower floor for reference.
 */

/** The candle columns the loop reads; a library `CandleSeries` has this shape too. */
export interface CandleColumns {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

// The SPEC defaults this workload touches, restated rather than imported: the loop uses no library.
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const VWAP_CANDLES = 5;
const FEE_PERCENT = 0.1;
const SLIPPAGE = 0.1 / 100;
const MIN_TAKE_PROFIT_DISTANCE_PERCENT = 0.5;
const MIN_STOP_LOSS_DISTANCE_PERCENT = 0.5;
const MAX_STOP_LOSS_DISTANCE_PERCENT = 20;
const LIFETIME_MS = LIFETIME_MINUTES * MINUTE_MS;
const PARTIAL_LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** VWAP of candles `from..to` summed from scratch in order (SPEC notation); mean close without volume. */
const vwap = (c: CandleColumns, from: number, to: number): number => {
  let weighted = 0;
  let volume = 0;
  let closes = 0;
  for (let i = from; i <= to; i++) {
    weighted += ((c.high[i]! + c.low[i]! + c.close[i]!) / 3) * c.volume[i]!;
    volume += c.volume[i]!;
    closes += c.close[i]!;
  }
  return volume === 0 ? closes / (to - from + 1) : weighted / volume;
};

/** SPEC §2 for a long market proposal (the price-between-SL-and-TP rule follows from the first two). */
const isValidLong = (entry: number, takeProfit: number, stopLoss: number): boolean => {
  if (!(takeProfit > entry && stopLoss < entry)) return false;
  const takeProfitDistance = ((takeProfit - entry) / entry) * 100;
  const stopLossDistance = ((entry - stopLoss) / entry) * 100;
  return (
    takeProfitDistance >= MIN_TAKE_PROFIT_DISTANCE_PERCENT &&
    stopLossDistance >= MIN_STOP_LOSS_DISTANCE_PERCENT &&
    stopLossDistance <= MAX_STOP_LOSS_DISTANCE_PERCENT
  );
};

/** SPEC §4 PnL of a long: slippage against the trader on both sides, fee on entry and exit value. */
const longPnlPercent = (entry: number, exit: number): number => {
  const paid = entry * (1 + SLIPPAGE);
  const received = exit * (1 - SLIPPAGE);
  return ((received - paid) / paid) * 100 - FEE_PERCENT * (1 + received / paid);
};

const firstIndexAtOrAfter = (times: Float64Array, time: number): number => {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * SPEC §5 progress at `price`: percent of the way to TP (> 0) or to SL (< 0), clamped to 100,
 * written in the same operation order as the library so that equal prices give equal progress.
 */
const progressOf = (price: number, entry: number, takeProfit: number, stopLoss: number): number => {
  if (price > entry) return Math.min((Math.abs(price - entry) / Math.abs(takeProfit - entry)) * 100, 100);
  if (price < entry) return -Math.min((Math.abs(price - entry) / Math.abs(stopLoss - entry)) * 100, 100);
  return 0;
};

export interface HandLoopOptions {
  /** Count the §5 milestones too (the same rules as the library); false for the bare floor. */
  readonly milestones: boolean;
}

/** Runs the workload over `frame`, counting candles the way the library's run does. */
export const runHandLoop = (c: CandleColumns, frame: Frame, options: HandLoopOptions): Outcomes => {
  const times = c.timestamp;
  const start = firstIndexAtOrAfter(times, Math.floor(frame.startTime / MINUTE_MS) * MINUTE_MS);
  let takeProfitCount = 0;
  let stopLossCount = 0;
  let timeExpiredCount = 0;
  let rejected = 0;
  let sumPnl = 0;
  let milestones = 0;
  const countMilestones = options.milestones;

  let isOpen = false;
  let askedHour = Number.NaN;
  let entry = 0;
  let takeProfit = 0;
  let stopLoss = 0;
  let openedAt = 0;
  // Levels are reached in ascending order on each side, so the next one's index is the whole state.
  let nextProfitLevel = 0;
  let nextLossLevel = 0;

  let j = start;
  for (; j < c.length; j++) {
    const time = times[j]!;
    if (!isOpen) {
      // Idle after the frame: the run is over. A position open at the frame end is still watched.
      if (time > frame.endTime) break;
      // The first candle has no history to price a proposal with.
      if (j === 0) continue;
      const hour = Math.floor(time / HOUR_MS);
      if (hour === askedHour) continue;
      // Asking uses the hour up, also when the proposal is then rejected (SPEC §1).
      askedHour = hour;
      const price = vwap(c, Math.max(0, j - VWAP_CANDLES), j - 1);
      const previousClose = c.close[j - 1]!;
      takeProfit = previousClose * TAKE_PROFIT_FACTOR;
      stopLoss = previousClose * STOP_LOSS_FACTOR;
      if (!isValidLong(price, takeProfit, stopLoss)) {
        rejected++;
        continue;
      }
      isOpen = true;
      entry = price;
      openedAt = time;
      nextProfitLevel = 0;
      nextLossLevel = 0;
      // A market open is checked against its own candle at once (SPEC §4).
    }
    // First match wins: frame end, expiry, stop loss by wick, take profit by VWAP (SPEC §4).
    let exit: number;
    if (time > frame.endTime || time - openedAt >= LIFETIME_MS) {
      exit = vwap(c, Math.max(0, j - VWAP_CANDLES + 1), j);
      timeExpiredCount++;
    } else if (c.low[j]! <= stopLoss) {
      exit = stopLoss;
      stopLossCount++;
    } else {
      const price = vwap(c, Math.max(0, j - VWAP_CANDLES + 1), j);
      if (price >= takeProfit) {
        exit = takeProfit;
        takeProfitCount++;
      } else {
        // A candle that closes nothing records every level its progress reaches (SPEC §5).
        if (countMilestones) {
          const progress = progressOf(price, entry, takeProfit, stopLoss);
          while (nextProfitLevel < PARTIAL_LEVELS.length && progress >= PARTIAL_LEVELS[nextProfitLevel]!) {
            nextProfitLevel++;
            milestones++;
          }
          while (nextLossLevel < PARTIAL_LEVELS.length && -progress >= PARTIAL_LEVELS[nextLossLevel]!) {
            nextLossLevel++;
            milestones++;
          }
        }
        continue;
      }
    }
    sumPnl += longPnlPercent(entry, exit);
    isOpen = false;
  }

  return {
    candles: j - start,
    closed: takeProfitCount + stopLossCount + timeExpiredCount,
    takeProfit: takeProfitCount,
    stopLoss: stopLossCount,
    timeExpired: timeExpiredCount,
    rejected,
    sumPnl,
    milestones: countMilestones ? milestones : null,
  };
};
