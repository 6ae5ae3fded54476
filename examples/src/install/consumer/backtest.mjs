// @ts-check
/**
 * A user's first program against the installed packages, run by plain `node` (no loader): a
 * backtest through the `tickfold` API with a listener, then the testing kit's invariants over
 * generated markets. Prints one JSON line that the install test checks.
 */
import { runBacktestSync } from "@tickfold/core";
import { candleSeriesArb, lifecycleViolations, scriptedStrategy, strategyScriptArb } from "@tickfold/core/testing";
import fc from "fast-check";
import { addExchange, addFrame, addStrategy, Backtest, listenDoneBacktestOnce, listenSignal } from "tickfold";

const MINUTE = 60_000;
const START = Date.parse("2025-01-01T00:00:00Z");

/** Ten hours of 1-minute candles: a 2-hour swing of ±1.5% around 100, so positions close both ways. */
const candles = Array.from({ length: 600 }, (_, i) => {
  const at = (/** @type {number} */ minute) => 100 * (1 + 0.015 * Math.sin((2 * Math.PI * minute) / 120));
  const open = at(i);
  const close = at(i + 1);
  return { timestamp: START + i * MINUTE, open, high: Math.max(open, close) * 1.0005, low: Math.min(open, close) * 0.9995, close, volume: 10 + (i % 7) };
});

addExchange({
  exchangeName: "generated",
  getCandles: (_symbol, _interval, since, limit) => candles.filter((c) => c.timestamp >= since.getTime()).slice(0, limit),
});
addFrame({ frameName: "morning", interval: "1m", startDate: new Date(START + 30 * MINUTE), endDate: new Date(START + 540 * MINUTE) });
let asked = 0;
addStrategy({
  strategyName: "alternate",
  interval: "15m",
  // Long, then short, then long…: take profit and stop loss 1% away, an hour at most.
  getSignal: (_symbol, _when, price) => {
    const long = asked++ % 2 === 0;
    return { position: long ? "long" : "short", priceTakeProfit: price * (long ? 1.01 : 0.99), priceStopLoss: price * (long ? 0.99 : 1.01), minuteEstimatedTime: 60 };
  },
});

/** @type {string[]} */
const heard = [];
listenSignal((event) => void heard.push(event.action));
const done = new Promise((resolve) => listenDoneBacktestOnce(() => true, resolve));
const results = [];
for await (const event of Backtest.run("GEN", { strategyName: "alternate", exchangeName: "generated", frameName: "morning" })) results.push(event);
await done; // after every delivery of the run's events

const closed = results.filter((event) => event.action === "closed");
let propertyRuns = 0;
let runsThatClosed = 0;
fc.assert(
  fc.property(candleSeriesArb({ length: { min: 40, max: 200 } }), strategyScriptArb(), (series, script) => {
    propertyRuns++;
    const { emitted } = runBacktestSync(series, {
      symbol: "TEST",
      strategyName: "scripted",
      interval: "1m",
      frame: { startDate: series.timestamp[0] ?? 0, endDate: series.timestamp[series.length - 30] ?? 0 },
      getSignal: scriptedStrategy(script),
    });
    if (emitted.some((e) => e.topic === "signal" && e.event.action === "closed")) runsThatClosed++;
    return lifecycleViolations(emitted).length === 0;
  }),
  { numRuns: 200, seed: 7 },
);

console.log(
  JSON.stringify({
    results: results.map((event) => event.action),
    heard,
    closeReasons: closed.map((event) => event.action === "closed" && event.closeReason),
    pnlPercentages: closed.map((event) => event.action === "closed" && event.pnl.pnlPercentage),
    propertyRuns,
    runsThatClosed,
  }),
);
