import type { MilestoneEvent } from "../model/events.js";
import { emptyKept, keep, keptNewestFirst, mergeKept, type Kept } from "./kept.js";
import type { Emitted } from "../backtest/run.js";

/** A milestone event as the Partial report lists it (reference §11.3). */
export interface PartialRow {
  readonly action: "profit" | "loss";
  readonly event: MilestoneEvent;
}

/** Partial profit/loss milestones: counts in total and per level, and the newest events. */
export interface PartialStats {
  kept: Kept<PartialRow>;
  totalProfit: number;
  totalLoss: number;
  profitByLevel: Map<number, number>;
  lossByLevel: Map<number, number>;
}

export interface PartialStatistics {
  readonly eventList: PartialRow[];
  readonly totalEvents: number;
  readonly totalProfit: number;
  readonly totalLoss: number;
  /** Level → how many signals reached it, ascending by level. */
  readonly profitByLevel: ReadonlyArray<{ readonly level: number; readonly count: number }>;
  readonly lossByLevel: ReadonlyArray<{ readonly level: number; readonly count: number }>;
}

export const emptyPartialStats = (eventLimit = 250): PartialStats => ({
  kept: emptyKept(eventLimit),
  totalProfit: 0,
  totalLoss: 0,
  profitByLevel: new Map(),
  lossByLevel: new Map(),
});

const bump = (counts: Map<number, number>, level: number, by = 1): void => {
  counts.set(level, (counts.get(level) ?? 0) + by);
};

/** Folds a partialProfit / partialLoss effect in (others pass through); mutates and returns `stats`. */
export const addPartialStats = (stats: PartialStats, emitted: Emitted): PartialStats => {
  if (emitted.topic === "partialProfit") {
    stats.totalProfit++;
    bump(stats.profitByLevel, emitted.event.level);
    keep(stats.kept, { action: "profit", event: emitted.event });
  } else if (emitted.topic === "partialLoss") {
    stats.totalLoss++;
    bump(stats.lossByLevel, emitted.event.level);
    keep(stats.kept, { action: "loss", event: emitted.event });
  }
  return stats;
};

const mergeCounts = (a: Map<number, number>, b: Map<number, number>): Map<number, number> => {
  const out = new Map(a);
  for (const [level, count] of b) bump(out, level, count);
  return out;
};

export const mergePartialStats = (a: PartialStats, b: PartialStats): PartialStats => ({
  kept: mergeKept(a.kept, b.kept),
  totalProfit: a.totalProfit + b.totalProfit,
  totalLoss: a.totalLoss + b.totalLoss,
  profitByLevel: mergeCounts(a.profitByLevel, b.profitByLevel),
  lossByLevel: mergeCounts(a.lossByLevel, b.lossByLevel),
});

const byLevel = (counts: Map<number, number>) =>
  [...counts].sort(([x], [y]) => x - y).map(([level, count]) => ({ level, count }));

export const partialStatistics = (s: PartialStats): PartialStatistics => ({
  eventList: keptNewestFirst(s.kept),
  totalEvents: s.totalProfit + s.totalLoss,
  totalProfit: s.totalProfit,
  totalLoss: s.totalLoss,
  profitByLevel: byLevel(s.profitByLevel),
  lossByLevel: byLevel(s.lossByLevel),
});
