import { it } from "vitest";
import type { StrategySchema } from "@tickfold/core/engine";
import { checkStrategy, marketArb } from "@tickfold/core/testing";

// The object you would pass to addStrategy; history comes from the context, candles before `when` only.
const hourlyMomentum: StrategySchema = {
  strategyName: "hourly-momentum",
  interval: "15m",
  getSignal: (_symbol, _when, price, context) => {
    const lastHour = context.getCandles("1m", 61);
    if (lastHour.length < 61) return null;
    const long = price > lastHour[0]!.close;
    return {
      position: long ? "long" : "short",
      priceTakeProfit: price * (long ? 1.015 : 0.985),
      priceStopLoss: price * (long ? 0.99 : 1.01),
      minuteEstimatedTime: 240,
    };
  },
};

it("takes a strategy the way addStrategy does, sync or async", async () => {
  await checkStrategy(hourlyMomentum, { market: marketArb({ length: { min: 60, max: 400 } }) });
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
  );
});
