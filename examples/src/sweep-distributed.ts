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
import { YEAR_OF_BTC } from "./lib/load-candles.js";

const connection = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = process.env.SWEEP_PREFIX ?? "tickfold-example";
const queue = { connection, prefix };
const QUARTER = fileURLToPath(new URL("../data/BTCUSDT-1m-backtest_and_deploy_2020Q1.csv.gz", import.meta.url));

/** The sweep every producer and test enqueues; `small` is the test's, quick enough to kill a worker in. */
export const momentumSweep = (size: "full" | "small") => ({
  strategy: fileURLToPath(new URL("./strategies/momentum-sweep.ts", import.meta.url)),
  ...(size === "small"
    ? {
        grid: { lookback: [30, 60, 120, 240], takeProfit: [1, 2] },
        candles: { BTCUSDT: QUARTER },
        frame: { startDate: "2020-01-01T06:00:00Z", endDate: "2020-03-31T23:00:00Z" },
      }
    : {
        grid: { lookback: [15, 30, 60, 120, 240, 360], takeProfit: [0.5, 1, 1.5, 2, 3, 5] },
        candles: { BTCUSDT: YEAR_OF_BTC },
        frame: { startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" },
      }),
  symbols: ["BTCUSDT"],
  metric: "sharpeRatio" as const,
});

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
    const { sweepId, jobs } = await enqueueSweep({ ...momentumSweep(process.env.SWEEP_GRID === "small" ? "small" : "full"), ...queue });
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
