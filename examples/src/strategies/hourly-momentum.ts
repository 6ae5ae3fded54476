import { indexAtOrAfter, type CandleSeries, type GetSignal } from "@tickfold/core";

/**
 * An example strategy, deliberately simple: once an hour, go with the last hour's move. Long when
 * the price is above the close of 60 minutes ago, short when below; take profit at 1.5 %, stop at
 * 1 %, give up after 4 hours. It reads only candles before the tick (no look-ahead).
 */
export const hourlyMomentum = (candles: CandleSeries): GetSignal => (_symbol, when, price) => {
  const now = indexAtOrAfter(candles, when);
  if (now < 61) return null;
  const hourAgo = candles.close[now - 61]!;
  const long = price > hourAgo;
  return {
    position: long ? "long" : "short",
    priceTakeProfit: long ? price * 1.015 : price * 0.985,
    priceStopLoss: long ? price * 0.99 : price * 1.01,
    minuteEstimatedTime: 240,
    note: `${long ? "up" : "down"} ${((Math.abs(price - hourAgo) / hourAgo) * 100).toFixed(2)}% over the last hour`,
  };
};
