/**
 * `pnpm demo`: backtests an example strategy over the shipped year of BTCUSDT 1-minute candles
 * through the `tickfold` package, as a user would, and prints what happened.
 */
import { addExchange, addFrame, addStrategy, Backtest, candleFileExchange, listenPartialLoss, listenPartialProfit, listenSignal, listenValidation } from "tickfold";
import type { Emitted } from "@tickfold/core";
import { YEAR_OF_BTC } from "./lib/load-candles.js";
import { formatSummary, summarize } from "./lib/summary.js";
import { hourlyMomentum } from "./strategies/hourly-momentum.js";

const started = performance.now();
addExchange(candleFileExchange({ exchangeName: "binance-file", files: { BTCUSDT: YEAR_OF_BTC } }));
addFrame({ frameName: "year", startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" });
addStrategy({ strategyName: "hourly-momentum", interval: "1h", getSignal: hourlyMomentum });

const heard: Emitted[] = [];
listenSignal((event) => void (event.action !== "idle" && event.action !== "active" && heard.push({ type: "emit", topic: "signal", event })));
listenPartialProfit((event) => void heard.push({ type: "emit", topic: "partialProfit", event }));
listenPartialLoss((event) => void heard.push({ type: "emit", topic: "partialLoss", event }));
listenValidation((event) => void heard.push({ type: "emit", topic: "validation", event }));

let results = 0;
for await (const _result of Backtest.run("BTCUSDT", { strategyName: "hourly-momentum", exchangeName: "binance-file", frameName: "year" })) results++;
const elapsed = performance.now() - started;

console.log(`tickfold demo: hourly momentum on BTCUSDT, 1-minute candles 2024-12-01 … 2025-11-30 (Binance data)\n`);
console.log(formatSummary(summarize(heard)));
console.log(`\n${results.toLocaleString("en")} results; loading the candles and backtesting the year took ${elapsed.toFixed(0)} ms`);
