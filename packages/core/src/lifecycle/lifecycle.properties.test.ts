import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktestSync, type BacktestSetup } from "../backtest/run.js";
import type { CandleSeries } from "../series/candle-series.js";
import { candleSeriesArb, lifecycleViolations, scriptedStrategy, strategyScriptArb, type ProposalPlan } from "../testing/index.js";
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
    );
  });
});
