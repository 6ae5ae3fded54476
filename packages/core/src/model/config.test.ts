import * as E from "#fp-ts/Either";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, fromBacktestKitConfig, validateConfig, type ConfigInput } from "./config.js";

describe("config", () => {
  it("has the SPEC defaults", () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      percentFee: 0.1,
      percentSlippage: 0.1,
      avgPriceCandles: 5,
      scheduleAwaitMinutes: 120,
      minTakeProfitDistancePercent: 0.5,
      minStopLossDistancePercent: 0.5,
      maxStopLossDistancePercent: 20,
      maxSignalLifetimeMinutes: 1440,
      takeProfitTrigger: "vwap",
      stopLossTrigger: "wick",
    });
  });

  it("lists every problem at once, naming field and value", () => {
    const result = validateConfig({ percentFee: -1, avgPriceCandles: 2.5, scheduleAwaitMinutes: 0 });
    expect(E.isLeft(result) && result.left.map((i) => [i.field, i.value])).toEqual([
      ["percentFee", -1],
      ["avgPriceCandles", 2.5],
      ["scheduleAwaitMinutes", 0],
    ]);
  });

  it("requires the minimum take-profit distance to cover two fees and two slippages", () => {
    const result = validateConfig({ percentFee: 0.2, percentSlippage: 0.1, minTakeProfitDistancePercent: 0.5 });
    expect(E.isLeft(result) && result.left[0]).toMatchObject({ field: "minTakeProfitDistancePercent", value: 0.5 });
    expect(E.isRight(validateConfig({ percentFee: 0, percentSlippage: 0, minTakeProfitDistancePercent: 0.01 }))).toBe(true);
  });

  it("changes nothing on error: it reports the problems and leaves the base and the overrides as they were", () => {
    const base = validateConfig({ percentFee: 0.05, partialLevels: [25, 50] });
    if (E.isLeft(base)) throw new Error("the base config is valid");
    const baseBefore = structuredClone(base.right);
    const overrides = { percentFee: Number.NaN, partialLevels: [20, 10] };
    const overridesBefore = structuredClone(overrides);
    const result = validateConfig(overrides, base.right);
    expect(E.isLeft(result) && result.left.map((i) => [i.field, i.value])).toEqual([
      ["percentFee", Number.NaN],
      ["partialLevels.1", 10],
    ]);
    expect(base.right).toEqual(baseBefore);
    expect(overrides).toEqual(overridesBefore);
  });

  it("rejects an unknown key, naming it and the closest known name", () => {
    const result = validateConfig({ percentFees: 0.2 } as Partial<ConfigInput>);
    expect(E.isLeft(result) && result.left).toEqual([{ field: "percentFees", value: 0.2, rule: 'is not a config setting (did you mean "percentFee"?)' }]);
    const ccName = validateConfig({ CC_PERCENT_FEE: 0.2 } as Partial<ConfigInput>);
    expect(E.isLeft(ccName) && ccName.left[0]!.rule).toBe(`is not a config setting (it is backtest-kit's name for "percentFee")`);
  });

  it("checks the cross-field rules even when a basic check fails, listing every problem at once", () => {
    const result = validateConfig({ percentFee: -1, minStopLossDistancePercent: 30 });
    expect(E.isLeft(result) && result.left.map((i) => [i.field, i.value])).toEqual([
      ["percentFee", -1],
      ["minStopLossDistancePercent", 30],
    ]);
    const everything = validateConfig({ percentFees: 1, avgPriceCandles: 0, percentSlippage: 0.5, partialLevels: [50, 40] } as Partial<ConfigInput>);
    expect(E.isLeft(everything) && everything.left.map((i) => i.field)).toEqual([
      "percentFees",
      "avgPriceCandles",
      "minTakeProfitDistancePercent",
      "partialLevels.1",
    ]);
  });

  it("maps backtest-kit names and rejects unknown ones", () => {
    expect(fromBacktestKitConfig({ CC_PERCENT_FEE: 0, CC_AVG_PRICE_CANDLES_COUNT: 3 })).toEqual(E.right({ percentFee: 0, avgPriceCandles: 3 }));
    expect(fromBacktestKitConfig({ CC_PERCENT_FEES: 1 })).toEqual(
      E.left([{ field: "CC_PERCENT_FEES", value: 1, rule: 'is not a known backtest-kit setting (did you mean "CC_PERCENT_FEE"?)' }]),
    );
  });
});
