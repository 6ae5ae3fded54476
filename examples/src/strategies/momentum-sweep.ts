import type { StrategyFactory } from "tickfold";

/**
 * The hourly momentum strategy with its two numbers as parameters, for sweeps: once an hour, go
 * with the move of the last `lookback` minutes; take profit at `takeProfit` %, stop at 1 %, give
 * up after 4 hours. A sweep module's default export is this factory: worker threads and worker
 * processes import the module by path and call it with each set of parameters.
 */
const momentumSweep: StrategyFactory = (params) => {
  const lookback = Number(params.lookback);
  const takeProfit = Number(params.takeProfit) / 100;
  return {
    interval: "1h",
    getSignal: (_symbol, _when, price, context) => {
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
