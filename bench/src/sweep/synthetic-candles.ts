import { candleSeries, type Candle, type CandleSeries } from "@tickfold/core";
import { seededRandom } from "@tickfold/persist/testing";

export const FIFTEEN_MINUTES = 15 * 60_000;

/** `count` 15-minute candles of a random walk from 100, starting 2020-01-01 (valid OHLC, validated by candleSeries). */
export const syntheticCandles = (count: number, seed: number): CandleSeries => {
  const random = seededRandom(seed); // the same candles on every run of the bench
  const start = Date.UTC(2020, 0, 1);
  const candles: Candle[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (random() - 0.5) * 0.01));
    const high = Math.max(open, close) * (1 + random() * 0.002);
    const low = Math.min(open, close) * (1 - random() * 0.002);
    candles.push({ timestamp: start + i * FIFTEEN_MINUTES, open, high, low, close, volume: 1 + random() * 100 });
  }
  return candleSeries(candles);
};
