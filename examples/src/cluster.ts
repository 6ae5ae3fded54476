/**
 * `pnpm exec tsx examples/src/cluster.ts [workers] [instances]`: several live worker processes
 * (each one engine running `Live.run` on `redisLiveStorage`) share the instances through one Redis
 * (each owns some, by lease and fencing token), and one
 * monitor process prints every event from all of them. Uses REDIS_URL, or starts a redis-server
 * of its own on a free loopback port. Halfway through, one worker is killed: its instances are
 * taken over by the others once its leases expire, and their state recovered from Redis.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCandleFile } from "tickfold";
import startRedis from "../../test-support/redis.global-setup.js";

const WORKERS = Number(process.argv[2] ?? 3);
const INSTANCES = Number(process.argv[3] ?? 4);
const CANDLES = 300;
const symbols = Array.from({ length: INSTANCES }, (_, i) => `SYM${i + 1}`);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const stopRedis = await startRedis();
const url = process.env.REDIS_URL!;
const namespace = `cluster-example-${Date.now()}`;
const work = mkdtempSync(join(tmpdir(), "tickfold-cluster-example-"));
const series = readCandleFile(here("../data/BTCUSDT-1m-backtest_and_deploy_2020Q1.csv.gz"));
const candles = Array.from({ length: CANDLES }, (_, j) => ({ timestamp: series.timestamp[j]!, open: series.open[j]!, high: series.high[j]!, low: series.low[j]!, close: series.close[j]!, volume: series.volume[j]! }));
const candlesPath = join(work, "candles.json");
writeFileSync(candlesPath, JSON.stringify(candles));

/** Runs a TypeScript entry with tsx, prefixing each line it prints. */
const run = (label: string, entry: string, args: ReadonlyArray<string>, onLine: (line: string) => void = () => undefined): ChildProcess => {
  const child = spawn(process.execPath, ["--import", "tsx", here(entry), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let buffer = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (buffer + chunk).split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      console.log(`${label.padEnd(9)} ${line}`);
      onLine(line);
    }
  });
  return child;
};

const done = new Set<string>();
const monitor = run("monitor", "./cluster/monitor.ts", [url, namespace, ...symbols]);
const maxOwned = String(Math.ceil(INSTANCES / Math.max(1, WORKERS - 1)));
// One market clock for all workers, one candle every 50 ms, starting once they had time to start.
const workerArgs = [url, namespace, candlesPath, "2000", String(Date.now() + 3_000), "50", maxOwned, ...symbols];
let killed = false;
const onWorkerLine = (worker: number) => (line: string) => {
  if (line.startsWith("done ")) done.add(line.split(" ")[1]!);
  // A few seconds into worker-1's first instance, it dies.
  if (worker === 0 && line.startsWith("owner ") && !killed) {
    killed = true;
    setTimeout(() => {
      console.log("cluster   killing worker-1 (SIGKILL); its instances move once their leases expire");
      workers[0]!.kill("SIGKILL");
    }, 5_000);
  }
};
const workers = Array.from({ length: WORKERS }, (_, i) => run(`worker-${i + 1}`, "./cluster/worker.ts", workerArgs, onWorkerLine(i)));

const finished = await new Promise<boolean>((resolve) => {
  const started = Date.now();
  const timer = setInterval(() => {
    if (done.size === INSTANCES || Date.now() - started > 120_000) {
      clearInterval(timer);
      resolve(done.size === INSTANCES);
    }
  }, 100);
});
// Give the monitor a moment to print the last events, then stop everything.
await new Promise((resolve) => setTimeout(resolve, 1_000));
for (const child of [...workers, monitor]) child.kill("SIGTERM");
rmSync(work, { recursive: true, force: true });
if (stopRedis) await stopRedis();
console.log(finished ? `cluster   all ${INSTANCES} instances went through ${CANDLES} candles` : "cluster   gave up after 120 s");
process.exit(finished ? 0 : 1);
