import { fileURLToPath } from "node:url";
import type { GetSignal } from "@tickfold/core";
import { candleFileExchange } from "./candle-file-exchange.js";
import { createEngine, type NodeEngine } from "./create-engine.js";

/** The shipped year of BTCUSDT 1-minute candles. */
export const YEAR_FILE = fileURLToPath(new URL("../../../examples/data/BTCUSDT-1m-backtest_and_deploy.csv.gz", import.meta.url));

/** The shipped recording of BTCUSDT trades (2024-08-08T23:54:15Z … 2024-08-09T00:05:05Z). */
export const TICK_FILE = fileURLToPath(new URL("../../../examples/data/BTCUSDT-tick-hftbacktest.csv.gz", import.meta.url));

/** One exchange over the shipped file, shared by the tests of a file (it is read once). */
export const fileExchange = candleFileExchange({ exchangeName: "binance-file", files: { BTCUSDT: YEAR_FILE } });

export const TWO_WEEKS = { startDate: "2025-03-01T00:00:00Z", endDate: "2025-03-14T23:59:00Z" } as const;

/** Once an hour, with the last hour's move: the examples' momentum strategy on plain numbers. */
export const momentum = (closeAt: (time: number) => number): GetSignal => (_symbol, when, price) => {
  const hourAgo = closeAt(when - 61 * 60_000);
  if (!(hourAgo > 0)) return null;
  const long = price > hourAgo;
  return {
    position: long ? "long" : "short",
    priceTakeProfit: long ? price * 1.015 : price * 0.985,
    priceStopLoss: long ? price * 0.99 : price * 1.01,
    minuteEstimatedTime: 240,
  };
};

/** An engine with the file exchange and a two-week frame registered. */
export const engineWithData = (): NodeEngine => {
  const engine = createEngine();
  engine.addExchange(fileExchange);
  engine.addFrame({ frameName: "two-weeks", ...TWO_WEEKS });
  return engine;
};

export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};
