import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GetSignalFn } from "../engine/schemas.js";
import { ConfigError } from "../model/config.js";
import { parseCandleCsv } from "../series/candle-series.js";
import { checkStrategy, StrategyCheckError, type CheckStrategyOptions } from "./check-strategy.js";
import { candlesToCsv } from "./counterexample-report.js";
import type { Counterexample } from "./failure.js";
import type { StrategyUnderTest } from "./strategy-under-test.js";

/** The suite's one run-count setting (test-support/property-runs.setup.ts), which checkStrategy takes by default. */
const SHARED_RUNS = fc.readConfigureGlobal().numRuns;

/** A sound long: TP and SL 1 % away, an hour at most. */
const bracketLong: GetSignalFn = (_symbol, _when, price) => ({
  position: "long",
  priceTakeProfit: price * 1.01,
  priceStopLoss: price * 0.99,
  minuteEstimatedTime: 60,
});

/** The counterexample of a check that must fail. */
const counterexampleOf = async (strategy: StrategyUnderTest, options: CheckStrategyOptions = {}): Promise<Counterexample> => {
  const outcome = await checkStrategy(strategy, { seed: 42, ...options }).then(
    (check) => new Error(`expected a failing market, but all ${check.runs} runs passed`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof StrategyCheckError)) throw outcome;
  return outcome.counterexample;
};

describe("checkStrategy on a sound strategy", () => {
  it("passes, runs as many markets as fast-check's global numRuns asks, and reports the trades it saw", async () => {
    const check = await checkStrategy({ strategyName: "bracket", interval: "5m", getSignal: bracketLong }, { seed: 1 });
    expect(SHARED_RUNS).toBeGreaterThanOrEqual(1000);
    expect(check.runs).toBe(SHARED_RUNS);
    expect(check.seed).toBe(1);
    expect(check.closes.take_profit).toBeGreaterThan(0);
    expect(check.closes.stop_loss).toBeGreaterThan(0);
    expect(check.closes.time_expired).toBeGreaterThan(0);
  });

  it("gives the same outcome for a sync and an async getSignal", async () => {
    const sync = await checkStrategy(bracketLong, { seed: 5 });
    const async = await checkStrategy(async (...args: Parameters<GetSignalFn>) => bracketLong(...args), { seed: 5 });
    expect(async).toEqual(sync);
  });
});

describe("checkStrategy's counterexamples", () => {
  it("reports a throwing strategy as the strategy's error, with the call, on the smallest market", async () => {
    const bug = new ReferenceError("setup is not defined");
    const c = await counterexampleOf(() => {
      throw bug;
    });
    expect(c.failure).toEqual({
      kind: "strategy threw",
      error: bug,
      at: { symbol: "TEST", when: c.market.candles[1]!.timestamp, currentPrice: c.market.candles[0]!.close, call: 1 },
    });
    expect(c.market.candles).toHaveLength(3);
  });

  it("reports a rejected promise like a throw, and the message names the strategy and the error", async () => {
    const error = await checkStrategy({ strategyName: "async-bug", interval: "1m", getSignal: async () => Promise.reject(new TypeError("price.toFixd is not a function")) })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyCheckError);
    const check = error as StrategyCheckError;
    expect(check.counterexample.failure.kind).toBe("strategy threw");
    expect(check.cause).toBeInstanceOf(TypeError);
    expect(check.message).toContain('The strategy "async-bug" threw in getSignal("TEST", ');
    expect(check.message).toContain("TypeError: price.toFixd is not a function");
    expect(check.message).toContain("It threw on its first call");
    expect(check.message).not.toContain("lifecycle");
  });

  it("fails on a rejected proposal with the rule it broke, unless rejections are allowed", async () => {
    const wrongSideShort: GetSignalFn = (_s, _w, price) => ({ position: "short", priceTakeProfit: price * 0.99, priceStopLoss: price * 0.99, minuteEstimatedTime: 60 });
    const c = await counterexampleOf(wrongSideShort);
    expect(c.failure.kind).toBe("proposal rejected");
    const event = c.failure.kind === "proposal rejected" ? c.failure.event : null;
    expect(event?.issues.map((i) => i.field)).toContain("priceStopLoss");
    expect(c.market.candles).toHaveLength(3);
    // An explicit run count wins over the global setting.
    await expect(checkStrategy(wrongSideShort, { runs: 20, allowRejectedProposals: true })).resolves.toMatchObject({ runs: 20 });
  });

  it("fails on a property that returns false, by name, with the events of the run", async () => {
    const c = await counterexampleOf(bracketLong, { properties: { "never stopped out": ({ closed }) => closed.every((e) => e.closeReason !== "stop_loss") } });
    expect(c.failure).toEqual({ kind: "property", name: "never stopped out" });
    const actions = c.emitted.flatMap((e) => (e.topic === "signal" ? [e.event.action] : []));
    expect(actions.slice(-2)).toEqual(["opened", "closed"]);
    expect(c.market.candles.length).toBeLessThanOrEqual(12);
  });

  it("fails on a property that throws (an expect), keeping the error", async () => {
    const c = await counterexampleOf(bracketLong, {
      properties: {
        "no trade loses more than 1 %": ({ closed }) => {
          for (const trade of closed) expect(trade.pnl.pnlPercentage).toBeGreaterThan(-1);
        },
      },
    });
    expect(c.failure.kind).toBe("property");
    expect(c.failure.kind === "property" && c.failure.error).toBeInstanceOf(Error);
  });

  it("calls getSignal the engine's way: a Date, and a context whose history stops before the tick", async () => {
    const seen: string[] = [];
    await checkStrategy(
      {
        strategyName: "history",
        interval: "1m",
        getSignal: (symbol, when, _price, context) => {
          if (!(when instanceof Date)) seen.push(`when is ${typeof when}`);
          if (context.when !== when.getTime() || context.symbol !== symbol || context.strategyName !== "history") seen.push("context of another tick");
          const history = context.getCandles("1m", 500);
          if (history.length === 0 || history.at(-1)!.timestamp >= when.getTime()) seen.push("history reaches the tick");
          return null;
        },
      },
      { seed: 4 },
    );
    expect(seen).toEqual([]);
    // and the history is the market's own: a strategy that throws once it has seen 3 candles fails on the smallest such market
    const c = await counterexampleOf((_s, _w, _p, context) => {
      if (context.getCandles("1m", 10).length >= 3) throw new Error("three candles of history");
      return null;
    });
    expect(c.failure.kind === "strategy threw" && c.failure.at.call).toBe(3);
    expect(c.market.candles).toHaveLength(5);
  });

  it("prints the market as CSV that parseCandleCsv reads back, and the events by candle", async () => {
    const c = await counterexampleOf(bracketLong, { properties: { "never stopped out": ({ closed }) => closed.every((e) => e.closeReason !== "stop_loss") } });
    const message = await checkStrategy(bracketLong, { seed: 42, properties: { "never stopped out": ({ closed }) => closed.every((e) => e.closeReason !== "stop_loss") } })
      .catch((e: Error) => e.message);
    const csv = candlesToCsv(c.market.candles);
    expect(message).toContain(csv);
    const back = parseCandleCsv(csv);
    expect(Array.from(back.close)).toEqual(c.market.candles.map((candle) => candle.close));
    expect(Array.from(back.low)).toEqual(c.market.candles.map((candle) => candle.low));
    expect(message).toContain(`failed on a market of ${c.market.candles.length} candles`);
    expect(message).toContain('Property "never stopped out" returned false.');
    expect(message).toMatch(/candle \d+ \S+ {2}closed long strategy:TEST:\d+ by stop_loss at [\d.]+: PnL -[\d.]+ %/);
    expect(message).toContain(`seed: ${c.seed}, path: "${c.path}"`);
  });

  it("replays the same counterexample from the same seed, and straight from seed and path", async () => {
    const throwsBelow = (_s: string, _w: Date, price: number) => {
      if (price < 29_700) throw new Error("price below 29,700");
      return null;
    };
    const first = await counterexampleOf(throwsBelow, { seed: 9 });
    const again = await counterexampleOf(throwsBelow, { seed: 9 });
    expect(again.market).toEqual(first.market);
    const replayed = await counterexampleOf(throwsBelow, { seed: first.seed, path: first.path });
    expect(replayed.market).toEqual(first.market);
    expect(replayed.runs).toBe(1);
  });
});

describe("checkStrategy's own errors are sentences, before any market", () => {
  it("names the bad option", async () => {
    await expect(checkStrategy(bracketLong, { runs: 0 })).rejects.toThrow("checkStrategy: runs = 0 must be a whole number ≥ 1");
    await expect(checkStrategy({ strategyName: "x", interval: "2m" as never, getSignal: bracketLong })).rejects.toThrow('checkStrategy: interval = "2m"');
    await expect(checkStrategy({ strategyName: "x", interval: "1m" } as never)).rejects.toThrow("checkStrategy: getSignal = undefined: must be a function");
    await expect(checkStrategy({ strategyName: "", interval: "1m", getSignal: bracketLong })).rejects.toThrow('checkStrategy: strategyName = "": must be a non-empty string');
    await expect(checkStrategy(bracketLong, { config: { percentFee: -1 } })).rejects.toThrow(ConfigError);
  });
});
