import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Effect } from "../effects.js";
import { advanceByStep, type Advance, type Cursor } from "../backtest/advance.js";
import { driveLifecycle } from "../backtest/drive.js";
import { advanceByFold } from "../backtest/fold.js";
import { STRATEGY_INTERVALS, type StrategyInterval } from "../backtest/run.js";
import { MINUTE_MS, type Candle } from "../model/candle.js";
import { validateConfig } from "../model/config.js";
import { replayLifecycle, serializeReplay } from "../replay.js";
import { candleSeries, indexAtOrAfter, type CandleSeries } from "../series/candle-series.js";
import { candlesArb, scriptedStrategy, strategyScriptArb } from "../testing/index.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams } from "./state.js";
import { stepLifecycle } from "./step.js";

/**
 * The batch fold must be indistinguishable from stepping every candle through the reducer. Its
 * shortcuts (the idle loop's bucket and frame checks, the scheduled loop, the open corridor and
 * quiet band) each depend on something the world varies here: the strategy interval and where
 * the buckets fall, gaps in the data, frames that start before the data and end mid-bucket or
 * after it, a stop at any candle, risk verdicts, triggers, VWAP windows and milestone levels.
 */

const START = Date.UTC(2025, 0, 1);
const HOUR_MS = 60 * MINUTE_MS;

/** Candles with gaps of up to 90 minutes between some of them, so buckets are skipped too. */
const gappyCandlesArb = fc
  .tuple(
    fc.integer({ min: 0, max: 59 }),
    candlesArb({ length: { min: 30, max: 160 }, zeroVolume: true }),
    fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 90 }) }), {
      minLength: 160,
      maxLength: 160,
    }),
  )
  .map(([offsetMinutes, candles, gaps]): Candle[] => {
    let shift = offsetMinutes * MINUTE_MS;
    return candles.map((candle, i) => {
      shift += gaps[i]! * MINUTE_MS;
      return { ...candle, timestamp: START + i * MINUTE_MS + shift };
    });
  });

const worldArb = gappyCandlesArb.chain((candles) => {
  const first = candles[0]!.timestamp;
  const last = candles[candles.length - 1]!.timestamp;
  return fc.record({
    candles: fc.constant(candles),
    interval: fc.constantFrom(...(Object.keys(STRATEGY_INTERVALS) as StrategyInterval[])),
    // From two hours before the data to its last candle, on the minute.
    startDate: fc.integer({ min: -120, max: (last - first) / MINUTE_MS }).map((m) => first + m * MINUTE_MS),
    // Any millisecond (so mid-bucket and mid-candle) from the data's start to two hours after it.
    endAfterStart: fc.integer({ min: 0, max: last - first + 2 * HOUR_MS }),
    // The candle index at which the user stops the strategy (null: never).
    stopAt: fc.option(fc.integer({ min: 0, max: candles.length - 1 }), { freq: 2 }),
    script: strategyScriptArb(),
    // Risk verdicts in turn (null: no risk profile).
    verdicts: fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), { freq: 3 }),
    callbacks: fc.boolean(),
    config: fc.record({
      avgPriceCandles: fc.integer({ min: 1, max: 6 }),
      scheduleAwaitMinutes: fc.integer({ min: 1, max: 60 }),
      takeProfitTrigger: fc.constantFrom("vwap" as const, "wick" as const),
      stopLossTrigger: fc.constantFrom("vwap" as const, "wick" as const),
      partialLevels: fc
        .uniqueArray(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.5, max: 100, noNaN: true })), { minLength: 1, maxLength: 12 })
        .map((levels) => [...levels].sort((a, b) => a - b)),
    }),
  });
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

/** The first `length` candles, as views: the drivers only ever look back, never ahead. */
const prefix = (series: CandleSeries, length: number): CandleSeries => ({
  length,
  timestamp: series.timestamp.subarray(0, length),
  open: series.open.subarray(0, length),
  high: series.high.subarray(0, length),
  low: series.low.subarray(0, length),
  close: series.close.subarray(0, length),
  volume: series.volume.subarray(0, length),
});

/** Runs the world with one driver: up to the stop candle, `stop`, then on to the end. */
const run = (world: World, series: CandleSeries, advance: Advance) => {
  const config = validateConfig(world.config);
  if (E.isLeft(config)) throw new Error("the generated config is valid by construction");
  const params: LifecycleParams = {
    symbol: "TEST",
    strategyName: "scripted",
    exchangeName: "",
    backtest: true,
    config: config.right,
    intervalMs: STRATEGY_INTERVALS[world.interval] * MINUTE_MS,
    endDate: world.startDate + world.endAfterStart,
    riskNames: world.verdicts === null ? [] : ["portfolio"],
    progressCallbacks: world.callbacks,
  };
  const effects: Effect[] = [];
  const sink = (effect: Effect) => effects.push(effect);
  // The journal the run records: every input the reducer was fed.
  const inputs: LifecycleInput[] = [];
  const record = (input: LifecycleInput) => void inputs.push(input);
  const getSignal = scriptedStrategy(world.script);
  let verdicts = 0;
  const startIndex = indexAtOrAfter(series, world.startDate);
  let cursor: Cursor = { state: initialLifecycle(), index: startIndex };
  const legs = world.stopAt === null || world.stopAt < startIndex ? [series] : [prefix(series, world.stopAt), series];
  legs.forEach((leg, i) => {
    const drive = driveLifecycle(leg, cursor, params, advance, sink, undefined, record);
    let step = drive.next();
    while (!step.done) {
      const request = step.value;
      const answer =
        request.type === "requestProposal"
          ? getSignal(params.symbol, request.time, request.price)
          : world.verdicts![verdicts++ % world.verdicts!.length];
      step = drive.next(answer);
    }
    cursor = step.value;
    if (i < legs.length - 1) {
      record({ kind: "stop" });
      const [stopped, stopEffects] = stepLifecycle(cursor.state, { kind: "stop" }, params);
      stopEffects.forEach(sink);
      cursor = { state: stopped, index: cursor.index };
    }
  });
  const replayed = serializeReplay(replayLifecycle(inputs, params));
  return { bytes: serializeReplay({ state: cursor.state, effects }), candles: cursor.index - startIndex, replayed };
};

describe("batch fold", () => {
  it("gives byte for byte the state, the effects and the candle count of per-candle stepping, in every world", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const series = candleSeries(world.candles);
        const byStep = run(world, series, advanceByStep);
        const byFold = run(world, series, advanceByFold);
        expect(byFold.candles).toBe(byStep.candles);
        expect(byFold.bytes).toBe(byStep.bytes);
      }),
    );
  });

  it("records a journal (only the candles the reducer saw) that replays byte for byte to the run", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const series = candleSeries(world.candles);
        const byFold = run(world, series, advanceByFold);
        expect(byFold.replayed).toBe(byFold.bytes);
        expect(run(world, series, advanceByStep).replayed).toBe(byFold.bytes);
      }),
    );
  });
});
