import { isThenable } from "../thenable.js";
import { MINUTE_MS, type Candle } from "../model/candle.js";
import { candleSeries, type CandleSeries } from "../series/candle-series.js";
import type { Exchange } from "./schemas.js";

/** How many 1-minute candles one `getCandles` call asks for: large, so a year is a few hundred calls. */
export const CANDLE_CHUNK = 5_000;

const settle = async <T>(value: T | Promise<T>): Promise<T> => (isThenable(value) ? await value : value);

/**
 * The exchange's 1-minute candles with `from ≤ timestamp ≤ to`, validated into a series. Fetched
 * in large chunks (never candle by candle), or through the exchange's `getCandleSeries` when it
 * has the candles in memory already.
 */
export const loadMinuteSeries = async (exchange: Exchange, symbol: string, from: number, to: number): Promise<CandleSeries> => {
  if (exchange.getCandleSeries !== undefined) return settle(exchange.getCandleSeries(symbol, from, to));
  const candles: Candle[] = [];
  for (let since = from; since <= to; ) {
    const limit = Math.min(CANDLE_CHUNK, Math.floor((to - since) / MINUTE_MS) + 1);
    const chunk = await settle(exchange.getCandles(symbol, "1m", new Date(since), limit));
    exchange.callbacks?.onCandleData?.(symbol, "1m", new Date(since), limit, chunk);
    let last = since - 1;
    for (const candle of chunk) {
      // An exchange may return candles before `since` or past `to`; only the asked window is kept.
      if (candle.timestamp < since || candle.timestamp > to) continue;
      candles.push(candle);
      last = candle.timestamp;
    }
    if (chunk.length === 0 || last < since) break;
    since = last + MINUTE_MS;
  }
  return candleSeries(candles);
};

/** Per engine: the candles of one exchange, symbol and window are loaded once (a walker's strategies share them). */
export class CandleCache {
  private readonly loaded = new Map<string, Promise<CandleSeries>>();

  get(exchange: Exchange, symbol: string, from: number, to: number): Promise<CandleSeries> {
    const key = `${exchange.exchangeName}\u0000${symbol}\u0000${from}\u0000${to}`;
    let series = this.loaded.get(key);
    if (series === undefined) {
      series = loadMinuteSeries(exchange, symbol, from, to);
      // A failed load is not kept: the next run asks the exchange again.
      series.catch(() => this.loaded.delete(key));
      this.loaded.set(key, series);
    }
    return series;
  }

  clear(): void {
    this.loaded.clear();
  }
}
