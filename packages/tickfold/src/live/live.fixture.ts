import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulatedClock, type SimulatedClock } from "@tickfold/core/engine";
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

/** A live engine over the shipped candles on a simulated clock from `start` to `end`, storing under `dir`. */
export const liveEngine = (dir: string, start = DAY_START + 60_000, end = DAY_END + 60_000): { engine: NodeEngine; clock: SimulatedClock; delivered: DeliveredEvent[] } => {
  const clock = simulatedClock(start, { end });
  const engine = createEngine({ clock, storage: fileLiveStorage({ baseDir: dir }) });
  engine.addExchange(fileExchange);
  engine.addStrategy({ strategyName: "swing", interval: "15m", getSignal: (symbol, when, price) => swing(symbol, when.getTime(), price) });
  const delivered: DeliveredEvent[] = [];
  engine.listenSignal((event) => void delivered.push({ topic: "signal", id: (event as { id: string }).id, payload: event }));
  engine.listenPartialProfit((event) => void delivered.push({ topic: "partialProfit", id: event.id, payload: event }));
  engine.listenPartialLoss((event) => void delivered.push({ topic: "partialLoss", id: event.id, payload: event }));
  return { engine, clock, delivered };
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "tickfold-live-"));

export const LIVE_TARGET = { strategyName: "swing", exchangeName: "binance-file" } as const;
