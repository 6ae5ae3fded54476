import { candleSeries, type Candle } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { loadCandles, YEAR_OF_BTC } from "../../../examples/src/lib/load-candles.js";
import { disagreements, lifecycleContestants } from "./contestants.js";
import { durableRecordsOf } from "./library-run.js";
import { outcomeDifferences, type Outcomes } from "./outcomes.js";
import { frameOf, type Frame } from "./workload.js";

/** Runs every contestant once on `frame` (no timing) and returns their outcomes. */
const outcomesOn = (frame: Frame) =>
  Promise.all(lifecycleContestants(loadCandles(YEAR_OF_BTC), frame).map(async (c) => ({ name: c.name, outcomes: await c.run() })));

describe("the hand-written loop and the library agree on the lifecycle workload", () => {
  it("on two weeks with every close reason and both kinds of rejected proposal", async () => {
    const results = await outcomesOn(frameOf("2025-03-01T00:05:00Z", "2025-03-14T19:54:00Z"));
    expect(disagreements(results)).toEqual([]);
    const { outcomes } = results[0]!;
    expect(outcomes.takeProfit).toBeGreaterThan(0);
    expect(outcomes.stopLoss).toBeGreaterThan(0);
    expect(outcomes.timeExpired).toBeGreaterThan(0);
    expect(outcomes.milestones).toBeGreaterThan(0);
    // 2025-03-02T15:29Z (stop loss too close) and 2025-03-04T15:00Z (take profit too close), among others.
    expect(outcomes.rejected).toBeGreaterThanOrEqual(2);
  });

  it("when the frame ends while a position is open (closed at the first candle after the frame)", async () => {
    const results = await outcomesOn(frameOf("2025-03-03T00:05:00Z", "2025-03-03T10:30:00Z"));
    expect(disagreements(results)).toEqual([]);
    const frameMinutes = (Date.parse("2025-03-03T10:30:00Z") - Date.parse("2025-03-03T00:05:00Z")) / 60_000 + 1;
    expect(results[0]!.outcomes.candles).toBeGreaterThan(frameMinutes);
  });

  it("when the frame starts at the first candle, with less than five candles of history", async () => {
    expect(disagreements(await outcomesOn(frameOf("2024-12-01T00:00:00Z", "2024-12-02T00:00:00Z")))).toEqual([]);
  });

  it("when the frame starts in the middle of an hour", async () => {
    expect(disagreements(await outcomesOn(frameOf("2025-03-05T07:43:00Z", "2025-03-06T07:43:00Z")))).toEqual([]);
  });
});

/**
 * Flat candles at 100 (volume 1) from 2025-01-01T00:00Z, with `prices[minute]` = [low, high, close]
 * replacing some. Exact ties are all but absent from real candles, so they are built here.
 */
const syntheticSeries = (minutes: number, prices: Record<number, readonly [number, number, number]>) => {
  const start = Date.parse("2025-01-01T00:00:00Z");
  const candles: Candle[] = [];
  for (let m = 0; m < minutes; m++) {
    const [low, high, close] = prices[m] ?? [100, 100, 100];
    candles.push({ timestamp: start + m * 60_000, open: close, high, low, close, volume: 1 });
  }
  return candleSeries(candles);
};

describe("the loop and the library agree on exact ties", () => {
  it("low exactly at SL, VWAP exactly at TP, exactly the lifetime, and the frame end", async () => {
    const at = (hour: number, minute: number) => hour * 60 + minute;
    const flatAt101: Record<number, readonly [number, number, number]> = {};
    for (let m = at(1, 10); m <= at(1, 14); m++) flatAt101[m] = [101, 101, 101];
    const series = syntheticSeries(8 * 60, {
      // 00:05 opens at 100 (TP 101, SL 99); the low of 00:20 touches 99 exactly.
      [at(0, 20)]: [99, 100, 100],
      // 01:00 opens at 100; five candles at 101 bring the VWAP to exactly 101 at 01:14.
      ...flatAt101,
      // 02:00 opens and reaches its 240 minutes exactly at 06:00, priced off the flat line.
      [at(6, 0)]: [100.5, 100.5, 100.5],
      // 06:01 opens and is still open when the frame ends at 07:00.
    });
    const frame = frameOf("2025-01-01T00:05:00Z", "2025-01-01T07:00:00Z");
    const results = await Promise.all(lifecycleContestants(series, frame).map(async (c) => ({ name: c.name, outcomes: await c.run() })));
    expect(disagreements(results)).toEqual([]);
    expect(results[0]!.outcomes).toMatchObject({ closed: 4, stopLoss: 1, takeProfit: 1, timeExpired: 2, rejected: 0 });
  });
});

describe("outcomeDifferences", () => {
  const base: Outcomes = { candles: 100, closed: 3, takeProfit: 1, stopLoss: 1, timeExpired: 1, rejected: 0, sumPnl: -1.5, milestones: 4 };
  const reference = { name: "loop", outcomes: base };

  it("accepts a summed PnL that differs only in the last bits", async () => {
    expect(outcomeDifferences(reference, { name: "fold", outcomes: { ...base, sumPnl: -1.5 * (1 + 1e-12) } })).toEqual([]);
  });

  it("names every count and a PnL that differ, with both runs' values", async () => {
    const other = { name: "fold", outcomes: { ...base, stopLoss: 2, timeExpired: 0, sumPnl: -1.6 } };
    expect(outcomeDifferences(reference, other)).toEqual([
      "stopLoss: loop 1, fold 2",
      "timeExpired: loop 1, fold 0",
      expect.stringMatching(/^sumPnl: loop -1.5, fold -1.6 \(relative difference 6.25e-2\)$/),
    ]);
  });

  it("compares milestone counts only between runs that compute them", async () => {
    expect(outcomeDifferences(reference, { name: "fold", outcomes: { ...base, milestones: 5 } })).toEqual(["milestones: loop 4, fold 5"]);
    expect(outcomeDifferences(reference, { name: "bare", outcomes: { ...base, milestones: null } })).toEqual([]);
  });
});

describe("the library's backtest path", () => {
  it("builds no durable record (commit effect) with either driver, on two weeks with trades and milestones", () => {
    const series = loadCandles(YEAR_OF_BTC);
    const frame = frameOf("2025-03-01T00:05:00Z", "2025-03-14T19:54:00Z");
    for (const driver of ["fold", "step"] as const) {
      const { effects, commits } = durableRecordsOf(series, frame, driver);
      expect(effects, driver).toBeGreaterThan(100);
      expect(commits, driver).toBe(0);
    }
  });
});
