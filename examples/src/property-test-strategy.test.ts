import { describe, expect, it } from "vitest";
import type { GetSignalFn, StrategySchema } from "@tickfold/core/engine";
import { checkStrategy, StrategyCheckError, type StrategyProperty } from "@tickfold/core/testing";

/**
 * A user's strategy, property-tested the way the testing kit is meant to be used. "Fade the move":
 * after the price rose more than 0.5 % in 15 minutes, short it (after a fall, buy it), aiming back
 * at where the move started; the stop sits beyond the 15-minute extreme with a 0.5 % buffer,
 * never more than 5 % away. The first version has a bug a reviewer easily misses: the short's
 * stop takes the buffer off the high instead of adding it, which puts the stop below the entry
 * whenever the price is near its high (just after a rise, the very moment the strategy shorts).
 */

const LOOKBACK = 15;
const BUFFER = 0.005;
const MAX_STOP = 0.05;

type ShortStop = (high: number, price: number) => number;

const fadeTheMove = (shortStop: ShortStop): GetSignalFn => (_symbol, _when, price, context) => {
  // the candles before `when` (no look-ahead): the move's start, then the 15 minutes since
  const history = context.getCandles("1m", LOOKBACK + 1);
  if (history.length <= LOOKBACK) return null;
  const start = history[0]!.close;
  const recent = history.slice(1);
  const high = Math.max(...recent.map((c) => c.high));
  const low = Math.min(...recent.map((c) => c.low));
  const move = price / start - 1;
  if (move > BUFFER) {
    return { position: "short", priceTakeProfit: Math.min(start, price * 0.994), priceStopLoss: shortStop(high, price), minuteEstimatedTime: 120 };
  }
  if (move < -BUFFER) {
    const stop = Math.max(low * (1 - BUFFER), price * (1 - MAX_STOP));
    return { position: "long", priceTakeProfit: Math.max(start, price * 1.006), priceStopLoss: stop, minuteEstimatedTime: 120 };
  }
  return null;
};

// What you would pass to addStrategy.
const buggy: StrategySchema = {
  strategyName: "fade-the-move",
  interval: "1m",
  getSignal: fadeTheMove((high, price) => Math.min(high * (1 - BUFFER), price * (1 + MAX_STOP))), // the bug: − instead of +
};

const fixed: StrategySchema = {
  ...buggy,
  getSignal: fadeTheMove((high, price) => Math.min(high * (1 + BUFFER), price * (1 + MAX_STOP))),
};

const properties: Record<string, StrategyProperty> = {
  "a stop loss never costs more than 5 % plus fees and slippage": ({ closed }) =>
    closed.every((trade) => trade.closeReason !== "stop_loss" || trade.pnl.pnlPercentage > -5.5),
};

describe("property-testing a strategy with checkStrategy", () => {
  it("finds the short's wrong-side stop and shrinks it to a market of a few dozen candles", async () => {
    // runs: fast-check's global numRuns, the suite's one setting (as for every property here)
    const error = await checkStrategy(buggy, { properties }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyCheckError);
    const { counterexample } = error as StrategyCheckError;
    // The engine rejected the proposal: the short's stop is not above its entry.
    expect(counterexample.failure.kind).toBe("proposal rejected");
    const issues = counterexample.failure.kind === "proposal rejected" ? counterexample.failure.event.issues : [];
    expect(issues).toContainEqual(expect.objectContaining({ field: "priceStopLoss", rule: expect.stringMatching(/^must be above the entry [\d.]+ for a short$/) }));
    // 15 minutes of history, the rise, the ask: the shrunk market is barely longer than that.
    expect(counterexample.market.candles.length).toBeGreaterThan(LOOKBACK + 1);
    expect(counterexample.market.candles.length).toBeLessThanOrEqual(36);
    expect((error as Error).message).toContain('A proposal of "fade-the-move" was rejected by the trading rules');
  });

  it("passes once the stop is above the high, on markets where it really traded", async () => {
    const check = await checkStrategy(fixed, { properties });
    expect(check.closes.take_profit + check.closes.stop_loss + check.closes.time_expired).toBeGreaterThan(100);
    expect(check.closes.stop_loss).toBeGreaterThan(0);
    expect(check.closes.take_profit).toBeGreaterThan(0);
  });
});
