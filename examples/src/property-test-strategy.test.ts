import { describe, expect, it } from "vitest";
import { indexAtOrAfter, type CandleSeries, type GetSignal } from "@tickfold/core";
import { checkStrategy, StrategyCheckError, type StrategyFactory, type StrategyProperty } from "@tickfold/core/testing";

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

const fadeTheMove = (shortStop: ShortStop) => (candles: CandleSeries): GetSignal => (_symbol, when, price) => {
  const now = indexAtOrAfter(candles, when); // only candles before `when`: no look-ahead
  if (now <= LOOKBACK) return null;
  const start = candles.close[now - LOOKBACK - 1]!;
  let high = -Infinity;
  let low = Infinity;
  for (let i = now - LOOKBACK; i < now; i++) {
    high = Math.max(high, candles.high[i]!);
    low = Math.min(low, candles.low[i]!);
  }
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

const buggy: StrategyFactory = {
  strategyName: "fade-the-move",
  interval: "1m",
  forMarket: fadeTheMove((high, price) => Math.min(high * (1 - BUFFER), price * (1 + MAX_STOP))), // the bug: − instead of +
};

const fixed: StrategyFactory = {
  ...buggy,
  forMarket: fadeTheMove((high, price) => Math.min(high * (1 + BUFFER), price * (1 + MAX_STOP))),
};

const properties: Record<string, StrategyProperty> = {
  "a stop loss never costs more than 5 % plus fees and slippage": ({ closed }) =>
    closed.every((trade) => trade.closeReason !== "stop_loss" || trade.pnl.pnlPercentage > -5.5),
};

const RUNS = 200;

describe("property-testing a strategy with checkStrategy", () => {
  it("finds the short's wrong-side stop and shrinks it to a market of a few dozen candles", async () => {
    const error = await checkStrategy(buggy, { runs: RUNS, properties }).then(() => null, (e: unknown) => e);
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
    const check = await checkStrategy(fixed, { runs: RUNS, properties });
    expect(check.closes.take_profit + check.closes.stop_loss + check.closes.time_expired).toBeGreaterThan(100);
    expect(check.closes.stop_loss).toBeGreaterThan(0);
    expect(check.closes.take_profit).toBeGreaterThan(0);
  });
});
