/**
 * `pnpm bench:redis [--commits N]`: the latency of one live step's commit through the live
 * runner's port, `LiveStorage.commit(effect, meta, journal)`, on Redis (`redisLiveStorage`: the
 * journal line, state, meta, record and stream event in one fenced Lua script) against the file
 * storage (`fileLiveStorage`: journal append + fsync, outbox record, state file, meta.json; each
 * write fsynced) and against a bare SET round trip on the same connection (the floor: one request
 * and its reply on loopback). Each commit carries one journal line (the tick it came from) and one
 * event; the record is acknowledged after the timed commit, as the runner does after delivery.
 *
 * The three run in one process in the same run, interleaved (and the order rotated) so a noisy
 * neighbour slows all alike; the load average is printed beside the figures. Uses REDIS_URL, or
 * starts its own redis-server on a free port (no persistence: see DESIGN.md on appendfsync).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, type CommitEffect, type LifecycleParams, type SignalRow } from "@tickfold/core";
import type { LiveJournal, LiveStorage } from "@tickfold/core/engine";
import { connectRedis, redisLiveStorage } from "@tickfold/redis";
import { fileLiveStorage } from "tickfold";
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
const effectOf = (n: number): CommitEffect => ({
  type: "commit",
  ...PAIR,
  changes: [{ kind: "schedule", row: row(n) }],
  events: [{ type: "emit", topic: "signal", event: { id: `bench-${n}:scheduled` } as never }],
});
const PARAMS: LifecycleParams = { ...PAIR, exchangeName: "binance", backtest: false, config: { ...DEFAULT_CONFIG }, intervalMs: 60_000, endDate: Number.POSITIVE_INFINITY, riskNames: [], progressCallbacks: false };

/** A live storage with the bench pair recovered and its journal open, committing as the runner does. */
const liveCommitter = async (storage: LiveStorage) => {
  await storage.recover(PAIR, PARAMS);
  const journal: LiveJournal = await storage.openJournal(PAIR, PARAMS);
  return {
    commit: (n: number) => {
      journal.append({ type: "input", input: { kind: "tick", time: 1_700_000_000_000 + n * 60_000, price: 42_000, high: 42_010, low: 41_990, priceBefore: 41_995 } });
      return storage.commit(effectOf(n), { cursor: 1_700_000_000_000 + n * 60_000, lastSignalId: null, askedBucket: n }, journal);
    },
    close: () => journal.close(),
  };
};

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
    const redisLive = redisLiveStorage({ redis, namespace, streamMaxLen: 1_000 });
    const fileLive = fileLiveStorage({ baseDir });
    const redisCommitter = await liveCommitter(redisLive);
    const fileCommitter = await liveCommitter(fileLive);
    /** Untimed: the record leaves the outbox after delivery, so the outbox stays as small as live. */
    let toAcknowledge: (() => Promise<void>) | undefined;
    const committing = (storage: LiveStorage, committer: typeof redisCommitter) => async (n: number) => {
      const record = await committer.commit(n);
      toAcknowledge = () => storage.acknowledge(PAIR, record);
    };
    const contestants: Record<string, (n: number) => Promise<unknown>> = {
      "redis SET round trip": (n) => redis.sendCommand(["SET", `${namespace}/set-floor`, JSON.stringify(row(n))]),
      "redis LiveStorage commit": committing(redisLive, redisCommitter),
      "file LiveStorage commit": committing(fileLive, fileCommitter),
    };
    const names = Object.keys(contestants);
    const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let n = 0; n < WARMUP + COMMITS; n++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(n + k) % names.length]!;
        const ms = await elapsedMs(() => contestants[name]!(n));
        if (n >= WARMUP) samples[name]!.push(ms);
        await toAcknowledge?.();
        toAcknowledge = undefined;
      }
    }
    for (const name of names) console.log(line(name, samples[name]!));
    const p50 = (name: string) => percentile([...samples[name]!].sort((a, b) => a - b), 50);
    const load = loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`redis LiveStorage commit / SET round trip (p50) = ${(p50("redis LiveStorage commit") / p50("redis SET round trip")).toFixed(2)}; file LiveStorage commit / redis LiveStorage commit (p50) = ${(p50("file LiveStorage commit") / p50("redis LiveStorage commit")).toFixed(2)}; commits=${COMMITS}; load average ${load}`);
    await redisCommitter.close();
    await fileCommitter.close();
    await redisLive.close();
    const keys = await redis.sendCommand<string[]>(["KEYS", `${namespace}*`]);
    if (keys.length > 0) await redis.sendCommand(["DEL", ...keys]);
  } finally {
    await redis.close();
    await rm(baseDir, { recursive: true, force: true });
    if (stopRedis) await stopRedis();
  }
};

await main();
