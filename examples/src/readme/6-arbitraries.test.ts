import fc from "fast-check";
import { it } from "vitest";
import { runBacktestSync } from "@tickfold/core";
import { candleSeriesArb, lifecycleViolations, scriptedStrategy, strategyScriptArb } from "@tickfold/core/testing";

it("random strategy scripts keep the lifecycle invariants on random walks", () => {
  fc.assert(
    fc.property(candleSeriesArb(), strategyScriptArb(), (candles, script) => {
      const { emitted } = runBacktestSync(candles, {
        symbol: "BTCUSDT",
        strategyName: "scripted",
        interval: "1m",
        frame: { startDate: candles.timestamp[0]!, endDate: candles.timestamp[candles.length - 2]! },
        getSignal: scriptedStrategy(script), // follows the script's plans, some invalid on purpose
      });
      return lifecycleViolations(emitted).length === 0;
    }),
  );
});
