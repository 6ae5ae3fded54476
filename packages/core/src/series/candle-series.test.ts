import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Candle } from "../model/candle.js";
import { CandleError, candleSeries, parseCandleCsv, vwapAt, type CandleSeries } from "./candle-series.js";

const T = Date.UTC(2025, 0, 1);
const good = { timestamp: T, open: 10, high: 11, low: 9, close: 10.5, volume: 3 };
const HEADER = "timestamp,open,high,low,close,volume";

const errorOf = (build: () => unknown): unknown => {
  try {
    build();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
};

const columnsOf = (series: CandleSeries) =>
  [series.timestamp, series.open, series.high, series.low, series.close, series.volume].map((column) => Array.from(column));

describe("candle series", () => {
  it("names the index, field and value of a malformed candle", () => {
    const cases: Array<[Partial<Candle>, keyof Candle, number, RegExp]> = [
      [{ close: Number.NaN }, "close", Number.NaN, /finite number > 0/],
      [{ low: -1 }, "low", -1, /finite number > 0/],
      [{ volume: -2 }, "volume", -2, /≥ 0/],
      [{ high: 8.5 }, "high", 8.5, /below low 9/],
      [{ close: 11.5 }, "close", 11.5, /above high 11/],
      [{ close: 8.9 }, "close", 8.9, /below low 9/],
      [{ open: 12 }, "open", 12, /above high 11/],
      [{ open: 8 }, "open", 8, /below low 9/],
      [{ timestamp: T }, "timestamp", T, /after the previous candle's/],
    ];
    for (const [override, field, value, rule] of cases) {
      const error = errorOf(() => candleSeries([good, { ...good, timestamp: T + 60_000, ...override }]));
      expect(error).toBeInstanceOf(CandleError);
      expect(error).toMatchObject({ index: 1, field, value });
      expect((error as Error).message).toContain(`Candle 1: ${field} = ${String(value)}`);
      expect((error as Error).message).toMatch(rule);
    }
  });

  it("refuses timestamps in seconds instead of reading them as 1970, saying which date they would be", () => {
    const seconds = T / 1000;
    const error = errorOf(() => candleSeries([{ ...good, timestamp: seconds }]));
    expect(error).toMatchObject({ index: 0, field: "timestamp", value: seconds });
    expect((error as Error).message).toBe(
      `Candle 0: timestamp = ${seconds} is before 1973-03-03 in epoch milliseconds (as seconds it would be 2025-01-01T00:00:00.000Z): timestamps must be epoch milliseconds`,
    );
    expect(() => parseCandleCsv(`${HEADER}\n${seconds},10,11,9,10.5,3\n`)).toThrow(/Candle 0: timestamp = 1735689600 is before 1973/);
  });

  it("parses the shipped CSV format and refuses a wrong header or a wrong number of fields", () => {
    const series = parseCandleCsv(`${HEADER}\n${T},10,11,9,10.5,3\n${T + 60_000},10.5,12,10,11,0\n`);
    expect(series.length).toBe(2);
    expect(Array.from(series.close)).toEqual([10.5, 11]);
    expect(() => parseCandleCsv("time,o,h,l,c,v\n")).toThrow(/header/);
    expect(() => parseCandleCsv(`${HEADER}\n${T},10,11,9,10.5\n`)).toThrow("Candle CSV line 2: expected 6 fields, got 5");
    expect(() => parseCandleCsv(`${HEADER}\n${T},10,11,9,10.5,3,7\n`)).toThrow("Candle CSV line 2: expected 6 fields, got 7");
  });

  it("reads CRLF lines, blank lines, spaces, exponents and a missing final newline like Number does", () => {
    const text = `${HEADER}\r\n${T},10,11,9,10.5,3\r\n\r\n  \n ${T + 60_000} , 1.05e1 ,12,10,11,0\n${T + 120_000},11,12,10,11,2.5`;
    expect(columnsOf(parseCandleCsv(text))).toEqual([
      [T, T + 60_000, T + 120_000],
      [10, 10.5, 11],
      [11, 12, 12],
      [9, 10, 10],
      [10.5, 11, 11],
      [3, 0, 2.5],
    ]);
    expect(() => parseCandleCsv(`${HEADER}\n${T},10,,9,10.5,3\n`)).toThrow("Candle 0: high = NaN must be a finite number > 0");
  });

  it("reads every value exactly as Number reads its text, on the one-pass path and the general one", () => {
    // Decimals as they appear in market data, and the edges of the one-pass reader: 15 digits,
    // 22 decimals, leading zeros, a trailing point; longer ones go the general way.
    const digits = fc.stringMatching(/^[0-9]{1,9}$/);
    const decimal = fc.oneof(
      fc.tuple(digits, fc.option(fc.stringMatching(/^[0-9]{0,9}$/))).map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`)),
      fc.stringMatching(/^0\.[0-9]{1,22}$/),
      fc.stringMatching(/^[0-9]{14,17}$/),
      fc.double({ min: 1e-6, max: 1e9, noNaN: true }).map(String),
    );
    // The four prices share one text so that every generated candle is valid.
    const row = fc.tuple(decimal.filter((d) => Number(d) > 0), decimal).map(([price, volume]) => [price, price, price, price, volume]);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, padded) => {
        const cells = rows.map((r, i) => [String(T + i * 60_000), ...r]);
        const text = `${HEADER}\n${cells.map((c) => (padded ? c.map((v) => ` ${v} `) : c).join(",")).join("\n")}\n`;
        const expected = Array.from({ length: 6 }, (_, f) => cells.map((c) => Number(c[f])));
        expect(columnsOf(parseCandleCsv(text))).toEqual(expected);
      }),
    );
  });

  it("makes room when the file's first half has longer lines than its second (the row estimate falls short)", () => {
    const pad = " ".repeat(20);
    const line = (i: number, long: boolean) => [T + i * 60_000, 10, 11, 9, 10.5, i].map((v) => (long ? `${pad}${v}` : String(v))).join(",");
    const lines = Array.from({ length: 430 }, (_, i) => line(i, i < 100));
    const series = parseCandleCsv(`${HEADER}\n${lines.join("\n")}\n`);
    expect(series.length).toBe(430);
    expect(Array.from(series.volume)).toEqual(lines.map((_, i) => i));
    expect(series.timestamp[429]).toBe(T + 429 * 60_000);
  });

  it("falls back to the mean close when a window has no volume", () => {
    const series = candleSeries([
      { ...good, volume: 0 },
      { ...good, timestamp: T + 60_000, close: 9.5, volume: 0 },
    ]);
    expect(vwapAt(series, 1, 5)).toBe(10);
  });
});
