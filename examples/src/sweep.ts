/**
 * `pnpm sweep`: 36 parameter sets of the momentum strategy over the shipped year of BTCUSDT
 * 1-minute candles, on a pool of worker threads (one per core), with a progress bar from the
 * `progressWalker` topic (a line per finished run when the output is no terminal); prints the ten
 * best by Sharpe ratio with their fingerprints. SWEEP_GRID=small sweeps 8 sets over 2020 Q1 instead.
 */
import { SingleBar } from "cli-progress";
import { listenWalkerProgress, Sweep } from "tickfold";
import { momentumSweep, sweepSize } from "./momentum-sweep-grid.js";

const started = performance.now();
// A progress bar on a terminal; a line per finished run when the output goes to a file or a pipe.
const bar = process.stdout.isTTY ? new SingleBar({ format: "sweeping {bar} {value}/{total} runs", hideCursor: true }) : null;
const stopListening = listenWalkerProgress((event) => {
  if (event.walkerName !== "momentum") return;
  if (bar === null) return console.log(`swept ${event.processedStrategies}/${event.totalStrategies} runs`);
  if (event.processedStrategies === 1) bar.start(event.totalStrategies, 0);
  bar.update(event.processedStrategies);
});

const result = await Sweep.run({ sweepName: "momentum", ...momentumSweep(sweepSize()) });
bar?.stop();
stopListening();

const num = (value: number | null, digits = 3) => (value === null ? "n/a" : value.toFixed(digits));
console.log(`\ntickfold sweep: momentum on BTCUSDT over ${sweepSize() === "small" ? "2020 Q1" : "the year"}, ${result.runs.length} runs ranked by ${result.metric}\n`);
console.log("  rank  lookback  takeProfit  sharpe   total PnL %  trades  fingerprint");
for (const run of result.runs.slice(0, 10)) {
  const { lookback, takeProfit } = run.params;
  console.log(
    `  ${String(run.rank).padStart(4)}  ${String(lookback).padStart(8)}  ${String(takeProfit).padStart(10)}  ${num(run.value).padStart(6)}  ${num(run.statistics.totalPnl, 2).padStart(11)}  ${String(run.closedSignals).padStart(6)}  ${run.fingerprint}`,
  );
}
console.log(`\nswept in ${((performance.now() - started) / 1000).toFixed(1)} s`);
