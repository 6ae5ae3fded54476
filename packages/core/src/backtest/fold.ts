import type { Step } from "../effects.js";
import { vwapAt, type CandleSeries } from "../series/candle-series.js";
import { IdleVerdict, ScheduledVerdict, idleVerdict, scheduledVerdict } from "../lifecycle/rules.js";
import { isClearOfWicks, isInsideCorridor, isQuietOpenTick, isWithinTime, type OpenWatch } from "../lifecycle/open-watch.js";
import type { SignalRow } from "../model/signal.js";
import type { LifecycleParams, LifecycleState } from "../lifecycle/state.js";
import { FollowedWatch, stepLifecycle, stepOpenCandle } from "../lifecycle/step.js";
import { isRunOver, isWaiting, tickAt, type Advance } from "./advance.js";

/**
 * Batch fold: walks the typed arrays and enters the reducer only on candles where something
 * happens, decided by the same rule functions the reducer uses. Each phase has its own tight loop
 * over plain numbers (the quiet candles allocate nothing and touch neither immer nor zod); the
 * reducer runs on the first candle a loop cannot prove quiet. A property test holds it equal to
 * `advanceByStep`. A quiet candle leaves the state as it is and has no effect, so a journal
 * (`record`) holds only the candles the reducer saw, and replays to the same run.
 */
export const advanceByFold: Advance = (cursor, series, params, sink, record) => {
  let { state } = cursor;
  const n = params.config.avgPriceCandles;
  const watches = new FollowedWatch();
  let j = cursor.index;
  while (j < series.length) {
    let next: Step<LifecycleState>;
    if (state.phase === "open") {
      const watch = watches.of(state, params);
      j = skipQuietOpen(series, j, watch, params);
      if (j >= series.length) break;
      if (record !== undefined) record(tickAt(series, j, n));
      next = stepOpenCandle(state, series.timestamp[j]!, series.low[j]!, series.high[j]!, vwapAt(series, j, n), params, watch);
    } else {
      j = skipQuiet(state, series, j, params);
      if (j >= series.length) break;
      if (isRunOver(state, series.timestamp[j]!, params.endDate)) return { state, index: j };
      const tick = tickAt(series, j, n);
      if (record !== undefined) record(tick);
      next = stepLifecycle(state, tick, params);
    }
    for (const effect of next[1]) sink(effect);
    state = next[0];
    j++;
    if (isWaiting(state)) return { state, index: j };
  }
  return { state, index: series.length };
};

/** Index of the first candle from `from` on that the reducer has to see in state `s` (not open). */
const skipQuiet = (s: LifecycleState, series: CandleSeries, from: number, p: LifecycleParams): number => {
  switch (s.phase) {
    case "idle":
      return s.stopped ? from : skipQuietIdle(series.timestamp, from, s.askedBucket, p);
    case "scheduled":
      return s.stopped ? from : skipQuietScheduled(series, from, s.signal, p);
    default:
      return from;
  }
};

/**
 * Idle: nothing happens until the throttle bucket changes (or the frame ends, which ends the run).
 * The reducer sees every candle that is not a `Wait` and checks the rest (a price before it).
 */
const skipQuietIdle = (times: Float64Array, from: number, askedBucket: number, p: LifecycleParams): number => {
  const { intervalMs, endDate } = p;
  let j = from;
  while (j < times.length && idleVerdict(times[j]!, askedBucket, intervalMs, endDate) === IdleVerdict.Wait) j++;
  return j;
};

const skipQuietScheduled = (series: CandleSeries, from: number, signal: SignalRow, p: LifecycleParams): number => {
  const { timestamp: times, low: lows, high: highs } = series;
  const { endDate } = p;
  const awaitMinutes = p.config.scheduleAwaitMinutes;
  let j = from;
  while (j < series.length && scheduledVerdict(signal, times[j]!, lows[j]!, highs[j]!, endDate, awaitMinutes) === ScheduledVerdict.Nothing) j++;
  return j;
};

/**
 * Open: a candle is quiet when it closes nothing and reaches no new level. Most candles are shown
 * quiet without their VWAP: while the position is within its time, the candle's wicks reach
 * neither TP nor SL and every candle of its VWAP window is inside the watch's corridor, the VWAP
 * is inside too. Otherwise the exact rules decide, with the quiet band sparing `progressAt` away
 * from the levels (`isQuietOpenTick`). With progress callbacks every non-zero progress is an event.
 */
const skipQuietOpen = (series: CandleSeries, from: number, w: OpenWatch, p: LifecycleParams): number => {
  const { timestamp: times, low: lows, high: highs, close: closes, volume: volumes } = series;
  const n = p.config.avgPriceCandles;
  const callbacks = p.progressCallbacks;
  const { rules } = w;
  // The last candle outside the corridor: candle j's window (j-n+1 … j) is clear once it lies
  // before that window (in the first n-1 candles of a series the exact rules decide).
  let lastOutside = -1;
  for (let i = Math.max(0, from - n + 1); i < from; i++) {
    if (!isInsideCorridor(w, lows[i]!, highs[i]!, closes[i]!, volumes[i]!)) lastOutside = i;
  }
  let j = from;
  for (; j < series.length; j++) {
    const time = times[j]!;
    const low = lows[j]!;
    const high = highs[j]!;
    if (!isInsideCorridor(w, low, high, closes[j]!, volumes[j]!)) lastOutside = j;
    else if (lastOutside <= j - n && !callbacks && isWithinTime(rules, time) && isClearOfWicks(rules, low, high)) continue;
    if (!isQuietOpenTick(w, callbacks, time, low, high, vwapAt(series, j, n))) return j;
  }
  return j;
};
