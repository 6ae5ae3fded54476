import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseCandleCsv, seriesWindow, type Candle, type CandleSeries } from "@tickfold/core";
import type { ExchangeSchema } from "@tickfold/core/engine";

export interface CandleFileExchangeOptions {
  readonly exchangeName: string;
  /** symbol → path of a 1-minute candle CSV (`timestamp,open,high,low,close,volume`, epoch ms), gzipped when it ends in `.gz`. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * An exchange backed by candle files: each file is read and validated once, on first use, and
 * every run after that gets a view on the same memory. `getCandles` serves the seed's contract
 * for 1-minute candles; the engine itself takes the windows it needs through `getCandleSeries`.
 */
export const candleFileExchange = (options: CandleFileExchangeOptions): ExchangeSchema => {
  const loaded = new Map<string, CandleSeries>();
  const seriesOf = (symbol: string): CandleSeries => {
    const cached = loaded.get(symbol);
    if (cached !== undefined) return cached;
    const path = options.files[symbol];
    if (path === undefined) {
      const known = Object.keys(options.files).map((s) => JSON.stringify(s)).join(", ");
      throw new Error(`${options.exchangeName}: symbol = ${JSON.stringify(symbol)} has no candle file (files: ${known || "none"})`);
    }
    const series = readCandleFile(path);
    loaded.set(symbol, series);
    return series;
  };
  return {
    exchangeName: options.exchangeName,
    getCandleSeries: (symbol, from, to) => seriesWindow(seriesOf(symbol), from, to),
    getCandles: (symbol, interval, since, limit) => {
      if (interval !== "1m") throw new Error(`${options.exchangeName}: interval = ${JSON.stringify(interval)} is not served (the files hold 1-minute candles)`);
      const window = seriesWindow(seriesOf(symbol), since.getTime(), Number.POSITIVE_INFINITY);
      return Array.from({ length: Math.min(limit, window.length) }, (_, i): Candle => ({
        timestamp: window.timestamp[i]!,
        open: window.open[i]!,
        high: window.high[i]!,
        low: window.low[i]!,
        close: window.close[i]!,
        volume: window.volume[i]!,
      }));
    },
  };
};

/** Reads a (gzipped) candle CSV into a validated series, parsed from the bytes (no decoding); errors name the file. */
export const readCandleFile = (path: string): CandleSeries => {
  try {
    const raw = readFileSync(path);
    return parseCandleCsv(path.endsWith(".gz") ? gunzipSync(raw, { chunkSize: unzippedSizeHint(raw) }) : raw);
  } catch (error) {
    throw new Error(`Candle file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
};

/**
 * A gzip file ends with its unzipped size (mod 2^32). Unzipping into one chunk of that size
 * instead of zlib's 16 KiB chunks, joined at the end, takes a third less time on the year of
 * candles. Only a hint: a wrong size (a file of several members, or over 4 GiB) still unzips.
 */
const unzippedSizeHint = (gzip: Buffer): number => (gzip.length >= 18 ? Math.max(64 * 1024, gzip.readUInt32LE(gzip.length - 4)) : 64 * 1024);
