import type { CandleSeries } from "@tickfold/core";
import { readCandleFile } from "tickfold";

const cache = new Map<string, CandleSeries>();

/** Reads a (gzipped) candle CSV into a validated series (tickfold's `readCandleFile`); cached per path, the files are large. */
export const loadCandles = (path: string): CandleSeries => {
  const cached = cache.get(path);
  if (cached) return cached;
  const series = readCandleFile(path);
  cache.set(path, series);
  return series;
};

/** The shipped year of BTCUSDT 1-minute candles (2024-12-01 … 2025-11-30). */
export const YEAR_OF_BTC = new URL("../../data/BTCUSDT-1m-backtest_and_deploy.csv.gz", import.meta.url).pathname;
