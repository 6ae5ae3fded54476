import type { StrategyFactory } from "./run-job.js";

/**
 * A swept strategy for the tests, in TypeScript on purpose (workers must load it): every
 * `every` hours, go with the move of the last `lookback` minutes, take profit at `takeProfit` %.
 */
const momentumSweep: StrategyFactory = (params) => {
  const lookback = Number(params.lookback);
  const takeProfit = Number(params.takeProfit) / 100;
  return {
    interval: "1h",
    getSignal: (_symbol: string, _when: Date, price: number, context) => {
      const [then] = context.getCandles("1m", lookback + 1);
      if (then === undefined) return null;
      const long = price > then.close;
      return {
        position: long ? "long" : "short",
        priceTakeProfit: long ? price * (1 + takeProfit) : price * (1 - takeProfit),
        priceStopLoss: long ? price * 0.99 : price * 1.01,
        minuteEstimatedTime: 240,
      };
    },
  };
};

export default momentumSweep;
