import { IdleVerdict, ScheduledVerdict, idleVerdict, scheduledVerdict } from "./rules.js";
import type { LifecycleParams, LifecycleState } from "./state.js";

/**
 * True when `stepLifecycle(state, tick, p)` gives back `state` itself and no effect, for a state
 * that is not open (an open one has `isQuietOpenTick`, with its compiled watch), decided on plain
 * numbers with the rule functions the reducer decides with. A replay passes such a tick by
 * without building it; a tick this does not call quiet just goes to the reducer. A property holds
 * it to the reducer's verdict.
 */
export const isQuietTick = (state: LifecycleState, time: number, low: number, high: number, priceBefore: number, p: LifecycleParams): boolean => {
  switch (state.phase) {
    case "idle":
      // Stopped, nothing to show the strategy yet, its bucket already asked, or past the frame.
      return state.stopped || !(priceBefore > 0) || idleVerdict(time, state.askedBucket, p.intervalMs, p.endDate) !== IdleVerdict.Ask;
    case "scheduled":
      return !state.stopped && scheduledVerdict(state.signal, time, low, high, p.endDate, p.config.scheduleAwaitMinutes) === ScheduledVerdict.Nothing;
    default:
      // Open: see `isQuietOpenTick`. Waiting for an answer: the reducer refuses a tick, and words why.
      return false;
  }
};
