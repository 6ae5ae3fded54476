import type { CancelledEvent, OpenedEvent, ScheduledEvent } from "../model/events.js";
import { MINUTE_MS } from "../model/candle.js";
import { emptyKept, keep, keptNewestFirst, mergeKept, type Kept } from "./kept.js";
import { mapNull, ratio } from "./safe.js";
import type { Emitted } from "../backtest/run.js";

/**
 * Scheduled (limit) signals: how many were scheduled, activated and cancelled, and how long they
 * waited (reference §11.4). Unlike backtest-kit, activations count in backtests too (SPEC §9).
 *
 * An `opened` event is an activation when the same signal was scheduled earlier. Its stamps
 * cannot tell (a limit order may fill on the candle it was placed, scheduledAt = pendingAt), so
 * the fold remembers the scheduled signal of each symbol×strategy (one at a time). An opened
 * event that is the first event of its pair in this part may activate a signal scheduled in an
 * earlier part: it is kept as a candidate, which a merge with that part settles.
 */

export interface ScheduleRow {
  readonly action: "scheduled" | "opened" | "cancelled";
  readonly event: ScheduledEvent | OpenedEvent | CancelledEvent;
  /** Minutes waited until activation or cancellation (rounded); null for "scheduled". */
  readonly minutes: number | null;
  /** An opened event whose scheduling, if any, lies before this part. */
  readonly candidate: boolean;
}

export interface ScheduleStats {
  kept: Kept<ScheduleRow>;
  totalScheduled: number;
  totalOpened: number;
  totalCancelled: number;
  sumActivationMinutes: number;
  sumWaitMinutes: number;
  /** symbol×strategy → id of its scheduled signal not yet opened or cancelled. */
  pending: Map<string, string>;
  /** Pairs that have had any lifecycle event in this part. */
  seen: Set<string>;
  /** Pair → its leading opened event, an activation only if an earlier part scheduled it. */
  leading: Map<string, ScheduleRow>;
}

export interface ScheduleStatistics {
  readonly eventList: ScheduleRow[];
  readonly totalEvents: number;
  readonly totalScheduled: number;
  readonly totalOpened: number;
  readonly totalCancelled: number;
  readonly activationRate: number | null;
  readonly cancellationRate: number | null;
  /** Mean minutes a cancelled signal waited. */
  readonly avgWaitTime: number | null;
  /** Mean minutes from scheduling to activation. */
  readonly avgActivationTime: number | null;
}

export const emptyScheduleStats = (eventLimit = 250): ScheduleStats => ({
  kept: emptyKept(eventLimit),
  totalScheduled: 0,
  totalOpened: 0,
  totalCancelled: 0,
  sumActivationMinutes: 0,
  sumWaitMinutes: 0,
  pending: new Map(),
  seen: new Set(),
  leading: new Map(),
});

/**
 * The symbol×strategy key of an event. A run's events all name the same pair, so the last key is
 * kept and reused: building and hashing a new string for every signal event was most of this fold.
 */
let lastPair = { symbol: "", strategyName: "", key: "\u0000" };
const pairOf = (e: { readonly symbol: string; readonly strategyName: string }): string => {
  if (e.symbol !== lastPair.symbol || e.strategyName !== lastPair.strategyName) lastPair = { symbol: e.symbol, strategyName: e.strategyName, key: `${e.symbol}\u0000${e.strategyName}` };
  return lastPair.key;
};
const minutesBetween = (from: number, to: number): number => Math.round((to - from) / MINUTE_MS);

const activate = (s: ScheduleStats, row: ScheduleRow): void => {
  s.totalOpened++;
  s.sumActivationMinutes += row.minutes ?? 0;
};

/** Folds a signal effect in (scheduled, opened, cancelled; others pass through); mutates `stats`. */
export const addScheduleStats = (stats: ScheduleStats, emitted: Emitted): ScheduleStats => {
  if (emitted.topic !== "signal") return stats;
  const event = emitted.event;
  const pair = pairOf(event);
  const firstOfPair = !stats.seen.has(pair);
  stats.seen.add(pair);
  if (event.action === "scheduled") {
    stats.totalScheduled++;
    stats.pending.set(pair, event.signal.id);
    keep(stats.kept, { action: "scheduled", event, minutes: null, candidate: false });
  } else if (event.action === "cancelled") {
    stats.pending.delete(pair);
    stats.totalCancelled++;
    const minutes = minutesBetween(event.signal.scheduledAt, event.closeTimestamp);
    stats.sumWaitMinutes += minutes;
    keep(stats.kept, { action: "cancelled", event, minutes, candidate: false });
  } else if (event.action === "opened") {
    const minutes = minutesBetween(event.signal.scheduledAt, event.signal.pendingAt);
    if (stats.pending.get(pair) === event.signal.id) {
      stats.pending.delete(pair);
      const row: ScheduleRow = { action: "opened", event, minutes, candidate: false };
      activate(stats, row);
      keep(stats.kept, row);
    } else if (firstOfPair) {
      const row: ScheduleRow = { action: "opened", event, minutes, candidate: true };
      stats.leading.set(pair, row);
      keep(stats.kept, row);
    }
  }
  return stats;
};

/** The accumulator of `a`'s events followed by `b`'s; neither input changes. */
export const mergeScheduleStats = (a: ScheduleStats, b: ScheduleStats): ScheduleStats => {
  const merged: ScheduleStats = {
    kept: a.kept,
    totalScheduled: a.totalScheduled + b.totalScheduled,
    totalOpened: a.totalOpened + b.totalOpened,
    totalCancelled: a.totalCancelled + b.totalCancelled,
    sumActivationMinutes: a.sumActivationMinutes + b.sumActivationMinutes,
    sumWaitMinutes: a.sumWaitMinutes + b.sumWaitMinutes,
    pending: new Map([...a.pending].filter(([pair]) => !b.seen.has(pair))),
    seen: new Set([...a.seen, ...b.seen]),
    leading: new Map(a.leading),
  };
  for (const [pair, id] of b.pending) merged.pending.set(pair, id);
  // b's leading opens: activations if a left that very signal scheduled, settled as plain opens
  // if a saw the pair otherwise, still open questions if a never saw the pair.
  const settled = new Map<ScheduleRow, ScheduleRow | null>();
  for (const [pair, row] of b.leading) {
    if (a.pending.get(pair) === row.event.signal.id) {
      const activation: ScheduleRow = { ...row, candidate: false };
      activate(merged, activation);
      settled.set(row, activation);
    } else if (a.seen.has(pair)) settled.set(row, null);
    else merged.leading.set(pair, row);
  }
  const bItems: ScheduleRow[] = [];
  for (const row of b.kept.items) {
    const replaced = settled.has(row) ? settled.get(row)! : row;
    if (replaced !== null) bItems.push(replaced);
  }
  merged.kept = mergeKept(a.kept, { limit: b.kept.limit, items: bItems });
  return merged;
};

export const scheduleStatistics = (s: ScheduleStats): ScheduleStatistics => {
  const eventList = keptNewestFirst(s.kept).filter((row) => !row.candidate);
  const percentOf = (count: number) => mapNull(ratio(count, s.totalScheduled), (x) => x * 100);
  return {
    eventList,
    totalEvents: s.totalScheduled + s.totalOpened + s.totalCancelled,
    totalScheduled: s.totalScheduled,
    totalOpened: s.totalOpened,
    totalCancelled: s.totalCancelled,
    activationRate: percentOf(s.totalOpened),
    cancellationRate: percentOf(s.totalCancelled),
    avgWaitTime: ratio(s.sumWaitMinutes, s.totalCancelled),
    avgActivationTime: ratio(s.sumActivationMinutes, s.totalOpened),
  };
};
