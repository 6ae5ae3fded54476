import type { Effect } from "../effects.js";
import { vwapAt, type CandleSeries } from "../series/candle-series.js";
import {
  OpenVerdict,
  ScheduledVerdict,
  bucketOf,
  compileOpenWatch,
  judgeOpen,
  progressAt,
  reachesNewLevel,
  scheduledVerdict,
  type OpenWatch,
} from "../lifecycle/rules.js";
import type { LifecycleParams, LifecycleState, Tick } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";

/** Where a run stands: the state and the next candle to process. */
export interface Cursor {
  readonly state: LifecycleState;
  readonly index: number;
}

/**
 * Processes candles from `cursor.index` until the lifecycle waits for an answer (a proposal or a
 * risk verdict) or the run is over; effects go to `sink` in order.
 */
export type Advance = (cursor: Cursor, series: CandleSeries, params: LifecycleParams, sink: (effect: Effect) => void) => Cursor;

/** True while the reducer holds a request that the driver has to answer. */
export const isWaiting = (state: LifecycleState): boolean =>
  state.phase === "asking" || state.phase === "checking" || state.phase === "activating";

/** The run ends at the first candle after the frame with nothing left to watch, or when stopped and idle. */
export const isRunOver = (state: LifecycleState, time: number, endDate: number): boolean =>
  state.phase === "idle" && (state.stopped || time > endDate);

/** Builds the reducer's view of candle `j`. */
export const tickAt = (series: CandleSeries, j: number, n: number): Tick & { readonly kind: "tick" } => ({
  kind: "tick",
  time: series.timestamp[j]!,
  low: series.low[j]!,
  high: series.high[j]!,
  price: vwapAt(series, j, n),
  priceBefore: j > 0 ? vwapAt(series, j - 1, n) : Number.NaN,
});

/** Reference driver: every candle goes through the reducer. */
export const advanceByStep: Advance = (cursor, series, params, sink) => {
  let { state } = cursor;
  const n = params.config.avgPriceCandles;
  for (let j = cursor.index; j < series.length; j++) {
    if (isRunOver(state, series.timestamp[j]!, params.endDate)) return { state, index: j };
    const [next, effects] = stepLifecycle(state, tickAt(series, j, n), params);
    for (const effect of effects) sink(effect);
    state = next;
    if (isWaiting(state)) return { state, index: j + 1 };
  }
  return { state, index: series.length };
};

/**
 * Batch fold: walks the typed arrays and enters the reducer only on candles where something
 * happens, decided by the same rule functions the reducer uses. On the quiet candles it allocates
 * nothing and touches neither immer nor zod. A property test holds it equal to `advanceByStep`.
 */
export const advanceByFold: Advance = (cursor, series, params, sink) => {
  let { state } = cursor;
  const { timestamp: times, low: lows, high: highs } = series;
  const { config, endDate, intervalMs, progressCallbacks } = params;
  const n = config.avgPriceCandles;
  const levels = config.partialLevels;
  let watched: LifecycleState | null = null;
  let watch: OpenWatch | null = null;
  for (let j = cursor.index; j < series.length; j++) {
    const time = times[j]!;
    if (isRunOver(state, time, endDate)) return { state, index: j };
    if (isQuiet(state, series, j, time, lows[j]!, highs[j]!)) continue;
    const [next, effects] = stepLifecycle(state, tickAt(series, j, n), params);
    for (const effect of effects) sink(effect);
    state = next;
    if (isWaiting(state)) return { state, index: j + 1 };
  }
  return { state, index: series.length };

  function isQuiet(s: LifecycleState, series: CandleSeries, j: number, time: number, low: number, high: number): boolean {
    switch (s.phase) {
      case "idle":
        return s.stopped || j === 0 || bucketOf(time, intervalMs) === s.askedBucket;
      case "scheduled":
        return !s.stopped && scheduledVerdict(s.signal, time, low, high, endDate, config.scheduleAwaitMinutes) === ScheduledVerdict.Nothing;
      case "open": {
        // The watch is compiled once per open state: quiet candles are a VWAP and a few comparisons.
        if (s !== watched) {
          watched = s;
          watch = compileOpenWatch(s.signal, s.milestones.reached, levels, endDate, config);
        }
        const vwap = vwapAt(series, j, n);
        if (judgeOpen(watch!, time, low, high, vwap) !== OpenVerdict.Nothing) return false;
        const progress = progressAt(watch!, vwap);
        if (progressCallbacks && progress !== 0) return false;
        return !reachesNewLevel(watch!, progress);
      }
      default:
        return false;
    }
  }
};
