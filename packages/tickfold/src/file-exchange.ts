import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { seriesWindow, type Candle, type CandleSeries } from "@tickfold/core";

/**
 * What the file-backed exchanges share: each symbol's file read and checked once, on first use
 * (an unknown symbol is an error naming those there are), and the seed's `getCandles` served from
 * a 1-minute series.
 */
export const perSymbolFile = <T>(exchangeName: string, files: Readonly<Record<string, string>>, what: string, read: (path: string) => T): ((symbol: string) => T) => {
  const loaded = new Map<string, T>();
  return (symbol) => {
    const cached = loaded.get(symbol);
    if (cached !== undefined) return cached;
    const path = files[symbol];
    if (path === undefined) {
      const known = Object.keys(files).map((s) => JSON.stringify(s)).join(", ");
      throw new Error(`${exchangeName}: symbol = ${JSON.stringify(symbol)} has no ${what} (files: ${known || "none"})`);
    }
    const value = read(path);
    loaded.set(symbol, value);
    return value;
  };
};

/** Up to `limit` 1-minute candles from `since` on; other intervals are refused, saying why (`served`). */
export const minuteCandles = (exchangeName: string, served: string, series: CandleSeries, interval: string, since: Date, limit: number): Candle[] => {
  if (interval !== "1m") throw new Error(`${exchangeName}: interval = ${JSON.stringify(interval)} is not served (${served})`);
  const window = seriesWindow(series, since.getTime(), Number.POSITIVE_INFINITY);
  return Array.from({ length: Math.min(limit, window.length) }, (_, i): Candle => ({
    timestamp: window.timestamp[i]!,
    open: window.open[i]!,
    high: window.high[i]!,
    low: window.low[i]!,
    close: window.close[i]!,
    volume: window.volume[i]!,
  }));
};

/** A data file's bytes, unzipped when its name ends in `.gz`, parsed; any error names the file (`what` it is). */
export const readDataFile = <T>(what: string, path: string, parse: (bytes: Buffer) => T): T => {
  try {
    const raw = readFileSync(path);
    return parse(path.endsWith(".gz") ? gunzipSync(raw, { chunkSize: unzippedSizeHint(raw) }) : raw);
  } catch (error) {
    throw new Error(`${what} ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
};

/**
 * A gzip file ends with its unzipped size (mod 2^32). Unzipping into one chunk of that size
 * instead of zlib's 16 KiB chunks, joined at the end, takes a third less time on the year of
 * candles. Only a hint: a wrong size (a file of several members, or over 4 GiB) still unzips.
 */
const unzippedSizeHint = (gzip: Buffer): number => (gzip.length >= 18 ? Math.max(64 * 1024, gzip.readUInt32LE(gzip.length - 4)) : 64 * 1024);
