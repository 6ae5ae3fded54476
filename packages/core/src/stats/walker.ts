import type { BacktestStatistics } from "./trades.js";

/** Metrics a Walker may rank by (reference §12.2); higher is always better. */
export const WALKER_METRICS = [
  "sharpeRatio",
  "annualizedSharpeRatio",
  "winRate",
  "totalPnl",
  "certaintyRatio",
  "avgPnl",
  "expectedYearlyReturns",
] as const;
export type WalkerMetric = (typeof WALKER_METRICS)[number];

export interface WalkerEntry {
  readonly strategyName: string;
  readonly statistics: BacktestStatistics;
}

/** The strategies a walker tested, in the order they finished. */
export interface WalkerStats {
  readonly metric: WalkerMetric;
  entries: WalkerEntry[];
}

export interface WalkerRow {
  readonly rank: number;
  readonly strategyName: string;
  readonly metricValue: number | null;
  readonly statistics: BacktestStatistics;
}

export interface WalkerStatistics {
  readonly metric: WalkerMetric;
  readonly totalStrategies: number;
  /** Best first; strategies without a value last; ties keep the order they ran in. */
  readonly ranking: WalkerRow[];
  readonly bestStrategy: string | null;
  readonly bestMetric: number | null;
}

export const emptyWalkerStats = (metric: WalkerMetric = "sharpeRatio"): WalkerStats => {
  if (!(WALKER_METRICS as ReadonlyArray<string>).includes(metric)) {
    throw new Error(`Walker metric = ${String(metric)} is not one of ${WALKER_METRICS.join(", ")}`);
  }
  return { metric, entries: [] };
};

/** Adds one strategy's finished backtest statistics; mutates and returns `stats`. */
export const addWalkerStats = (stats: WalkerStats, entry: WalkerEntry): WalkerStats => {
  stats.entries.push(entry);
  return stats;
};

export const mergeWalkerStats = (a: WalkerStats, b: WalkerStats): WalkerStats => ({ metric: a.metric, entries: [...a.entries, ...b.entries] });

const metricOf = (statistics: BacktestStatistics, metric: WalkerMetric): number | null => {
  const value = statistics[metric];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

export const walkerStatistics = (s: WalkerStats): WalkerStatistics => {
  const valued = s.entries.map((entry, order) => ({ entry, order, value: metricOf(entry.statistics, s.metric) }));
  valued.sort((x, y) => {
    if (x.value === null || y.value === null) return x.value === y.value ? x.order - y.order : x.value === null ? 1 : -1;
    return y.value - x.value || x.order - y.order;
  });
  const ranking = valued.map(({ entry, value }, i) => ({ rank: i + 1, strategyName: entry.strategyName, metricValue: value, statistics: entry.statistics }));
  const best = ranking[0]?.metricValue === null ? undefined : ranking[0];
  return {
    metric: s.metric,
    totalStrategies: s.entries.length,
    ranking,
    bestStrategy: best?.strategyName ?? null,
    bestMetric: best?.metricValue ?? null,
  };
};
