import { describe, expect, it } from "vitest";
import { CandleError, candleSeries, parseCandleCsv, vwapAt } from "./candle-series.js";

const good = { timestamp: 60_000, open: 10, high: 11, low: 9, close: 10.5, volume: 3 };

describe("candle series", () => {
  it("names the index, field and value of a malformed candle", () => {
    const cases: Array<[Record<string, number>, string, unknown]> = [
      [{ close: Number.NaN }, "close", Number.NaN],
      [{ low: -1 }, "low", -1],
      [{ volume: -2 }, "volume", -2],
      [{ high: 8.5 }, "high", 8.5],
      [{ timestamp: 0 }, "timestamp", 0],
    ];
    for (const [override, field, value] of cases) {
      let error: unknown;
      try {
        candleSeries([good, { ...good, timestamp: 120_000, ...override }]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CandleError);
      expect(error).toMatchObject({ index: 1, field, value });
      expect((error as Error).message).toContain(`Candle 1: ${field} = ${String(value)}`);
    }
  });

  it("parses the shipped CSV format and refuses a wrong header", () => {
    const series = parseCandleCsv("timestamp,open,high,low,close,volume\n60000,10,11,9,10.5,3\n120000,10.5,12,10,11,0\n");
    expect(series.length).toBe(2);
    expect(Array.from(series.close)).toEqual([10.5, 11]);
    expect(() => parseCandleCsv("time,o,h,l,c,v\n")).toThrow(/header/);
  });

  it("falls back to the mean close when a window has no volume", () => {
    const series = candleSeries([
      { ...good, volume: 0 },
      { ...good, timestamp: 120_000, close: 9.5, volume: 0 },
    ]);
    expect(vwapAt(series, 1, 5)).toBe(10);
  });
});
