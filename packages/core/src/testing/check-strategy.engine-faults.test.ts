import { describe, expect, it, vi } from "vitest";
import * as run from "../backtest/run.js";
import type { GetSignalFn } from "../engine/schemas.js";
import { checkStrategy, StrategyCheckError } from "./check-strategy.js";

/**
 * checkStrategy must tell an engine fault from a strategy bug. The real engine keeps the
 * invariants, so these tests swap in a faulty one: the real backtest with its `opened` events
 * dropped, or one that throws.
 */
const fault = vi.hoisted(() => ({ current: "none" as "none" | "drop opened" | "throw" }));

vi.mock(import("../backtest/run.js"), async (importOriginal) => {
  const real = await importOriginal();
  return {
    ...real,
    runBacktest: async (series, setup) => {
      if (fault.current === "throw") throw new RangeError("index out of range");
      if (fault.current === "none") return real.runBacktest(series, setup);
      return real.runBacktest(series, {
        ...setup,
        onEffect: (effect) => {
          if (!(effect.type === "emit" && effect.topic === "signal" && effect.event.action === "opened")) setup.onEffect?.(effect);
        },
      });
    },
  };
});

const bracketLong: GetSignalFn = (_symbol, _when, price) => ({
  position: "long",
  priceTakeProfit: price * 1.01,
  priceStopLoss: price * 0.99,
  minuteEstimatedTime: 60,
});

const failureOf = async (strategy: GetSignalFn) => {
  const error = await checkStrategy(strategy, { seed: 3 }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StrategyCheckError);
  return (error as StrategyCheckError).counterexample.failure;
};

describe("checkStrategy with a faulty engine", () => {
  it("passes with the real engine swapped back in (the mock itself is sound)", async () => {
    fault.current = "none";
    await expect(checkStrategy(bracketLong, { runs: 50, seed: 3 })).resolves.toMatchObject({ runs: 50 });
  });

  it("reports broken lifecycle invariants as such, not as the strategy's fault", async () => {
    fault.current = "drop opened";
    const failure = await failureOf(bracketLong);
    expect(failure.kind).toBe("lifecycle invariant");
    expect(failure.kind === "lifecycle invariant" && failure.violations[0]).toMatch(/^event \d+: strategy:TEST:\d+ closed but the open signal is null$/);
  });

  it("reports an engine that throws as tickfold's error", async () => {
    fault.current = "throw";
    const failure = await failureOf(bracketLong);
    expect(failure).toEqual({ kind: "engine threw", error: new RangeError("index out of range") });
  });
});
