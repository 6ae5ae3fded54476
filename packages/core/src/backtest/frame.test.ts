import { describe, expect, it } from "vitest";
import { candleSeries } from "../series/candle-series.js";
import { flat, market, minute } from "../lifecycle/scenario.fixture.js";
import { runBacktestSync, type BacktestSetup } from "./run.js";

const setup = (startDate: number, endDate: number): BacktestSetup => ({
  symbol: "TEST",
  strategyName: "never",
  interval: "1m",
  frame: { startDate, endDate },
  getSignal: () => null,
});

describe("backtest frame", () => {
  const series = market(flat(10, 100)); // minutes 0 … 9 of 2025-01-01

  it("is an error, naming the frame and the data's range, when it ends before the first candle", () => {
    expect(() => runBacktestSync(series, setup(minute(-120), minute(-1)))).toThrow(
      "Backtest frame 2024-12-31T22:00:00.000Z … 2024-12-31T23:59:00.000Z lies wholly outside the candles, which cover 2025-01-01T00:00:00.000Z … 2025-01-01T00:09:00.000Z",
    );
  });

  it("is an error when it starts after the last candle", () => {
    expect(() => runBacktestSync(series, setup(minute(10), minute(20)))).toThrow(
      "Backtest frame 2025-01-01T00:10:00.000Z … 2025-01-01T00:20:00.000Z lies wholly outside the candles, which cover 2025-01-01T00:00:00.000Z … 2025-01-01T00:09:00.000Z",
    );
  });

  it("is an error on an empty series", () => {
    expect(() => runBacktestSync(candleSeries([]), setup(minute(0), minute(5)))).toThrow(/: the candle series is empty/);
  });

  it("runs when it shares even one candle with the data, at either end", () => {
    expect(runBacktestSync(series, setup(minute(-5), minute(0))).candles).toBe(1);
    expect(runBacktestSync(series, setup(minute(9), minute(30))).candles).toBe(1);
  });
});
