import { candleSeries, type Candle, type CandleSeries } from "@tickfold/core";

/** mulberry32: a small seeded generator, so every run of the bench backtests the same candles. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const FIFTEEN_MINUTES = 15 * 60_000;

/** `count` 15-minute candles of a random walk from 100, starting 2020-01-01 (valid OHLC, validated by candleSeries). */
export const syntheticCandles = (count: number, seed: number): CandleSeries => {
  const random = seeded(seed);
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
