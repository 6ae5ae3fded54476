import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createEngine } from "tickfold";
import { clearSweepQueues, enqueueSweep, runAttempts, waitForSweep } from "tickfold/distributed";
import { momentumSweep } from "./momentum-sweep-grid.js";

const EXAMPLE = fileURLToPath(new URL("./sweep-distributed.ts", import.meta.url));
const WORKERS = 3;

/** A worker process of the example; `onLine` sees each line it prints. */
const startWorker = (queue: { connection: string; prefix: string }, onLine: (line: string, child: ChildProcess) => void): ChildProcess => {
  const child = spawn(process.execPath, ["--import", "tsx", EXAMPLE, "worker"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { ...process.env, REDIS_URL: queue.connection, SWEEP_PREFIX: queue.prefix },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) onLine(line, child);
  });
  return child;
};

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

describe("distributed sweep", () => {
  it("survives a worker killed mid-job: the job is retried elsewhere and the ranking equals the single-process one", async () => {
    const queue = { connection: process.env.REDIS_URL!, prefix: `tickfold-test-${process.pid}` };
    await clearSweepQueues(queue);
    const sweep = momentumSweep("small");
    let killed = 0;
    // The first worker to start a job is killed with SIGKILL while it runs it: no clean-up, its lock just expires.
    const workers = Array.from({ length: WORKERS }, () =>
      startWorker(queue, (line, child) => {
        if (killed === 0 && / started run-/.test(line)) {
          killed++;
          child.kill("SIGKILL");
        }
      }),
    );
    try {
      const enqueued = await enqueueSweep({ ...sweep, ...queue });
      // The same sweep again is the same jobs: nothing is added.
      expect(await enqueueSweep({ ...sweep, ...queue })).toEqual(enqueued);
      const distributed = await waitForSweep(enqueued.sweepId, queue);
      const attempts = await runAttempts(enqueued.sweepId, queue);
      const retried = Object.values(attempts).filter((n) => n > 1).length;

      const local = await createEngine().Sweep.run(sweep);
      const ranking = (result: typeof local) => result.runs.map((run) => [run.rank, run.symbol, run.params, run.fingerprint]);
      const matches = JSON.stringify(ranking(distributed)) === JSON.stringify(ranking(local));
      console.log(`distributed sweep: jobs=${enqueued.jobs} workers=${WORKERS} killed=${killed} retried=${retried} results=${distributed.runs.length} ranking-matches-local=${matches}`);

      expect(Object.keys(attempts)).toHaveLength(enqueued.jobs);
      expect(killed).toBe(1);
      expect(retried).toBeGreaterThanOrEqual(1);
      expect(distributed.runs).toHaveLength(enqueued.jobs);
      expect(ranking(distributed)).toEqual(ranking(local));
      expect(distributed.runs.map((run) => run.value)).toEqual(local.runs.map((run) => run.value));
    } finally {
      for (const worker of workers) worker.kill("SIGTERM");
      await Promise.all(workers.map(exited));
      await clearSweepQueues(queue);
    }
  }, 90_000);

  it("pnpm sweep:distributed (SWEEP_GRID=small), run as a user runs it: the producer starts its workers and prints the ranking a local sweep gives", async () => {
    const queue = { connection: process.env.REDIS_URL!, prefix: `tickfold-test-producer-${process.pid}` };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", EXAMPLE], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, REDIS_URL: queue.connection, SWEEP_PREFIX: queue.prefix, SWEEP_GRID: "small", SWEEP_WORKERS: "2" },
      encoding: "utf8",
    });
    try {
      expect(stdout).toMatch(/^enqueued sweep-[0-9a-f]+: 8 jobs for 2 workers$/m);
      expect(stdout).toMatch(/^ranked 8 runs by sharpeRatio in [\d.]+ s; best five:$/m);
      const printed = [...stdout.matchAll(/^ {2}(\d+)\. (\{.*\}) {2}sharpeRatio (-?[\d.]+|n\/a) {2}trades (\d+) {2}fingerprint ([0-9a-f]{16})$/gm)].map((m) => [Number(m[1]), JSON.parse(m[2]!), m[3], Number(m[4]), m[5]]);
      const { Sweep } = createEngine();
      const local = await Sweep.run({ ...momentumSweep("small"), threads: 1 });
      await Sweep.close();
      expect(printed).toEqual(local.runs.slice(0, 5).map((run) => [run.rank, run.params, run.value?.toFixed(3) ?? "n/a", run.closedSignals, run.fingerprint]));
    } finally {
      await clearSweepQueues(queue);
    }
  }, 90_000);
});
