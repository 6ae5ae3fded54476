/**
 * `pnpm demo`: backtests an example strategy over the shipped year of BTCUSDT 1-minute candles
 * through the `tickfold` package, as a user would: a progress bar while it runs, a summary of the
 * statistics, and the markdown and HTML reports written under ./dump/.
 */
import { SingleBar } from "cli-progress";
import { addExchange, addFrame, addStrategy, Backtest, candleFileExchange, listenBacktestProgress, Partial, Schedule } from "tickfold";
import { YEAR_OF_BTC } from "./lib/load-candles.js";
import { hourlyMomentum } from "./strategies/hourly-momentum.js";

const started = performance.now();
const SYMBOL = "BTCUSDT";
const STRATEGY = "hourly-momentum";

addExchange(candleFileExchange({ exchangeName: "binance-file", files: { [SYMBOL]: YEAR_OF_BTC } }));
addFrame({ frameName: "year", startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" });
addStrategy({ strategyName: STRATEGY, interval: "1h", getSignal: hourlyMomentum });

// A progress bar on a terminal; nothing when the output goes to a file or a pipe.
const bar = process.stdout.isTTY ? new SingleBar({ format: "backtesting {bar} {percentage}%", hideCursor: true }) : null;
bar?.start(100, 0);
listenBacktestProgress((event) => bar?.update(Math.round(event.progress * 100)));
for await (const _result of Backtest.run(SYMBOL, { strategyName: STRATEGY, exchangeName: "binance-file", frameName: "year" })) {
  // Each result is also on the bus; the reports read them from there.
}
bar?.update(100);
bar?.stop();

const stats = Backtest.getData(SYMBOL, STRATEGY);
const partial = Partial.getData(SYMBOL, STRATEGY);
const schedule = Schedule.getData(SYMBOL, STRATEGY);
const pct = (value: number | null, digits = 2) => (value === null ? "n/a" : `${value.toFixed(digits)} %`);
const num = (value: number | null, digits = 3) => (value === null ? "n/a" : value.toFixed(digits));
const days = (ms: number | null) => (ms === null ? "n/a" : `${(ms / 86_400_000).toFixed(1)} days`);
const reasons = Object.entries(stats.byCloseReason)
  .map(([reason, r]) => `${reason} ${r.count}`)
  .join(", ");
const rows: Array<[string, string]> = [
  ["signals closed", `${stats.totalSignals}  (${reasons})`],
  ["win rate", pct(stats.winRate, 1)],
  ["total PnL (sum)", pct(stats.totalPnl)],
  ["compounded return", pct(stats.compoundedReturn)],
  ["Sharpe (per trade, annualised)", `${num(stats.sharpeRatio)}, ${num(stats.annualizedSharpeRatio)}`],
  ["max drawdown", `${pct(stats.maxDrawdown)} over ${days(stats.maxDrawdownDuration)}`],
  ["profit factor", num(stats.profitFactor)],
  ["fees and slippage paid", pct((stats.totalFees ?? 0) + (stats.totalSlippage ?? 0))],
  ["milestones reached", `profit ${partial.totalProfit}, loss ${partial.totalLoss}`],
  ["limit entries", `scheduled ${schedule.totalScheduled}, opened ${schedule.totalOpened}, cancelled ${schedule.totalCancelled}`],
];
const width = Math.max(...rows.map(([label]) => label.length));

console.log(`\ntickfold demo: hourly momentum on ${SYMBOL}, 1-minute candles 2024-12-01 … 2025-11-30 (Binance data)\n`);
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
const written = [...Backtest.dump(SYMBOL, STRATEGY), ...Partial.dump(SYMBOL, STRATEGY), ...Schedule.dump(SYMBOL, STRATEGY)];
console.log(`\nreports:\n${written.map((path) => `  ${path}`).join("\n")}`);
console.log(`\nloaded the candles, backtested the year and wrote the reports in ${(performance.now() - started).toFixed(0)} ms`);
