import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktestSync, type BacktestSetup } from "../backtest/run.js";
import type { CandleSeries } from "../series/candle-series.js";
import { candleSeriesArb, lifecycleViolations, scriptedStrategy, strategyScriptArb, type ProposalPlan } from "../testing/index.js";
import { PROPERTY_RUNS } from "../testing/runs.fixture.js";
import { serializeReplay } from "../replay.js";

const run = (series: CandleSeries, script: ReadonlyArray<ProposalPlan | null>, driver: "fold" | "step", extra: Partial<BacktestSetup> = {}) =>
  runBacktestSync(series, {
    symbol: "TEST",
    strategyName: "scripted",
    interval: "1m",
    frame: { startDate: series.timestamp[0]!, endDate: series.timestamp[Math.max(0, series.length - 30)]! },
    config: { avgPriceCandles: 3, scheduleAwaitMinutes: 30 },
    getSignal: scriptedStrategy(script),
    driver,
    ...extra,
  });

const scenario = fc.record({
  series: candleSeriesArb({ length: { min: 40, max: 250 }, zeroVolume: true }),
  script: strategyScriptArb(),
  callbacks: fc.boolean(),
});

describe("lifecycle properties", () => {
  it("keeps every invariant: one signal at a time, milestones once and ascending, exact TP/SL exits, time never goes back", () => {
    fc.assert(
      fc.property(scenario, ({ series, script }) => {
        expect(lifecycleViolations(run(series, script, "step").emitted)).toEqual([]);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("gives byte-for-byte the same events and state for the same inputs", () => {
    fc.assert(
      fc.property(scenario, ({ series, script }) => {
        const first = run(series, script, "step");
        const second = run(series, script, "step");
        expect(serializeReplay({ state: second.state, effects: second.emitted })).toBe(
          serializeReplay({ state: first.state, effects: first.emitted }),
        );
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("batch fold produces exactly the states and effects of per-candle stepping", () => {
    // The fold's shortcuts depend on the triggers and the levels, so those vary too.
    const rules = fc.record({
      avgPriceCandles: fc.integer({ min: 1, max: 6 }),
      scheduleAwaitMinutes: fc.integer({ min: 1, max: 60 }),
      takeProfitTrigger: fc.constantFrom("vwap" as const, "wick" as const),
      stopLossTrigger: fc.constantFrom("vwap" as const, "wick" as const),
      partialLevels: fc
        .uniqueArray(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.5, max: 100, noNaN: true })), { minLength: 1, maxLength: 12 })
        .map((levels) => [...levels].sort((a, b) => a - b)),
    });
    fc.assert(
      fc.property(scenario, rules, ({ series, script, callbacks }, config) => {
        const stepped: unknown[] = [];
        const folded: unknown[] = [];
        const extra = { progressCallbacks: callbacks, config };
        const byStep = run(series, script, "step", { ...extra, onEffect: (e) => stepped.push(e) });
        const byFold = run(series, script, "fold", { ...extra, onEffect: (e) => folded.push(e) });
        expect(serializeReplay({ state: byFold.state, effects: folded as never })).toBe(
          serializeReplay({ state: byStep.state, effects: stepped as never }),
        );
        expect(byFold.candles).toBe(byStep.candles);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
