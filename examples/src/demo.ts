/**
 * `pnpm demo`: backtests an example strategy over the shipped year of BTCUSDT 1-minute candles
 * through @tickfold/core and prints what happened.
 */
import { runBacktestSync } from "@tickfold/core";
import { loadCandles, YEAR_OF_BTC } from "./lib/load-candles.js";
import { formatSummary, summarize } from "./lib/summary.js";
import { hourlyMomentum } from "./strategies/hourly-momentum.js";

const loadStart = performance.now();
const candles = loadCandles(YEAR_OF_BTC);
const loadMs = performance.now() - loadStart;

const runStart = performance.now();
const result = runBacktestSync(candles, {
  symbol: "BTCUSDT",
  strategyName: "hourly-momentum",
  interval: "1h",
  frame: { startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" },
  getSignal: hourlyMomentum(candles),
});
const runMs = performance.now() - runStart;

console.log(`tickfold demo: hourly momentum on BTCUSDT, 1-minute candles 2024-12-01 … 2025-11-30 (Binance data)\n`);
console.log(formatSummary(summarize(result.emitted)));
console.log(
  `\n${result.candles.toLocaleString("en")} candles backtested in ${runMs.toFixed(0)} ms ` +
    `(${((result.candles / runMs) * 1000 / 1e6).toFixed(1)} M candles/s); loading the CSV took ${loadMs.toFixed(0)} ms`,
);
