/**
 * tickfold/distributed: parameter sweeps over a Redis job queue (bullmq), for many processes and
 * hosts. A separate entry, so that `tickfold` itself never loads bullmq.
 */
export { enqueueSweep, waitForSweep, startSweepWorker, runAttempts, clearSweepQueues } from "./sweep/distributed.js";
export type { DistributedSweepOptions, EnqueuedSweep, QueueOptions, SweepWorkerOptions } from "./sweep/distributed.js";
