import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { connectRedis, redisLiveStorage, type RedisLiveStorage, type RedisLiveStorageOptions } from "@tickfold/redis";
import { simulatedClock, type ExchangeSchema, type LiveStorage, type SimulatedClock, type StrategyCallbacks } from "@tickfold/core/engine";
import type { GetSignal } from "@tickfold/core";
import { createEngine, type NodeEngine } from "../create-engine.js";
import { fileExchange } from "../engine.fixture.js";
import { fileLiveStorage } from "./file-storage.js";

/** A day of the shipped candles: 2025-03-02 UTC. */
export const DAY_START = Date.parse("2025-03-02T00:00:00Z");
export const DAY_END = DAY_START + 24 * 60 * 60_000;

/** Every 15 minutes a position with the last 15 minutes' move: a few dozen signals and milestones a day. */
export const swing: GetSignal = (_symbol, _when, price) => {
  const long = Math.floor(price) % 2 === 0;
  return {
    position: long ? "long" : "short",
    priceTakeProfit: long ? price * 1.006 : price * 0.994,
    priceStopLoss: long ? price * 0.995 : price * 1.005,
    minuteEstimatedTime: 120,
  };
};

export interface DeliveredEvent {
  readonly topic: string;
  readonly id: string;
  readonly payload: unknown;
}

/**
 * Where a test's live engine keeps its state: the file store under the test's directory, or the
 * suite's redis-server (REDIS_URL) under a namespace named after that directory, so two engines of
 * one test (a restart) share it and no two tests do.
 */
export interface LiveBackend {
  readonly name: string;
  storage(dir: string): LiveStorage;
  /** The process "dies": nothing of it writes again (Redis: its connection drops, its lease runs out). */
  crash(storage: LiveStorage): Promise<void>;
}

export const FILE_BACKEND: LiveBackend = {
  name: "file",
  storage: (dir) => fileLiveStorage({ baseDir: dir }),
  crash: async () => undefined,
};

const redisConnections = new Map<LiveStorage, Promise<Awaited<ReturnType<typeof connectRedis>>>>();

/** The Redis backend with some options of its own (a lease policy, an owner name). */
export const redisBackendWith = (options: Partial<RedisLiveStorageOptions>): LiveBackend & { storage(dir: string): RedisLiveStorage } => ({
  name: "redis",
  storage: (dir) => {
    const url = process.env.REDIS_URL;
    if (url === undefined) throw new Error("REDIS_URL is not set: the suite's global setup starts redis-server and sets it");
    const connected = connectRedis(url);
    // A short lease, so a restart after a "crash" takes over within a second.
    const storage = redisLiveStorage({ redis: { sendCommand: async (args) => (await connected).sendCommand(args) }, namespace: `live-test/${basename(dir)}`, leaseMs: 600, waitForLeaseMs: 10_000, ...options });
    redisConnections.set(storage, connected);
    return storage;
  },
  crash: async (storage) => {
    await (await redisConnections.get(storage))?.destroy();
    redisConnections.delete(storage);
  },
});

export const REDIS_BACKEND = redisBackendWith({});

export const LIVE_BACKENDS = [FILE_BACKEND, REDIS_BACKEND] as const;

/** Closes what the Redis backend opened (a test file's afterAll). */
export const closeLiveBackends = async (): Promise<void> => {
  for (const connected of redisConnections.values()) await (await connected).destroy();
  redisConnections.clear();
};

export interface LiveEngineOptions {
  readonly start?: number;
  readonly end?: number;
  /** Where state goes (default: the file store under dir). */
  readonly backend?: LiveBackend;
  /** Wraps the storage (to watch or break it). */
  readonly storage?: (files: LiveStorage) => LiveStorage;
  /** Added to the file exchange (e.g. `getOpenPositions`). */
  readonly exchange?: Partial<ExchangeSchema>;
  readonly callbacks?: StrategyCallbacks;
}

/** A live engine over the shipped candles on a simulated clock (a day by default), storing under `dir`. */
export const liveEngine = (dir: string, options: LiveEngineOptions = {}): { engine: NodeEngine; clock: SimulatedClock; delivered: DeliveredEvent[]; storage: LiveStorage } => {
  const clock = simulatedClock(options.start ?? DAY_START + 60_000, { end: options.end ?? DAY_END + 60_000 });
  const files = (options.backend ?? FILE_BACKEND).storage(dir);
  const engine = createEngine({ clock, storage: options.storage === undefined ? files : options.storage(files) });
  engine.addExchange({ ...fileExchange, ...options.exchange });
  engine.addStrategy({ strategyName: "swing", interval: "15m", getSignal: (symbol, when, price) => swing(symbol, when.getTime(), price), ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }) });
  const delivered: DeliveredEvent[] = [];
  engine.listenSignal((event) => void delivered.push({ topic: "signal", id: (event as { id: string }).id, payload: event }));
  engine.listenPartialProfit((event) => void delivered.push({ topic: "partialProfit", id: event.id, payload: event }));
  engine.listenPartialLoss((event) => void delivered.push({ topic: "partialLoss", id: event.id, payload: event }));
  return { engine, clock, delivered, storage: files };
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "tickfold-live-"));

export const LIVE_TARGET = { strategyName: "swing", exchangeName: "binance-file" } as const;
