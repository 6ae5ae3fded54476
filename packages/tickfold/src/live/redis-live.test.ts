import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LiveResult } from "@tickfold/core/engine";
import { LeaseHeldError, LeaseLostError, type RedisLiveStorage } from "@tickfold/redis";
import { afterAll, describe, expect, it } from "vitest";
import type { NodeEngine } from "../create-engine.js";
import { closeLiveBackends, DAY_START, FILE_BACKEND, LIVE_TARGET, liveEngine, redisBackendWith, swing, tempDir } from "./live.fixture.js";

afterAll(closeLiveBackends);

const PAIR = { symbol: "BTCUSDT", strategyName: "swing" };
const noWait = redisBackendWith({ waitForLeaseMs: 0 });

/** Iterates a live run in the background; `results` fills as it goes, `ended` settles with it. */
const drive = (run: AsyncGenerator<LiveResult, void, undefined>) => {
  const results: LiveResult[] = [];
  const ended = (async () => {
    for await (const result of run) results.push(result);
  })();
  ended.catch(() => undefined);
  return { results, ended };
};

/** Registers `strategyName` (the swing strategy) whose ask number `at` hangs until `wake`. */
const pauseAtAsk = (engine: NodeEngine, strategyName: string, at: number) => {
  let asks = 0;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  let reachedAt: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reachedAt = resolve));
  engine.addStrategy({
    strategyName,
    interval: "15m",
    getSignal: async (symbol, when, price) => {
      asks += 1;
      if (asks === at) {
        reachedAt();
        await woken;
      }
      return swing(symbol, when.getTime(), price);
    },
  });
  return { reached, wake };
};

describe("Live.run on Redis: one owner per symbol and strategy", () => {
  it("keeps the journal in Redis line for line as the file journal", async () => {
    const redis = liveEngine(tempDir(), { backend: noWait });
    redis.engine.Live.background("BTCUSDT", LIVE_TARGET);
    const dir = tempDir();
    const files = liveEngine(dir, { backend: FILE_BACKEND });
    files.engine.Live.background("BTCUSDT", LIVE_TARGET);
    await Promise.all([redis.clock.ended, files.clock.ended]);
    const fileLines = readFileSync(join(dir, "journal", "BTCUSDT_swing.jsonl"), "utf8").split("\n").slice(0, -1);
    expect(fileLines.length).toBeGreaterThan(1440);
    expect(await (redis.storage as RedisLiveStorage).readJournal(PAIR)).toEqual(fileLines);
    expect(redis.delivered.map((e) => e.id)).toEqual(files.delivered.map((e) => e.id));
  });

  it("refuses a second owner while the first runs (naming the holder), and frees the instance when the run stops", async () => {
    const dir = tempDir();
    const first = liveEngine(dir, { backend: redisBackendWith({ waitForLeaseMs: 0, owner: "desk-a" }) });
    // The first owner is busy in getSignal (its lease renewed meanwhile) while the second tries.
    const gate = pauseAtAsk(first.engine, "held", 2);
    const run = drive(first.engine.Live.run("BTCUSDT", { strategyName: "held", exchangeName: "binance-file" }));
    await gate.reached;

    const second = liveEngine(dir, { backend: redisBackendWith({ waitForLeaseMs: 0, owner: "desk-b" }) });
    pauseAtAsk(second.engine, "held", Infinity);
    const exits: Array<{ message: string; error: unknown }> = [];
    second.engine.listenExit((event) => void exits.push(event));
    await expect(drive(second.engine.Live.run("BTCUSDT", { strategyName: "held", exchangeName: "binance-file" })).ended).rejects.toThrow(/is owned by another process \(lease held by "desk-a", \d+ ms left\)/);
    expect(exits.map((e) => e.message)).toEqual([expect.stringMatching(/^Live held on BTCUSDT stopped: recovery of its storage failed: BTCUSDT\/held is owned by another process/)]);
    expect((exits[0]!.error as Error).cause).toBeInstanceOf(LeaseHeldError);
    expect(second.delivered).toEqual([]);

    // Stopped: the open position closes, the run ends, the lease is given back at once.
    first.engine.Live.stop("BTCUSDT", "held");
    gate.wake();
    await run.ended;
    const third = liveEngine(dir, { backend: noWait, start: DAY_START + 3 * 60 * 60_000 });
    pauseAtAsk(third.engine, "held", Infinity);
    const thirdRun = drive(third.engine.Live.run("BTCUSDT", { strategyName: "held", exchangeName: "binance-file" }));
    await new Promise<void>((resolve) => third.engine.listenSignal(() => resolve()));
    // It continued the instance: the next signals, not a repeat of the first run's.
    const firstIds = new Set(first.delivered.map((e) => e.id));
    expect(firstIds.size).toBeGreaterThan(0);
    expect(third.delivered.length).toBeGreaterThan(0);
    expect(third.delivered.every((e) => !firstIds.has(e.id))).toBe(true);
    third.engine.Live.stop("BTCUSDT", "held");
    await thirdRun.ended;
  });

  it("an owner paused past its lease has its next write refused by the fencing token and stops on exit; the new owner continues from the committed state", async () => {
    const dir = tempDir();
    // The first owner never renews in time: its lease runs out while getSignal hangs (a pause).
    const first = liveEngine(dir, { backend: redisBackendWith({ leaseMs: 300, renewEveryMs: 60_000 }) });
    const gate = pauseAtAsk(first.engine, "slow", 3);
    const target = { strategyName: "slow", exchangeName: "binance-file" } as const;
    const exits: Array<{ message: string; error: unknown }> = [];
    first.engine.listenExit((event) => void exits.push(event));
    const run = drive(first.engine.Live.run("BTCUSDT", target));
    await gate.reached;
    const beforePause = first.delivered.map((e) => e.id);
    expect(beforePause.length).toBeGreaterThan(0);

    // Another process takes the instance over once the lease expired, and runs the rest of the day.
    const second = liveEngine(dir, { backend: redisBackendWith({ waitForLeaseMs: 5_000 }), start: DAY_START + 6 * 60 * 60_000 });
    pauseAtAsk(second.engine, "slow", Infinity);
    const recovered: number[] = [];
    const storage = second.storage as RedisLiveStorage;
    const recover = storage.recover.bind(storage);
    storage.recover = async (pair, params) => {
      const instance = await recover(pair, params);
      recovered.push(instance.token);
      return instance;
    };
    second.engine.Live.background("BTCUSDT", target);
    await second.clock.ended;
    expect(recovered).toEqual([2]);

    // The paused owner wakes up: its commit is refused, it says so on exit and delivers nothing more.
    gate.wake();
    await expect(run.ended).rejects.toThrow(/Lost ownership of BTCUSDT\/slow \(fencing token 1\)/);
    expect(exits).toHaveLength(1);
    // Whichever write comes first, the step's commit or the journal's flush, is refused.
    expect(exits[0]!.message).toMatch(/^Live slow on BTCUSDT stopped: (the commit of .*|making the journal durable) failed: Lost ownership of BTCUSDT\/slow \(fencing token 1\): a write was refused: its fencing token 1 is older than the current 2/);
    const lost = (exits[0]!.error as Error).cause as LeaseLostError;
    expect(lost).toBeInstanceOf(LeaseLostError);
    expect(lost.loss).toBe("fenced");
    expect(first.delivered.map((e) => e.id)).toEqual(beforePause);
    // Between them every event came once: the second continued where the first's commits ended.
    const all = [...beforePause, ...second.delivered.map((e) => e.id)];
    expect(new Set(all).size).toBe(all.length);
    expect(second.delivered.length).toBeGreaterThan(10);
  });

  it("refuses a strategy with risk profiles, by name", async () => {
    const storage = noWait.storage(tempDir());
    const params = { symbol: "BTCUSDT", strategyName: "guarded", exchangeName: "binance-file", backtest: false, config: {} as never, intervalMs: 900_000, endDate: Infinity, riskNames: ["book"], progressCallbacks: false };
    await expect(storage.recover(PAIR, params)).rejects.toThrow(/riskNames = \["book"\]: risk profiles are not supported on the Redis live storage yet/);
  });
});
