import type { StrategyFactory } from "tickfold";

/** A user's swept strategy, in TypeScript: the installed package's worker threads must load it. */
const alternate: StrategyFactory = (params) => {
  const width = Number(params.width) / 100;
  let asked = 0;
  return {
    interval: "15m",
    getSignal: (_symbol, _when, price) => {
      const long = asked++ % 2 === 0;
      return { position: long ? "long" : "short", priceTakeProfit: price * (long ? 1 + width : 1 - width), priceStopLoss: price * (long ? 1 - width : 1 + width), minuteEstimatedTime: 60 };
    },
  };
};

export default alternate;
