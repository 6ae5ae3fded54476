import type { BacktestStatistics } from "@tickfold/core/report";
import { canonicalText } from "./fingerprint.js";
import type { SweepParams, SweepRun } from "./run-job.js";

export type SweepGrid = Readonly<Record<string, ReadonlyArray<number | string | boolean>>>;

/** The statistics a sweep can rank by: every number of the backtest statistics (reference §12.2 and §9). */
export const SWEEP_METRICS = [
  "sharpeRatio",
  "annualizedSharpeRatio",
  "winRate",
  "totalPnl",
  "certaintyRatio",
  "avgPnl",
  "expectedYearlyReturns",
  "compoundedReturn",
  "annualizedReturn",
  "maxDrawdown",
  "profitFactor",
  "expectancy",
  "sortinoRatio",
  "calmarRatio",
  "stdDev",
  "avgWin",
  "avgLoss",
  "totalSignals",
  "exposure",
] as const satisfies ReadonlyArray<keyof BacktestStatistics>;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** A bad sweep option: names the field and the value. */
export class SweepOptionError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super(`Sweep: ${field} = ${describeValue(value)} ${rule}`);
    this.name = "SweepOptionError";
  }
}

const describeValue = (value: unknown): string => {
  if (typeof value === "number") return String(value); // NaN and Infinity as themselves, not JSON's null
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Every combination of the grid's values, keys in sorted order and values in the order given: the same list on every machine. */
export const expandGrid = (grid: SweepGrid): SweepParams[] => {
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) throw new SweepOptionError("grid", grid, "must be an object of parameter name → list of values");
  const keys = Object.keys(grid).sort();
  for (const key of keys) {
    const values = grid[key];
    if (!Array.isArray(values) || values.length === 0) throw new SweepOptionError(`grid.${key}`, values, "must be a non-empty list of values");
    values.forEach((value, i) => {
      const plain = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
      if (!plain) throw new SweepOptionError(`grid.${key}[${i}]`, value, "must be a finite number, a string or a boolean");
    });
  }
  let sets: SweepParams[] = [{}];
  for (const key of keys) sets = sets.flatMap((set) => grid[key]!.map((value) => ({ ...set, [key]: value })));
  return sets;
};

export const checkMetric = (metric: unknown): SweepMetric => {
  if (!(SWEEP_METRICS as ReadonlyArray<unknown>).includes(metric)) throw new SweepOptionError("metric", metric, `is not a statistic a sweep ranks by (one of: ${SWEEP_METRICS.join(", ")})`);
  return metric as SweepMetric;
};

/** What identifies a run among a sweep's: its parameters and symbol, as canonical text. */
export const runKey = (run: { readonly params: SweepParams; readonly symbol: string }): string => canonicalText({ params: run.params, symbol: run.symbol });

export interface RankedRun extends SweepRun {
  readonly rank: number;
  /** The metric's value, null when the run has none (no trades, or a figure that is not finite). */
  readonly value: number | null;
}

/**
 * Best first: a higher metric is better, except for `maxDrawdown`, `stdDev` and `avgLoss`, where
 * a smaller size is (drawdown is a positive depth, average loss a negative percentage). Runs
 * without a value come last; ties go by run key, so the order never depends on which run
 * finished first or where.
 */
export const rankRuns = (runs: ReadonlyArray<SweepRun>, metric: SweepMetric): RankedRun[] => {
  const goodness = SMALLER_IS_BETTER.has(metric) ? (value: number) => -Math.abs(value) : (value: number) => value;
  const valued = runs.map((run) => {
    const raw = run.statistics[metric];
    const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    return { run, value, key: runKey(run) };
  });
  valued.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (goodness(a.value) !== goodness(b.value)) {
      return goodness(b.value) - goodness(a.value);
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  return valued.map(({ run, value }, i) => ({ ...run, rank: i + 1, value }));
};

const SMALLER_IS_BETTER: ReadonlySet<SweepMetric> = new Set(["maxDrawdown", "stdDev", "avgLoss"]);
