import type { Effect } from "../effects.js";
import type { CandleSeries } from "../series/candle-series.js";
import type { LifecycleInput, LifecycleParams, LifecycleState } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";
import { isRunOver, isWaiting, type Advance, type Cursor } from "./advance.js";

/** A question the run puts to the outside world: the strategy or the risk profiles. */
export type Request = Extract<Effect, { type: "requestProposal" | "checkRisk" }>;

const never = (): boolean => false;
const STOP: LifecycleInput = { kind: "stop" };

export interface RunEnd {
  readonly state: LifecycleState;
  /** Index of the first candle not processed. */
  readonly index: number;
}

/**
 * The run loop, written once for synchronous and asynchronous strategies: it yields each request
 * and expects the answer back (`proposal` or risk verdict). Callers pump it with or without await.
 * `stopRequested` is asked between requests: once it says yes the lifecycle gets its `stop` input
 * (no more proposals, a scheduled signal is cancelled, an open one is watched until it closes).
 * `record` gets every input the reducer is fed, in order (a journal of the run).
 */
export function* driveLifecycle(
  series: CandleSeries,
  start: Cursor,
  params: LifecycleParams,
  advance: Advance,
  sink: (effect: Effect) => void,
  stopRequested: () => boolean = never,
  record?: (input: LifecycleInput) => void,
): Generator<Request, RunEnd, unknown> {
  let cursor = start;
  let pendingRequest: Request | null = null;
  const collect = (effect: Effect): void => {
    if (effect.type === "requestProposal" || effect.type === "checkRisk") pendingRequest = effect;
    sink(effect);
  };
  for (;;) {
    if (!cursor.state.stopped && stopRequested()) {
      record?.(STOP);
      cursor = { state: stepLifecycle(cursor.state, STOP, params)[0], index: cursor.index };
    }
    cursor = advance(cursor, series, params, collect, record);
    while (isWaiting(cursor.state)) {
      const request: Request = pendingRequest!;
      pendingRequest = null;
      const answer = yield request;
      const input: LifecycleInput =
        request.type === "requestProposal" ? { kind: "proposal", proposal: answer } : { kind: "risk", allowed: answer === true };
      record?.(input);
      const [state, effects] = stepLifecycle(cursor.state, input, params);
      for (const effect of effects) collect(effect);
      cursor = { state, index: cursor.index };
    }
    const index = cursor.index;
    if (index >= series.length || isRunOver(cursor.state, series.timestamp[index]!, params.endDate)) {
      return { state: cursor.state, index };
    }
  }
}
