import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MINUTE_MS, type Candle } from "../model/candle.js";
import { candleSeries } from "../series/candle-series.js";
import { candleWindowArb, marketArb, marketOf, type Market } from "./markets.js";

/** fast-check's smallest failing value for `holds` over `arb`, or a test failure if it always holds. */
const shrunk = <T>(arb: fc.Arbitrary<T>, holds: (value: T) => boolean): T => {
  const details = fc.check(fc.property(arb, holds), { numRuns: fc.readConfigureGlobal().numRuns! * 2, seed: 7 });
  if (!details.failed || details.counterexample === null) throw new Error("expected the property to fail on some value");
  return details.counterexample[0];
};

const flat = (c: Candle, price: number): boolean => c.open === price && c.high === price && c.low === price && c.close === price;

describe("marketArb", () => {
  it("makes valid candles and a frame from the first candle to the one before the last", () => {
    fc.assert(
      fc.property(marketArb(), (market) => {
        const { candles, frame } = market;
        expect(() => candleSeries(candles)).not.toThrow();
        expect(candles.length).toBeGreaterThanOrEqual(3);
        expect(candles.length).toBeLessThanOrEqual(240);
        expect(frame).toEqual({ startDate: candles[0]!.timestamp, endDate: candles[candles.length - 2]!.timestamp });
        // plain checks, one expect: expect() per candle and price would dominate the test's time
        const problems: string[] = [];
        candles.forEach((c, i) => {
          if (c.high < Math.max(c.open, c.close) || c.low > Math.min(c.open, c.close)) problems.push(`candle ${i}: wicks inside the body`);
          if (c.timestamp % MINUTE_MS !== 0) problems.push(`candle ${i}: not on a minute`);
          // two decimals at 30,000
          if ([c.open, c.high, c.low, c.close].some((p) => Math.abs(p * 100 - Math.round(p * 100)) > 1e-6)) problems.push(`candle ${i}: more than 2 decimals`);
          const gaps = market.notes.some((note) => note.startsWith(`candle ${i}: opens`));
          if (i > 0 && !gaps && c.open !== candles[i - 1]!.close) problems.push(`candle ${i}: opens away from the previous close without a gap`);
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it("without gaps, flash moves or trends is a walk of consecutive minutes within the volatility", () => {
    const plain = marketArb({ gaps: false, flashMoves: false, trends: false, volatility: [0.5], length: { min: 3, max: 50 } });
    fc.assert(
      fc.property(plain, ({ candles, notes }) => {
        for (const note of notes) expect(note).toMatch(/^candles \d+–\d+: moves up to 0\.5 % a minute, no trend$/);
        candles.forEach((c, i) => {
          if (i > 0) expect(c.timestamp - candles[i - 1]!.timestamp).toBe(MINUTE_MS);
          expect(c.high / Math.max(c.open, c.close)).toBeLessThanOrEqual(1.005 + 1e-6);
          expect(Math.abs(c.close / c.open - 1)).toBeLessThanOrEqual(0.005 + 1e-6);
        });
      }),
    );
  });

  it("draws gaps (jumps, missing minutes), flash moves and several regimes", () => {
    const markets = fc.sample(marketArb(), { numRuns: 200, seed: 3 });
    const notes = markets.flatMap((m) => m.notes);
    expect(notes.some((n) => /opens [+-][\d.]+ % from the previous close$/.test(n))).toBe(true);
    expect(notes.some((n) => /missing minutes?$/.test(n))).toBe(true);
    expect(notes.some((n) => /flash crash/.test(n)) && notes.some((n) => /flash spike/.test(n))).toBe(true);
    expect(markets.some((m) => m.notes.filter((n) => n.startsWith("candles ")).length > 1)).toBe(true);
    expect(notes.some((n) => /trend [+-]/.test(n))).toBe(true);
    expect(markets.some((m) => m.candles.some((c, i) => i > 0 && c.timestamp - m.candles[i - 1]!.timestamp > MINUTE_MS))).toBe(true);
  });

  it("shrinks a failure to the fewest candles and the smallest moves: flat candles around the one event", () => {
    const crash = shrunk(marketArb(), ({ candles }) => candles.every((c) => c.low > 29_000));
    // fast-check's shrinking is greedy, so "fewest" is a few, not always the absolute minimum of 3
    expect(crash.candles.length).toBeLessThanOrEqual(4);
    // just past the threshold, by at most two candles that move (or one event), everything else flat
    const lowest = Math.min(...crash.candles.map((c) => c.low));
    expect(lowest).toBeGreaterThan(28_500);
    expect(crash.candles.filter((c) => !flat(c, c.open)).length).toBeLessThanOrEqual(2);
    expect(crash.notes.filter((n) => n.startsWith("candle ")).length).toBeLessThanOrEqual(1);
    expect(crash.candles.every((c) => c.volume === 1)).toBe(true);

    const climb = shrunk(marketArb({ gaps: false, flashMoves: false }), ({ candles }) => candles.every((c) => c.close < 30_100));
    // the smallest walk that climbs 100 from 30,000: every candle moves, no wick, volume 1
    expect(climb.candles.length).toBeLessThanOrEqual(6);
    for (const c of climb.candles) {
      expect(c.high).toBe(Math.max(c.open, c.close));
      expect(c.low).toBe(Math.min(c.open, c.close));
      expect(c.volume).toBe(1);
    }
  });

  it("names the field and the value of a bad option", () => {
    expect(() => marketArb({ length: { min: 2, max: 10 } })).toThrow("marketArb: length.min = 2 must be a whole number ≥ 3");
    expect(() => marketArb({ length: { min: 5, max: 4 } })).toThrow("marketArb: length.max = 4 must be a whole number ≥ length.min (5)");
    expect(() => marketArb({ startPrice: -1 })).toThrow("marketArb: startPrice = -1 must be a finite number > 0");
    expect(() => marketArb({ volatility: [] })).toThrow("marketArb: volatility = [] must list at least one percent");
  });
});

describe("marketOf", () => {
  it("makes the same market of an array of candles and of their series", () => {
    fc.assert(
      fc.property(marketArb({ length: { min: 3, max: 30 } }), ({ candles }) => {
        expect(marketOf(candleSeries(candles), ["pinned"])).toEqual(marketOf(candles, ["pinned"]));
        expect(marketOf(candles).frame).toEqual({ startDate: candles[0]!.timestamp, endDate: candles.at(-2)!.timestamp });
      }),
    );
    expect(() => marketOf([])).toThrow("marketOf: 0 candles given; a market needs at least 3");
  });
});

describe("candleWindowArb", () => {
  // Candle i opens at minute i after T0 (epoch milliseconds: timestamps before 1973 are refused as seconds).
  const T0 = Date.UTC(2025, 0, 1);
  const minuteOf = (timestamp: number): number => (timestamp - T0) / MINUTE_MS;
  const series = candleSeries(
    Array.from({ length: 500 }, (_, i) => ({ timestamp: T0 + i * MINUTE_MS, open: 100 + i, high: 101 + i, low: 99 + i, close: 100 + i, volume: 1 })),
  );

  it("makes contiguous windows of the series you pass, with their frame", () => {
    fc.assert(
      fc.property(candleWindowArb(series, { length: { min: 3, max: 100 } }), ({ candles, frame, notes }: Market) => {
        expect(candles.length).toBeGreaterThanOrEqual(3);
        expect(candles.length).toBeLessThanOrEqual(100);
        const start = minuteOf(candles[0]!.timestamp);
        candles.forEach((c, k) => expect(c).toEqual({ timestamp: T0 + (start + k) * MINUTE_MS, open: 100 + start + k, high: 101 + start + k, low: 99 + start + k, close: 100 + start + k, volume: 1 }));
        expect(frame).toEqual({ startDate: candles[0]!.timestamp, endDate: candles[candles.length - 2]!.timestamp });
        expect(notes).toEqual([`candles ${start}–${start + candles.length - 1} of the series passed to candleWindowArb`]);
      }),
    );
  });

  it("shrinks to the fewest candles ending at the one that matters", () => {
    const hasCandle400 = (m: Market) => !m.candles.some((c) => c.timestamp === T0 + 400 * MINUTE_MS);
    const window = shrunk(candleWindowArb(series, { length: { min: 3, max: 300 } }), hasCandle400);
    expect(window.candles.map((c) => minuteOf(c.timestamp))).toEqual([398, 399, 400]);
  });

  it("refuses a series shorter than the shortest window", () => {
    expect(() => candleWindowArb(candleSeries([]), {})).toThrow("candleWindowArb: the series has 0 candles; a window needs at least length.min = 3");
  });
});
