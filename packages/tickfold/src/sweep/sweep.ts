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
 * do not keep the process alive. A run with another `threads` gets a new pool, and the old one
 * ends once the runs on it have finished; `close()` ends the pool the same way.
 */
export const createSweep = (bus: TickfoldEventBus) => {
  interface Warm {
    readonly threads: number;
    readonly pool: Piscina;
    running: number;
    retired: boolean;
    /** Who waits for the last run on a retired pool to finish (`close`). */
    readonly waiting: Array<() => void>;
    ended?: Promise<void>;
  }
  let warm: Warm | null = null;
  const end = (w: Warm): Promise<void> => (w.ended ??= w.pool.destroy());
  const retire = (w: Warm): Promise<void> => {
    w.retired = true;
    return w.running === 0 ? end(w) : new Promise<void>((resolve) => w.waiting.push(resolve)).then(() => end(w));
  };
  const acquire = (threads: number): Warm => {
    if (warm?.threads !== threads) {
      if (warm !== null) void retire(warm);
      warm = { threads, pool: new Piscina({ filename: WORKER.href, minThreads: threads, maxThreads: threads }), running: 0, retired: false, waiting: [] };
    }
    warm.running++;
    return warm;
  };
  const release = (w: Warm): void => {
    w.running--;
    if (!w.retired || w.running > 0) return;
    for (const resolve of w.waiting.splice(0)) resolve();
    void end(w);
  };
  const close = async (): Promise<void> => {
    const w = warm;
    warm = null;
    if (w !== null) await retire(w);
  };

  const run = async (options: LocalSweepOptions): Promise<SweepResult> => {
    const plan = planSweep(options);
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new SweepOptionError("threads", threads, "must be a whole number ≥ 1");
    const shared = new Map<string, SharedCandles>();
    for (const symbol of new Set(plan.jobs.map((job) => job.symbol))) shared.set(symbol, shareCandles(seriesOf(symbol, options.candles[symbol]!)));
    const held = acquire(threads);
    let done = 0;
    let settled: PromiseSettledResult<SweepRun>[];
    try {
      // Every job settles before the pool is let go, a failed one included: a pool ended (close)
      // while another job of this run was still on it got that job's answer as an unknown task
      // and threw it, uncaught, from piscina's message handler.
      settled = await Promise.allSettled(
        plan.jobs.map(async (job): Promise<SweepRun> => {
          const run = (await held.pool.run({ job, candles: shared.get(job.symbol) })) as SweepRun;
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
    } finally {
      release(held);
    }
    const failed = settled.find((result) => result.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const runs = settled.map((result) => (result as PromiseFulfilledResult<SweepRun>).value);
    const ranked = rankRuns(runs, plan.metric);
    return { sweepName: plan.sweepName, metric: plan.metric, runs: ranked, best: ranked[0] ?? null };
  };

  return {
    run,
    /** Ends the pool's worker threads once the runs on them finished (the next `run` starts new ones). */
    close,
  };
};

const seriesOf = (symbol: string, source: string | CandleSeries): CandleSeries => (typeof source === "string" ? readCandleFile(source) : source);
