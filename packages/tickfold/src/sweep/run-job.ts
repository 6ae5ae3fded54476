import { pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { seriesWindow, type CandleSeries } from "@tickfold/core";
import type { BacktestStatistics } from "@tickfold/core/report";
import { createEngine, type EventSink, type StrategySchema } from "@tickfold/core/engine";
import { asyncContextCarrier, nodeClock } from "../node-ports.js";
import { fingerprintOf } from "./fingerprint.js";

/** A sweep's parameter values: what a grid lists and a job carries (JSON, so it crosses threads and hosts). */
export type SweepParams = Readonly<Record<string, number | string | boolean>>;

/** What a strategy module exports as its default: the strategy for one set of parameters. */
export type StrategyFactory = (params: SweepParams) => Omit<StrategySchema, "strategyName"> & { readonly strategyName?: string };

/** One backtest of a sweep: everything but the candles is plain JSON. */
export interface SweepJob {
  /** Absolute path (or file URL) of the strategy module. */
  readonly strategy: string;
  readonly params: SweepParams;
  readonly symbol: string;
  readonly frame: { readonly frameName: string; readonly startDate: number; readonly endDate: number };
  /** `setConfig` overrides, the same for every run. */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface SweepRun {
  readonly params: SweepParams;
  readonly symbol: string;
  /** Canonical hash of the run's closed-signal events: equal runs have equal fingerprints wherever they ran. */
  readonly fingerprint: string;
  readonly closedSignals: number;
  readonly statistics: BacktestStatistics;
}

/** A strategy module that cannot be imported, or whose default export is no factory; names the path. */
export class StrategyModuleError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Sweep: strategy = ${JSON.stringify(path)} ${reason}`, options);
    this.name = "StrategyModuleError";
  }
}

/** The module's URL: absolute paths and file URLs as given, relative paths from the working directory. */
export const strategyUrl = (path: string): string =>
  path.startsWith("file:") ? path : pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;

const factories = new Map<string, Promise<StrategyFactory>>();

/** Imports the strategy module once per thread and checks that its default export is a function. */
export const loadFactory = (path: string): Promise<StrategyFactory> => {
  const cached = factories.get(path);
  if (cached !== undefined) return cached;
  const loading = (async () => {
    let module: { default?: unknown };
    try {
      module = (await import(strategyUrl(path))) as { default?: unknown };
    } catch (error) {
      throw new StrategyModuleError(path, `could not be imported in a sweep worker: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (typeof module.default !== "function") {
      throw new StrategyModuleError(path, `must export a default function (params) => strategy schema; its default export is ${typeof module.default}`);
    }
    return module.default as StrategyFactory;
  })();
  factories.set(path, loading);
  loading.catch(() => factories.delete(path));
  return loading;
};

/**
 * Nothing listens to a sweep run's events in its thread or process (progress is the pool's, per
 * finished run), so they go nowhere, as on a bus without subscribers. Wiring the core engine
 * here, instead of tickfold's `createEngine`, also keeps the bus, the file store, the report
 * dumpers and piscina out of every worker's start-up.
 */
const NO_LISTENERS: EventSink = { emit: () => undefined, drain: () => Promise.resolve() };

const STRATEGY = "sweep";
const EXCHANGE = "sweep-candles";

/**
 * Runs one backtest of a sweep on an engine of its own (no schema, risk book or event is shared
 * with any other run), over `series`, and returns its statistics and fingerprint.
 */
export const runSweepJob = async (job: SweepJob, series: CandleSeries): Promise<SweepRun> => {
  const factory = await loadFactory(job.strategy);
  const engine = createEngine({ events: NO_LISTENERS, clock: nodeClock, context: asyncContextCarrier() });
  if (job.config !== undefined) engine.setConfig({ ...job.config });
  engine.addExchange({
    exchangeName: EXCHANGE,
    getCandleSeries: (_symbol, from, to) => seriesWindow(series, from, to),
    getCandles: () => {
      throw new Error("Sweep: the sweep's exchange serves candle series only");
    },
  });
  engine.addFrame({ frameName: job.frame.frameName, startDate: job.frame.startDate, endDate: job.frame.endDate });
  engine.addStrategy({ ...factory(job.params), strategyName: STRATEGY });
  const closed: unknown[] = [];
  for await (const result of engine.Backtest.run(job.symbol, { strategyName: STRATEGY, exchangeName: EXCHANGE, frameName: job.frame.frameName })) {
    if (result.action === "closed") closed.push(result);
  }
  return {
    params: job.params,
    symbol: job.symbol,
    fingerprint: fingerprintOf(closed),
    closedSignals: closed.length,
    statistics: engine.Backtest.getData(job.symbol, STRATEGY),
  };
};
