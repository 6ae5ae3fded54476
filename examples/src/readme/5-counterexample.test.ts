import fc from "fast-check";
import { expect, it } from "vitest";
import { parseCandleCsv } from "@tickfold/core";
import { checkStrategy, marketOf, StrategyCheckError } from "@tickfold/core/testing";

// A short whose stop loss is on the wrong side (below the entry): the engine rejects it.
const wrongStop = (_symbol: string, _when: Date, price: number) => ({
  position: "short" as const,
  priceTakeProfit: price * 0.99,
  priceStopLoss: price * 0.98,
  minuteEstimatedTime: 60,
});

it("a failing check throws StrategyCheckError with the shrunk market", async () => {
  const error = await checkStrategy(wrongStop).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StrategyCheckError);
  const { failure, market } = (error as StrategyCheckError).counterexample;
  expect(failure.kind).toBe("proposal rejected");
  expect(market.candles).toHaveLength(3);
});

it("pins a counterexample's CSV as a regression test", async () => {
  const pinned = parseCandleCsv(`timestamp,open,high,low,close,volume
1735689600000,30000,30000,30000,30000,1
1735689660000,30000,30000,30000,30000,1
1735689720000,30000,30000,30000,30000,1`);
  await expect(checkStrategy(wrongStop, { market: fc.constant(marketOf(pinned)), runs: 1 })).rejects.toThrow(
    "priceStopLoss = 29400: must be above the entry 30000 for a short",
  );
});
