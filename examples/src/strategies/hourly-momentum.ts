import type { GetSignalFn } from "@tickfold/core/engine";

/**
 * An example strategy, deliberately simple: once an hour, go with the last hour's move. Long when
 * the price is above the close of an hour ago, short when below; take profit at 1.5 %, stop at
 * 1 %, give up after 4 hours. It reads history through its context, which only ever holds candles
 * that closed before the tick: there is no way for it to look ahead.
 */
export const hourlyMomentum: GetSignalFn = (_symbol, _when, price, context) => {
  const [hourAgo] = context.getCandles("1m", 61);
  if (hourAgo === undefined) return null;
  const long = price > hourAgo.close;
  return {
    position: long ? "long" : "short",
    priceTakeProfit: long ? price * 1.015 : price * 0.985,
    priceStopLoss: long ? price * 0.99 : price * 1.01,
    minuteEstimatedTime: 240,
    note: `${long ? "up" : "down"} ${((Math.abs(price - hourAgo.close) / hourAgo.close) * 100).toFixed(2)}% over the last hour`,
  };
};
