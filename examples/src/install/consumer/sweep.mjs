// @ts-check
/**
 * A user's parameter sweep against the installed packages, run by plain `node`: candles in memory,
 * a TypeScript strategy module, two worker threads, then one. Prints one JSON line the install
 * test checks.
 */
import { candleSeries } from "@tickfold/core";
import { Sweep } from "tickfold";

const MINUTE = 60_000;
const START = Date.parse("2025-01-01T00:00:00Z");
/** Ten hours of a 2-hour swing of ±1.5 % around 100, as in backtest.mjs. */
const series = candleSeries(
  Array.from({ length: 600 }, (_, i) => {
    const at = (/** @type {number} */ minute) => 100 * (1 + 0.015 * Math.sin((2 * Math.PI * minute) / 120));
    const open = at(i);
    const close = at(i + 1);
    return { timestamp: START + i * MINUTE, open, high: Math.max(open, close) * 1.0005, low: Math.min(open, close) * 0.9995, close, volume: 10 + (i % 7) };
  }),
);
const options = /** @type {const} */ ({
  strategy: "./sweep-strategy.ts",
  grid: { width: [1, 1.5, 2] },
  symbols: ["GEN"],
  candles: { GEN: series },
  frame: { startDate: START + 30 * MINUTE, endDate: START + 540 * MINUTE },
  metric: "totalPnl",
});
const ranking = (/** @type {import("tickfold").SweepResult} */ result) => result.runs.map((run) => ({ rank: run.rank, params: run.params, fingerprint: run.fingerprint, closed: run.closedSignals }));
const two = ranking(await Sweep.run({ ...options, threads: 2 }));
const one = ranking(await Sweep.run({ ...options, threads: 1 }));
console.log(JSON.stringify({ two, one }));
