import { it } from "vitest";
import { indexAtOrAfter, type CandleSeries, type GetSignal } from "@tickfold/core";
import { checkStrategy, marketArb } from "@tickfold/core/testing";

// Reads the candles before `when`, so it is built for each market with forMarket.
const hourlyMomentum = (candles: CandleSeries): GetSignal => (_symbol, when, price) => {
  const now = indexAtOrAfter(candles, when);
  if (now < 61) return null;
  const long = price > candles.close[now - 61]!;
  return {
    position: long ? "long" : "short",
    priceTakeProfit: price * (long ? 1.015 : 0.985),
    priceStopLoss: price * (long ? 0.99 : 1.01),
    minuteEstimatedTime: 240,
  };
};

it("takes a strategy the way addStrategy does, or built per market, sync or async", async () => {
  await checkStrategy(
    { strategyName: "hourly-momentum", interval: "15m", forMarket: hourlyMomentum },
    { runs: 100, market: marketArb({ length: { min: 60, max: 400 } }) },
  );
  await checkStrategy(
    {
      strategyName: "async-bracket",
      interval: "5m",
      getSignal: async (_symbol, _when, price) => ({
        position: "short",
        priceTakeProfit: price * 0.99,
        priceStopLoss: price * 1.01,
        minuteEstimatedTime: 60,
      }),
    },
    { runs: 100 },
  );
});
