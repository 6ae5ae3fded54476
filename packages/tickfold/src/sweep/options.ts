import type { CandleSeries } from "@tickfold/core";
import { checkMetric, expandGrid, SweepOptionError, type SweepGrid, type SweepMetric } from "./grid.js";
import type { SweepJob, SweepParams } from "./run-job.js";
import { isAbsolute, resolve } from "node:path";

export interface SweepOptions {
  /** Names the sweep on the progress topic (default "sweep"). */
  readonly sweepName?: string;
  /** Path of a module whose default export is `(params) => strategy schema` (TypeScript works). */
  readonly strategy: string;
  readonly grid: SweepGrid;
  readonly symbols: ReadonlyArray<string>;
  /** symbol → a 1-minute candle CSV file (gzipped when it ends in .gz), or a series already in memory. */
  readonly candles: Readonly<Record<string, string | CandleSeries>>;
  readonly frame: { readonly frameName?: string; readonly startDate: Date | string | number; readonly endDate: Date | string | number };
  /** The statistic runs are ranked by (best first). */
  readonly metric: SweepMetric;
  /** `setConfig` overrides for every run. */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface SweepPlan {
  readonly sweepName: string;
  readonly metric: SweepMetric;
  readonly paramSets: ReadonlyArray<SweepParams>;
  /** One job per (parameters, symbol), parameters first: the same order everywhere. */
  readonly jobs: ReadonlyArray<SweepJob>;
}

const time = (field: string, value: unknown): number => {
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) throw new SweepOptionError(field, value, "must be a valid date (Date, ISO string or epoch ms)");
  return ms;
};

/** Checks a sweep's options (every error names the field and value) and lists its jobs. */
export const planSweep = (options: SweepOptions): SweepPlan => {
  if (typeof options?.strategy !== "string" || options.strategy === "") throw new SweepOptionError("strategy", options?.strategy, "must be the path of a strategy module");
  const metric = checkMetric(options.metric);
  const paramSets = expandGrid(options.grid);
  const symbols = options.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0) throw new SweepOptionError("symbols", symbols, "must list at least one symbol");
  for (const symbol of symbols) {
    if (typeof symbol !== "string" || symbol === "") throw new SweepOptionError("symbols", symbol, "must hold non-empty strings");
    if (options.candles?.[symbol] === undefined) throw new SweepOptionError(`candles.${symbol}`, undefined, "must name a candle file or series for every symbol swept");
  }
  const startDate = time("frame.startDate", options.frame?.startDate);
  const endDate = time("frame.endDate", options.frame?.endDate);
  if (endDate < startDate) throw new SweepOptionError("frame.endDate", options.frame.endDate, "must not be before frame.startDate");
  const frame = { frameName: options.frame.frameName ?? "sweep-frame", startDate, endDate };
  // Workers resolve the module on their own: give them an absolute path.
  const strategy = options.strategy.startsWith("file:") || isAbsolute(options.strategy) ? options.strategy : resolve(options.strategy);
  const jobs = paramSets.flatMap((params) => symbols.map((symbol): SweepJob => ({ strategy, params, symbol, frame, ...(options.config === undefined ? {} : { config: options.config }) })));
  return { sweepName: options.sweepName ?? "sweep", metric, paramSets, jobs };
};
