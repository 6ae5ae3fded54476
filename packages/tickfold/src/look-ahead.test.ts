import { CANDLE_INTERVALS, candlesBefore, type CandleInterval } from "@tickfold/core/engine";
import type { Candle } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { collect, engineWithData, fileExchange } from "./engine.fixture.js";
import { getCandles as seedGetCandles } from "./index.js";

const INTERVALS = Object.keys(CANDLE_INTERVALS) as CandleInterval[];

describe("the strategy's view of the market", () => {
  it("never shows a candle that had not closed by the tick, in any interval", async () => {
    const engine = engineWithData();
    const seen: Array<{ when: number; interval: CandleInterval; candles: Candle[] }> = [];
    engine.addStrategy({
      strategyName: "peek",
      interval: "15m",
      getSignal: (_symbol, when, _price, context) => {
        for (const interval of INTERVALS) seen.push({ when: when.getTime(), interval, candles: context.getCandles(interval, 3) });
        // The seed-style function sees the same history.
        expect(engine.getCandles("BTCUSDT", "1h", 3)).toEqual(context.getCandles("1h", 3));
        return null;
      },
    });
    await collect(engine.Backtest.run("BTCUSDT", { strategyName: "peek", exchangeName: "binance-file", frameName: "two-weeks" }));
    expect(seen.length).toBe(14 * 24 * 4 * INTERVALS.length);
    for (const { when, interval, candles } of seen) {
      const size = CANDLE_INTERVALS[interval] * 60_000;
      expect(candles.length).toBe(3);
      for (const candle of candles) expect(candle.timestamp + size).toBeLessThanOrEqual(when);
      // The newest one is the bucket that closed last: nothing newer was left out either.
      expect(candles.at(-1)!.timestamp).toBe(Math.floor(when / size) * size - size);
    }
  });

  it("aggregates 1-minute candles into UTC buckets: open of the first, close of the last, extremes and summed volume", async () => {
    const series = await fileExchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
    const when = Date.parse("2025-03-05T10:07:00Z");
    const [hour] = candlesBefore(series, when, "1h", 1);
    const minutes = candlesBefore(series, when, "1m", 67).slice(0, 60);
    expect(minutes[0]!.timestamp).toBe(Date.parse("2025-03-05T09:00:00Z"));
    expect(hour).toEqual({
      timestamp: Date.parse("2025-03-05T09:00:00Z"),
      open: minutes[0]!.open,
      high: Math.max(...minutes.map((c) => c.high)),
      low: Math.min(...minutes.map((c) => c.low)),
      close: minutes[59]!.close,
      volume: expect.closeTo(minutes.reduce((sum, c) => sum + c.volume, 0), 9),
    });
  });

  it("names a bad interval or limit", async () => {
    const series = await fileExchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
    expect(() => candlesBefore(series, Date.parse("2025-03-05T10:07:00Z"), "2d" as CandleInterval, 1)).toThrow(/interval = "2d" is not one of 1m, 3m/);
    expect(() => candlesBefore(series, Date.parse("2025-03-05T10:07:00Z"), "1h", 0)).toThrow("getCandles: limit = 0 must be a whole number > 0");
  });

  it("lets the seed-style getCandles work inside an async getSignal, after an await, and nowhere else", async () => {
    const { addExchange, addFrame, addStrategy, Backtest } = await import("./index.js");
    addExchange({ ...fileExchange, exchangeName: "seed-style-file" });
    addFrame({ frameName: "seed-style-day", startDate: "2025-03-01T00:00:00Z", endDate: "2025-03-01T23:59:00Z" });
    const newest: Array<[number, number]> = [];
    addStrategy({
      strategyName: "seed-style",
      interval: "1h",
      getSignal: async (symbol, when) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const [last] = seedGetCandles(symbol, "1m", 1);
        newest.push([when.getTime(), last!.timestamp]);
        return null;
      },
    });
    await collect(Backtest.run("BTCUSDT", { strategyName: "seed-style", exchangeName: "seed-style-file", frameName: "seed-style-day" }));
    expect(newest).toHaveLength(24);
    for (const [when, last] of newest) expect(last).toBe(when - 60_000);
    expect(() => seedGetCandles("BTCUSDT", "1m", 1)).toThrow(/called outside a strategy's getSignal/);
  });
});
