import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { it } from "vitest";
import { parseCandleCsv } from "@tickfold/core";
import { candleWindowArb, checkStrategy } from "@tickfold/core/testing";

// Any timestamp,open,high,low,close,volume CSV; here the shipped BTCUSDT 1-minute candles of 2020 Q1.
const csv = gunzipSync(readFileSync(new URL("../../data/BTCUSDT-1m-backtest_and_deploy_2020Q1.csv.gz", import.meta.url)));
const btc = parseCandleCsv(csv.toString("utf8"));

const bracket = (_symbol: string, _when: Date, price: number) => ({
  position: "long" as const,
  priceTakeProfit: price * 1.01,
  priceStopLoss: price * 0.99,
  minuteEstimatedTime: 60,
});

it("bracket on windows of real BTCUSDT candles", async () => {
  await checkStrategy(bracket, { market: candleWindowArb(btc, { length: { min: 60, max: 600 } }) });
});
