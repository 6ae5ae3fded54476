import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

export interface LiveEngineOptions {
  readonly start?: number;
  readonly end?: number;
  /** Wraps the file storage (to watch or break it). */
  readonly storage?: (files: LiveStorage) => LiveStorage;
  /** Added to the file exchange (e.g. `getOpenPositions`). */
  readonly exchange?: Partial<ExchangeSchema>;
  readonly callbacks?: StrategyCallbacks;
}

/** A live engine over the shipped candles on a simulated clock (a day by default), storing under `dir`. */
export const liveEngine = (dir: string, options: LiveEngineOptions = {}): { engine: NodeEngine; clock: SimulatedClock; delivered: DeliveredEvent[] } => {
  const clock = simulatedClock(options.start ?? DAY_START + 60_000, { end: options.end ?? DAY_END + 60_000 });
  const files = fileLiveStorage({ baseDir: dir });
  const engine = createEngine({ clock, storage: options.storage === undefined ? files : options.storage(files) });
  engine.addExchange({ ...fileExchange, ...options.exchange });
  engine.addStrategy({ strategyName: "swing", interval: "15m", getSignal: (symbol, when, price) => swing(symbol, when.getTime(), price), ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }) });
  const delivered: DeliveredEvent[] = [];
  engine.listenSignal((event) => void delivered.push({ topic: "signal", id: (event as { id: string }).id, payload: event }));
  engine.listenPartialProfit((event) => void delivered.push({ topic: "partialProfit", id: event.id, payload: event }));
  engine.listenPartialLoss((event) => void delivered.push({ topic: "partialLoss", id: event.id, payload: event }));
  return { engine, clock, delivered };
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "tickfold-live-"));

export const LIVE_TARGET = { strategyName: "swing", exchangeName: "binance-file" } as const;
