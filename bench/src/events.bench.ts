/**
 * Throughput of @tickfold/events against raw eventemitter3 in the same process and run.
 *
 *   pnpm bench:events            a table
 *   pnpm bench:events --json     the same figures as JSON
 *
 * For 1 and 10 subscribers, with synchronous and with async callbacks, it counts events per second
 * (each event reaching every subscriber):
 *   - raw: `EventEmitter#emit` calling the callbacks directly (async ones are not awaited);
 *   - bus: `await bus.emit("signal", event)` per event, as an engine does, then `await bus.drain()`,
 *     so every queued delivery is inside the measured time.
 * Raw and bus rounds alternate and the median of each is kept, because the machine is shared.
 */
import type { SignalEvent } from "@tickfold/core";
import { createEventBus } from "@tickfold/events";
import { EventEmitter } from "eventemitter3";

const ROUNDS = 5;
const BATCH = 10_000;
const MIN_ROUND_MS = 400;

type CallbackKind = "sync" | "async";

interface Case {
  readonly subscribers: number;
  readonly callback: CallbackKind;
}

interface Result extends Case {
  readonly rawEventsPerSecond: number;
  readonly busEventsPerSecond: number;
  /** bus / raw: the share of raw eventemitter3 throughput the queued bus keeps. */
  readonly ratio: number;
}

const CASES: readonly Case[] = [
  { subscribers: 1, callback: "sync" },
  { subscribers: 1, callback: "async" },
  { subscribers: 10, callback: "sync" },
  { subscribers: 10, callback: "async" },
];

const EVENT: SignalEvent = {
  action: "idle",
  symbol: "BTCUSDT",
  strategyName: "bench",
  exchangeName: "bench",
  backtest: true,
  signal: null,
  currentPrice: 42_000,
  timestamp: 1,
};

/** Counts deliveries so the work cannot be optimised away, and so the bus can be checked to deliver everything. */
let delivered = 0;
const callbackOf = (kind: CallbackKind): ((event: SignalEvent) => void | Promise<void>) =>
  kind === "sync"
    ? (event) => {
        delivered += event.timestamp;
      }
    : async (event) => {
        delivered += event.timestamp;
      };

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Runs `batch` (which handles BATCH events) until MIN_ROUND_MS have passed; returns events per second. */
const timeRound = async (batch: () => void | Promise<void>): Promise<number> => {
  let events = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_ROUND_MS) {
    await batch();
    events += BATCH;
    elapsed = performance.now() - start;
  }
  return (events / elapsed) * 1000;
};

const rawRound = (testCase: Case): Promise<number> => {
  const emitter = new EventEmitter<"signal">();
  for (let i = 0; i < testCase.subscribers; i += 1) emitter.on("signal", callbackOf(testCase.callback));
  return timeRound(() => {
    for (let i = 0; i < BATCH; i += 1) emitter.emit("signal", EVENT);
  });
};

const busRound = async (testCase: Case): Promise<number> => {
  const bus = createEventBus();
  for (let i = 0; i < testCase.subscribers; i += 1) bus.listenSignal(callbackOf(testCase.callback));
  const before = delivered;
  let emitted = 0;
  const rate = await timeRound(async () => {
    for (let i = 0; i < BATCH; i += 1) await bus.emit("signal", EVENT);
    await bus.drain();
    emitted += BATCH;
  });
  const expected = emitted * testCase.subscribers;
  if (delivered - before !== expected) {
    throw new Error(`The bus delivered ${delivered - before} events instead of ${expected}.`);
  }
  return rate;
};

const measure = async (testCase: Case): Promise<Result> => {
  await rawRound(testCase); // warm-up of both paths, not counted
  await busRound(testCase);
  const raw: number[] = [];
  const bus: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    raw.push(await rawRound(testCase));
    bus.push(await busRound(testCase));
  }
  const rawEventsPerSecond = median(raw);
  const busEventsPerSecond = median(bus);
  return { ...testCase, rawEventsPerSecond, busEventsPerSecond, ratio: busEventsPerSecond / rawEventsPerSecond };
};

const formatRate = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M/s`;

const printTable = (results: readonly Result[]): void => {
  console.log("events per second, each event delivered to every subscriber (median of %d rounds)\n", ROUNDS);
  console.log("subscribers  callback  raw eventemitter3  @tickfold/events  bus/raw");
  for (const r of results) {
    console.log(
      `${String(r.subscribers).padStart(11)}  ${r.callback.padEnd(8)}  ${formatRate(r.rawEventsPerSecond).padStart(17)}  ${formatRate(r.busEventsPerSecond).padStart(16)}  ${r.ratio.toFixed(3).padStart(7)}`,
    );
  }
};

const main = async (): Promise<void> => {
  const results: Result[] = [];
  for (const testCase of CASES) results.push(await measure(testCase));
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ node: process.version, rounds: ROUNDS, results }, null, 2));
  } else {
    printTable(results);
  }
};

await main();
