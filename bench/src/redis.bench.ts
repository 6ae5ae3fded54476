/**
 * `pnpm bench:redis [--commits N]`: the latency of one live commit through @tickfold/redis (a
 * schedule change and its event, fenced, in one Lua script) against a bare SET round trip on the
 * same connection (the floor: one request and its reply on loopback) and against the file store's
 * commit of the same change (outbox record, state file, acknowledge; each write fsynced).
 *
 * The three run in one process in the same run, interleaved (and the order rotated) so a noisy
 * neighbour slows all alike. Uses REDIS_URL, or starts its own redis-server on a free port.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SignalRow } from "@tickfold/core";
import { createPersistence } from "@tickfold/persist";
import { connectRedis, createRedisStorage } from "@tickfold/redis";
import startRedis from "../../test-support/redis.global-setup.js";

const args = process.argv.slice(2);
const commitsArg = args[args.indexOf("--commits") + 1];
const COMMITS = args.includes("--commits") && commitsArg !== undefined ? Number(commitsArg) : 1_000;
const WARMUP = 50;
const PAIR = { symbol: "BENCHUSDT", strategyName: "bench" };

const row = (n: number): SignalRow => ({
  id: `bench-${n}`,
  ...PAIR,
  exchangeName: "binance",
  position: "long",
  priceOpen: 42_000,
  priceTakeProfit: 43_000,
  priceStopLoss: 41_500,
  minuteEstimatedTime: 240,
  scheduledAt: 1_700_000_000_000 + n,
  pendingAt: 0,
  note: "benchmark",
});
const eventOf = (n: number) => [{ id: `bench-${n}:scheduled`, topic: "signal", payload: { id: `bench-${n}:scheduled` } }];

const elapsedMs = async (task: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/** Nearest-rank percentile of a sorted sample. */
const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const line = (name: string, samples: number[]): string => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  return `${name}: p50=${percentile(sorted, 50).toFixed(3)} ms p99=${percentile(sorted, 99).toFixed(3)} ms ops/s=${Math.round((1000 * samples.length) / total)}`;
};

const main = async (): Promise<void> => {
  const stopRedis = await startRedis();
  const redis = await connectRedis(process.env.REDIS_URL!);
  const baseDir = await mkdtemp(join(tmpdir(), "tickfold-bench-redis-"));
  try {
    const namespace = `bench-${process.pid}-${Date.now()}`;
    const storage = createRedisStorage({ redis, namespace, streamMaxLen: 1_000 });
    if ((await storage.acquire(PAIR)) === null) throw new Error("could not take the bench pair's lease");
    const files = createPersistence({ baseDir });
    const contestants: Record<string, (n: number) => Promise<unknown>> = {
      "redis SET round trip": (n) => redis.sendCommand(["SET", `${namespace}/set-floor`, JSON.stringify(row(n))]),
      "redis commit": (n) => storage.commit(PAIR, { kind: "schedule", row: row(n) }, eventOf(n)),
      "file commit": async (n) => {
        const record = await files.commit(PAIR, { kind: "schedule", row: row(n) }, eventOf(n));
        await files.acknowledge(record, record.seq);
      },
    };
    const names = Object.keys(contestants);
    const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let n = 0; n < WARMUP + COMMITS; n++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(n + k) % names.length]!;
        const ms = await elapsedMs(() => contestants[name]!(n));
        if (n >= WARMUP) samples[name]!.push(ms);
      }
    }
    for (const name of names) console.log(line(name, samples[name]!));
    const p50 = (name: string) => percentile([...samples[name]!].sort((a, b) => a - b), 50);
    console.log(`redis commit / SET round trip (p50) = ${(p50("redis commit") / p50("redis SET round trip")).toFixed(2)}; file commit / redis commit (p50) = ${(p50("file commit") / p50("redis commit")).toFixed(2)}; commits=${COMMITS}`);
    const keys = await redis.sendCommand<string[]>(["KEYS", `${namespace}*`]);
    if (keys.length > 0) await redis.sendCommand(["DEL", ...keys]);
  } finally {
    await redis.close();
    await rm(baseDir, { recursive: true, force: true });
    if (stopRedis) await stopRedis();
  }
};

await main();
