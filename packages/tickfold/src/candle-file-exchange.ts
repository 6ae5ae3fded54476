import { parseCandleCsv, seriesWindow, type CandleSeries } from "@tickfold/core";
import type { ExchangeSchema } from "@tickfold/core/engine";
import { minuteCandles, perSymbolFile, readDataFile } from "./file-exchange.js";

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
  const seriesOf = perSymbolFile(options.exchangeName, options.files, "candle file", readCandleFile);
  return {
    exchangeName: options.exchangeName,
    getCandleSeries: (symbol, from, to) => seriesWindow(seriesOf(symbol), from, to),
    getCandles: (symbol, interval, since, limit) => minuteCandles(options.exchangeName, "the files hold 1-minute candles", seriesOf(symbol), interval, since, limit),
  };
};

/** Reads a (gzipped) candle CSV into a validated series, parsed from the bytes (no decoding); errors name the file. */
export const readCandleFile = (path: string): CandleSeries => readDataFile("Candle file", path, parseCandleCsv);
