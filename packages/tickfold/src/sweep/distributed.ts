import { FlowProducer, Job, Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import type { CandleSeries } from "@tickfold/core";
import { readCandleFile } from "../candle-file-exchange.js";
import { fingerprintOf } from "./fingerprint.js";
import { rankRuns, SweepOptionError, type SweepMetric } from "./grid.js";
import { planSweep, type SweepOptions } from "./options.js";
import { runSweepJob, type SweepJob, type SweepRun } from "./run-job.js";
import type { SweepResult } from "./sweep.js";

/**
 * The same sweep over a Redis job queue (bullmq), for many processes or hosts: one job per
 * (parameters, symbol) whose id is a hash of its inputs, under one parent job that ranks the
 * results once every run is in (a bullmq flow). A worker that dies mid-job leaves its lock to
 * expire; another worker's stalled-job check puts the job back, and it runs again elsewhere. A job
 * is a pure function of its inputs, so the rerun gives the same result.
 */
export interface QueueOptions {
  /** Redis, as `redis://host:port` (or bullmq's connection options). */
  readonly connection: string | ConnectionOptions;
  /** Keeps sweeps of different users or tests apart in one Redis (bullmq's key prefix; default "tickfold"). */
  readonly prefix?: string;
}

export interface DistributedSweepOptions extends SweepOptions, QueueOptions {
  /** symbol → candle file: every worker host reads its own copy of the file at that path. */
  readonly candles: Readonly<Record<string, string>>;
}

export interface SweepWorkerOptions extends QueueOptions {
  /** How long a job's lock lasts without renewal; a dead worker's job is taken back after it (default 30 s). */
  readonly lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired (default 30 s; keep it short in tests). */
  readonly stalledInterval?: number;
  /** Called as a run starts (jobId, attempt): for logs. */
  readonly onRunStart?: (jobId: string, attempt: number) => void;
}

const RUNS = "tickfold-sweep-runs";
const RANK = "tickfold-sweep-rank";

interface RunData {
  readonly job: SweepJob;
  readonly file: string;
}
interface RankData {
  readonly sweepName: string;
  readonly metric: SweepMetric;
}

const connectionOf = (connection: string | ConnectionOptions): ConnectionOptions => {
  if (typeof connection !== "string") return connection;
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new SweepOptionError("connection", connection, "must be a redis:// URL");
  }
  if (url.protocol !== "redis:") throw new SweepOptionError("connection", connection, "must be a redis:// URL");
  // Workers block on Redis: bullmq asks for no retry limit per request.
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null, ...(url.password ? { password: decodeURIComponent(url.password) } : {}) };
};

const queueSettings = (options: QueueOptions) => ({ connection: connectionOf(options.connection), prefix: options.prefix ?? "tickfold" });

export interface EnqueuedSweep {
  /** The parent job's id: a hash of every run's inputs, so the same sweep is the same id. */
  readonly sweepId: string;
  readonly jobs: number;
}

/** Enqueues the sweep as a flow: one run job per (parameters, symbol) and the ranking job over them. Enqueuing it again adds nothing. */
export const enqueueSweep = async (options: DistributedSweepOptions): Promise<EnqueuedSweep> => {
  const plan = planSweep(options);
  const runs = plan.jobs.map((job): RunData => ({ job, file: options.candles[job.symbol]! }));
  const sweepId = `sweep-${fingerprintOf({ runs, metric: plan.metric, sweepName: plan.sweepName })}`;
  const settings = queueSettings(options);
  const flow = new FlowProducer(settings);
  try {
    const rank = new Queue(RANK, settings);
    const existing = await Job.fromId(rank, sweepId);
    await rank.close();
    if (existing === undefined) {
      await flow.add({
        name: "rank",
        queueName: RANK,
        data: { sweepName: plan.sweepName, metric: plan.metric } satisfies RankData,
        opts: { jobId: sweepId },
        children: runs.map((data) => ({ name: "run", queueName: RUNS, data, opts: { jobId: `run-${fingerprintOf(data)}` } })),
      });
    }
  } finally {
    await flow.close();
  }
  return { sweepId, jobs: runs.length };
};

/** Waits for the ranking job of an enqueued sweep and returns its result. */
export const waitForSweep = async (sweepId: string, options: QueueOptions): Promise<SweepResult> => {
  const settings = queueSettings(options);
  const events = new QueueEvents(RANK, settings);
  const rank = new Queue(RANK, settings);
  try {
    await events.waitUntilReady();
    const job = await Job.fromId<RankData, SweepResult>(rank, sweepId);
    if (job === undefined) throw new SweepOptionError("sweepId", sweepId, "is not an enqueued sweep");
    return (await job.isCompleted()) ? (job.returnvalue as SweepResult) : await job.waitUntilFinished(events);
  } finally {
    await events.close();
    await rank.close();
  }
};

/** How often each run job started (above 1: it was taken back from a worker that died or stalled), by job id. */
export const runAttempts = async (sweepId: string, options: QueueOptions): Promise<Record<string, number>> => {
  const settings = queueSettings(options);
  const rank = new Queue(RANK, settings);
  const runsQueue = new Queue(RUNS, settings);
  try {
    const parent = await Job.fromId(rank, sweepId);
    if (parent === undefined) throw new SweepOptionError("sweepId", sweepId, "is not an enqueued sweep");
    const { processed = {} } = await parent.getDependencies();
    const attempts: Record<string, number> = {};
    for (const key of Object.keys(processed)) {
      const id = key.slice(key.lastIndexOf(":") + 1);
      attempts[id] = (await Job.fromId(runsQueue, id))?.attemptsStarted ?? 0;
    }
    return attempts;
  } finally {
    await rank.close();
    await runsQueue.close();
  }
};

/**
 * A worker of every sweep on the queue, one run at a time (a process per core scales it): it
 * reads each candle file once, runs jobs, and ranks a sweep whose runs are all in. `close()` lets
 * the current job finish.
 */
export const startSweepWorker = (options: SweepWorkerOptions): { readonly close: () => Promise<void> } => {
  const settings = queueSettings(options);
  const files = new Map<string, CandleSeries>();
  const seriesOf = (file: string): CandleSeries => {
    let series = files.get(file);
    if (series === undefined) files.set(file, (series = readCandleFile(file)));
    return series;
  };
  const timing = {
    ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
    ...(options.stalledInterval === undefined ? {} : { stalledInterval: options.stalledInterval }),
  };
  const runs = new Worker<RunData, SweepRun>(
    RUNS,
    async (job) => {
      options.onRunStart?.(job.id ?? "", job.attemptsStarted);
      return runSweepJob(job.data.job, seriesOf(job.data.file));
    },
    { ...settings, ...timing, concurrency: 1, maxStalledCount: 3 },
  );
  const rank = new Worker<RankData, SweepResult>(
    RANK,
    async (job) => {
      const results = Object.values(await job.getChildrenValues<SweepRun>());
      const ranked = rankRuns(results, job.data.metric);
      return { sweepName: job.data.sweepName, metric: job.data.metric, runs: ranked, best: ranked[0] ?? null };
    },
    { ...settings, ...timing, concurrency: 1 },
  );
  return { close: async () => void (await Promise.all([runs.close(), rank.close()])) };
};

/** Removes every job of the sweep queues under the prefix (tests and examples clean up with it). */
export const clearSweepQueues = async (options: QueueOptions): Promise<void> => {
  const settings = queueSettings(options);
  for (const name of [RUNS, RANK]) {
    const queue = new Queue(name, settings);
    await queue.obliterate({ force: true });
    await queue.close();
  }
};
