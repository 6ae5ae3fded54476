import type { Effect } from "../effects.js";
import { vwapAt, type CandleSeries } from "../series/candle-series.js";
import type { LifecycleInput, LifecycleParams, LifecycleState, Tick } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";

/** Where a run stands: the state and the next candle to process. */
export interface Cursor {
  readonly state: LifecycleState;
  readonly index: number;
}

/**
 * Processes candles from `cursor.index` until the lifecycle waits for an answer (a proposal or a
 * risk verdict) or the run is over; effects go to `sink` in order. With `record`, every tick the
 * reducer is fed goes there first (a journal): replayed alone, those ticks give the same run.
 */
export type Advance = (
  cursor: Cursor,
  series: CandleSeries,
  params: LifecycleParams,
  sink: (effect: Effect) => void,
  record?: (input: LifecycleInput) => void,
) => Cursor;

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
export const advanceByStep: Advance = (cursor, series, params, sink, record) => {
  let { state } = cursor;
  const n = params.config.avgPriceCandles;
  for (let j = cursor.index; j < series.length; j++) {
    if (isRunOver(state, series.timestamp[j]!, params.endDate)) return { state, index: j };
    const tick = tickAt(series, j, n);
    record?.(tick);
    const [next, effects] = stepLifecycle(state, tick, params);
    for (const effect of effects) sink(effect);
    state = next;
    if (isWaiting(state)) return { state, index: j + 1 };
  }
  return { state, index: series.length };
};
