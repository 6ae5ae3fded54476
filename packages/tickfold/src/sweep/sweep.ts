import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { CandleSeries } from "@tickfold/core";
import type { TickfoldEventBus } from "@tickfold/events";
import { readCandleFile } from "../candle-file-exchange.js";
import { rankRuns, SweepOptionError, type RankedRun, type SweepMetric } from "./grid.js";
import { planSweep, type SweepOptions } from "./options.js";
import type { SweepRun } from "./run-job.js";
import { shareCandles, type SharedCandles } from "./shared-candles.js";

export interface LocalSweepOptions extends SweepOptions {
  /** Worker threads (default: one per core, `os.availableParallelism()`). */
  readonly threads?: number;
}

export interface SweepResult {
  readonly sweepName: string;
  readonly metric: SweepMetric;
  /** Every run, best first. */
  readonly runs: ReadonlyArray<RankedRun>;
  readonly best: RankedRun | null;
}

/**
 * The worker thread's entry. It is JavaScript that loads the TypeScript sources through tsx, so a
 * built copy of this file (dist/sweep/sweep.js) points at the one in src/, which the package ships.
 */
const WORKER = new URL(import.meta.url.endsWith(".js") ? "../../src/sweep/pool-worker.mjs" : "./pool-worker.mjs", import.meta.url);

/**
 * Runs every (parameters, symbol) backtest of a sweep on a pool of worker threads. Each symbol's
 * candles are read once, into shared memory, and every worker reads them there. Progress goes to
 * the bus's `progressWalker` topic (`listenWalkerProgress`), one event per finished run.
 *
 * The pool outlives a run: starting threads (each loads tsx, the engine and the strategy module)
 * costs about a second, which a second sweep of the same size need not pay again. Idle threads
 * do not keep the process alive; `close()` ends them (a different `threads` replaces the pool).
 */
export const createSweep = (bus: TickfoldEventBus) => {
  let warm: { readonly threads: number; readonly pool: Piscina } | null = null;
  const poolOf = async (threads: number): Promise<Piscina> => {
    if (warm?.threads === threads) return warm.pool;
    await close();
    const pool = new Piscina({ filename: WORKER.href, minThreads: threads, maxThreads: threads, idleTimeout: 1_000 });
    warm = { threads, pool };
    return pool;
  };
  const close = async (): Promise<void> => {
    const ending = warm;
    warm = null;
    await ending?.pool.destroy();
  };

  const run = async (options: LocalSweepOptions): Promise<SweepResult> => {
    const plan = planSweep(options);
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new SweepOptionError("threads", threads, "must be a whole number ≥ 1");
    const shared = new Map<string, SharedCandles>();
    for (const symbol of new Set(plan.jobs.map((job) => job.symbol))) shared.set(symbol, shareCandles(seriesOf(symbol, options.candles[symbol]!)));
    const pool = await poolOf(threads);
    let done = 0;
    const runs = await Promise.all(
      plan.jobs.map(async (job): Promise<SweepRun> => {
        const run = (await pool.run({ job, candles: shared.get(job.symbol) })) as SweepRun;
        done++;
        await bus.tryEmit("progressWalker", {
          walkerName: plan.sweepName,
          symbol: job.symbol,
          exchangeName: "sweep-candles",
          frameName: job.frame.frameName,
          totalStrategies: plan.jobs.length,
          processedStrategies: done,
          progress: done / plan.jobs.length,
        });
        return run;
      }),
    );
    const ranked = rankRuns(runs, plan.metric);
    return { sweepName: plan.sweepName, metric: plan.metric, runs: ranked, best: ranked[0] ?? null };
  };

  return {
    run,
    /** Ends the pool's worker threads (the next `run` starts new ones). */
    close,
  };
};

const seriesOf = (symbol: string, source: string | CandleSeries): CandleSeries => (typeof source === "string" ? readCandleFile(source) : source);
