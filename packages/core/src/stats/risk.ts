import type { RiskEvent } from "../model/events.js";
import { emptyKept, keep, keptNewestFirst, mergeKept, type Kept } from "./kept.js";
import type { Emitted } from "../backtest/run.js";

/** Risk rejections (reference §11.5): how many, by symbol and by strategy, and the newest ones. */
export interface RiskStats {
  kept: Kept<RiskEvent>;
  total: number;
  bySymbol: Map<string, number>;
  byStrategy: Map<string, number>;
}

export interface RiskStatistics {
  readonly eventList: RiskEvent[];
  readonly totalRejections: number;
  /** Prototype-free records, so a symbol named "__proto__" is an ordinary key. */
  readonly bySymbol: Readonly<Record<string, number>>;
  readonly byStrategy: Readonly<Record<string, number>>;
}

export const emptyRiskStats = (eventLimit = 250): RiskStats => ({
  kept: emptyKept(eventLimit),
  total: 0,
  bySymbol: new Map(),
  byStrategy: new Map(),
});

const bump = (counts: Map<string, number>, key: string, by = 1): void => {
  counts.set(key, (counts.get(key) ?? 0) + by);
};

export const addRiskStats = (stats: RiskStats, emitted: Emitted): RiskStats => {
  if (emitted.topic !== "risk") return stats;
  stats.total++;
  bump(stats.bySymbol, emitted.event.symbol);
  bump(stats.byStrategy, emitted.event.strategyName);
  keep(stats.kept, emitted.event);
  return stats;
};

const mergeCounts = (a: Map<string, number>, b: Map<string, number>): Map<string, number> => {
  const out = new Map(a);
  for (const [key, count] of b) bump(out, key, count);
  return out;
};

export const mergeRiskStats = (a: RiskStats, b: RiskStats): RiskStats => ({
  kept: mergeKept(a.kept, b.kept),
  total: a.total + b.total,
  bySymbol: mergeCounts(a.bySymbol, b.bySymbol),
  byStrategy: mergeCounts(a.byStrategy, b.byStrategy),
});

const toRecord = (counts: Map<string, number>): Record<string, number> => {
  const out = Object.create(null) as Record<string, number>;
  for (const [key, count] of counts) out[key] = count;
  return out;
};

export const riskStatistics = (s: RiskStats): RiskStatistics => ({
  eventList: keptNewestFirst(s.kept),
  totalRejections: s.total,
  bySymbol: toRecord(s.bySymbol),
  byStrategy: toRecord(s.byStrategy),
});
