import * as E from "#fp-ts/Either";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, fromBacktestKitConfig, validateConfig } from "./config.js";

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

  it("changes nothing on error: the base config is returned untouched by the caller", () => {
    const base = DEFAULT_CONFIG;
    const before = JSON.stringify(base);
    validateConfig({ percentFee: Number.NaN, partialLevels: [20, 10] }, base);
    expect(JSON.stringify(base)).toBe(before);
  });

  it("maps backtest-kit names and rejects unknown ones", () => {
    expect(fromBacktestKitConfig({ CC_PERCENT_FEE: 0, CC_AVG_PRICE_CANDLES_COUNT: 3 })).toEqual(E.right({ percentFee: 0, avgPriceCandles: 3 }));
    expect(E.isLeft(fromBacktestKitConfig({ CC_NOPE: 1 }))).toBe(true);
  });
});
