import { expect, it } from "vitest";
import { checkStrategy } from "@tickfold/core/testing";

// Long whenever asked: take profit 1 % up, stop loss 1 % down, an hour at most.
const bracket = (_symbol: string, _when: Date, price: number) => ({
  position: "long" as const,
  priceTakeProfit: price * 1.01,
  priceStopLoss: price * 0.99,
  minuteEstimatedTime: 60,
});

it("bracket keeps the lifecycle invariants and proposes only valid signals", async () => {
  const check = await checkStrategy(bracket);
  expect(check.closes.take_profit).toBeGreaterThan(0); // it really traded
});
