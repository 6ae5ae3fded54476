/**
 * `pnpm sweep:distributed`: the momentum sweep over a Redis job queue (bullmq). With no argument
 * it is the producer: it starts WORKERS worker processes (this file with `worker`), enqueues the
 * sweep, waits for the ranking and prints the best runs. With `worker` it is one worker, serving
 * every sweep on the queue until SIGTERM or SIGINT; start as many as you like, on any host that
 * reaches the Redis and has the candle file at the same path.
 *
 * Redis: REDIS_URL (default redis://127.0.0.1:6379). Optional: SWEEP_PREFIX (bullmq key prefix),
 * SWEEP_WORKERS (workers the producer starts, default 2), SWEEP_GRID=small (8 runs over 2020 Q1).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { clearSweepQueues, enqueueSweep, startSweepWorker, waitForSweep } from "tickfold/distributed";
import { momentumSweep, sweepSize } from "./momentum-sweep-grid.js";

const connection = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = process.env.SWEEP_PREFIX ?? "tickfold-example";
const queue = { connection, prefix };

const runWorker = (): void => {
  // Short lock and stall checks: a killed worker's job is back on the queue within seconds.
  const worker = startSweepWorker({ ...queue, lockDuration: 5_000, stalledInterval: 1_000, onRunStart: (jobId, attempt) => console.log(`worker ${process.pid} started ${jobId} attempt ${attempt}`) });
  const stop = () => void worker.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  console.log(`worker ${process.pid} ready`);
};

const runProducer = async (): Promise<void> => {
  const count = Number(process.env.SWEEP_WORKERS ?? 2);
  const workers: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "worker"], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, REDIS_URL: connection, SWEEP_PREFIX: prefix } }),
  );
  try {
    await clearSweepQueues(queue);
    const started = performance.now();
    const { sweepId, jobs } = await enqueueSweep({ ...momentumSweep(sweepSize()), ...queue });
    console.log(`enqueued ${sweepId}: ${jobs} jobs for ${count} workers`);
    const result = await waitForSweep(sweepId, queue);
    console.log(`\nranked ${result.runs.length} runs by ${result.metric} in ${((performance.now() - started) / 1000).toFixed(1)} s; best five:`);
    for (const run of result.runs.slice(0, 5)) console.log(`  ${run.rank}. ${JSON.stringify(run.params)}  ${result.metric} ${run.value?.toFixed(3) ?? "n/a"}  trades ${run.closedSignals}  fingerprint ${run.fingerprint}`);
  } finally {
    for (const worker of workers) worker.kill("SIGTERM");
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "worker") runWorker();
  else await runProducer();
}
