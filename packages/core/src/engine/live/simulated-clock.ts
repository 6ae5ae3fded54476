import type { Clock } from "../ports.js";

/** A clock whose time moves only when someone waits on it: a day of recorded candles runs in moments. */
export interface SimulatedClock extends Clock {
  sleep(ms: number): Promise<void>;
  /**
   * Resolves when a wait would pass `end` (never when there is no end): the recorded data is over.
   * A live instance ends there, its journal closed and its storage released before it says so.
   */
  readonly ended: Promise<void>;
  readonly simulated: true;
  readonly end: number;
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

/**
 * Simulated time starting at `start` (ms since the epoch). `sleep(ms)` advances the time at once
 * and fires every timer due on the way, in time order; a timer never fires while nobody sleeps
 * (a strategy's timeout cannot fire while it is being awaited). Past `end`, sleeps never resolve
 * and `ended` resolves instead, so a recorded session stops where its data does (a live instance
 * does not wait there: it ends, see `Clock.end`).
 */
export const simulatedClock = (start: number, options: { readonly end?: number } = {}): SimulatedClock => {
  if (!Number.isFinite(start)) throw new RangeError(`simulatedClock: start = ${String(start)} must be a finite time in ms`);
  const end = options.end ?? Number.POSITIVE_INFINITY;
  if (!(end >= start)) throw new RangeError(`simulatedClock: end = ${String(end)} must not be before start = ${start}`);
  let now = start;
  let order = 0;
  let timers: Timer[] = [];
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));

  const advanceTo = (time: number): void => {
    for (;;) {
      const due = timers.filter((timer) => timer.at <= time).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (due === undefined) break;
      timers = timers.filter((timer) => timer !== due);
      now = Math.max(now, due.at);
      due.fn();
    }
    now = Math.max(now, time);
  };

  return {
    now: () => now,
    setTimer: (fn, ms) => {
      const timer: Timer = { at: now + Math.max(0, ms), order: order++, fn };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
    sleep: (ms) => {
      const until = now + Math.max(0, ms);
      if (until > end) {
        markEnded();
        return new Promise<void>(() => undefined);
      }
      advanceTo(until);
      // Resolved on a microtask, like a real timer never resolving inside the caller's own turn.
      return Promise.resolve();
    },
    ended,
    simulated: true,
    end,
  };
};
