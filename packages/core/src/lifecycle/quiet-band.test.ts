import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SignalRow } from "../model/signal.js";
import { PROPERTY_RUNS } from "../testing/runs.js";
import { vwapOfWindow } from "../math/vwap.js";
import { OpenVerdict, compileOpenWatch, isInsideCorridor, isInsideQuietBand, judgeOpen, progressAt, reachesNewLevel } from "./rules.js";

/**
 * The quiet band lets the batch fold skip `progressAt`. It is only sound if no price inside it
 * reaches a new level, including prices a few ulps from a level, where rounding decides.
 */

const LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
const TRIGGERS = { takeProfitTrigger: "vwap", stopLossTrigger: "wick", avgPriceCandles: 5 } as const;

const signalOf = (position: "long" | "short", entry: number, profitSpan: number, lossSpan: number): SignalRow => ({
  id: "s",
  symbol: "X",
  strategyName: "t",
  exchangeName: "",
  position,
  priceOpen: entry,
  priceTakeProfit: position === "long" ? entry + profitSpan : entry - profitSpan,
  priceStopLoss: position === "long" ? entry - lossSpan : entry + lossSpan,
  minuteEstimatedTime: 60,
  scheduledAt: 0,
  pendingAt: 0,
  note: "",
});

/** Moves `x` by `steps` representable doubles (ulps). */
const nudge = (x: number, steps: number): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps));
  return view.getFloat64(0);
};

const reached = (profit: number[], loss: number[] = []) => ({ profitLevels: new Set(profit), lossLevels: new Set(loss) });

const watchArb = fc.record({
  position: fc.constantFrom("long" as const, "short" as const),
  entry: fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
  profitFraction: fc.double({ min: 1e-9, max: 0.5, noNaN: true }),
  lossFraction: fc.double({ min: 1e-9, max: 0.5, noNaN: true }),
  profitReached: fc.nat({ max: 10 }),
  lossReached: fc.nat({ max: 10 }),
});

describe("quiet band of an open position", () => {
  it("never contains a price that reaches a new level, even a few ulps from a level price", () => {
    fc.assert(
      fc.property(watchArb, fc.nat({ max: 9 }), fc.boolean(), fc.integer({ min: -64, max: 64 }), (w, levelIndex, profitSide, ulps) => {
        const signal = signalOf(w.position, w.entry, w.entry * w.profitFraction, w.entry * w.lossFraction);
        const watch = compileOpenWatch(
          signal,
          reached(LEVELS.slice(0, w.profitReached), LEVELS.slice(0, w.lossReached)),
          LEVELS,
          Number.POSITIVE_INFINITY,
          TRIGGERS,
        );
        const level = LEVELS[levelIndex]!;
        const span = profitSide ? watch.profitSpan : watch.lossSpan;
        const towardProfit = profitSide === (w.position === "long");
        const levelPrice = towardProfit ? w.entry + (span * level) / 100 : w.entry - (span * level) / 100;
        const price = nudge(levelPrice, ulps);
        if (isInsideQuietBand(watch, price)) expect(reachesNewLevel(watch, progressAt(watch, price))).toBe(false);
      }),
      { numRuns: PROPERTY_RUNS * 10 },
    );
  });

  it("covers the prices between the next levels, so the fold skips them without computing progress", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([10, 20]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    // Next levels: profit 30 % of 10 → 103, loss 10 % of 5 → 99.5.
    expect(isInsideQuietBand(watch, 102.999)).toBe(true);
    expect(isInsideQuietBand(watch, 99.501)).toBe(true);
    expect(isInsideQuietBand(watch, 103)).toBe(false);
    expect(reachesNewLevel(watch, progressAt(watch, 103))).toBe(true);
    expect(isInsideQuietBand(watch, 99.5)).toBe(false);
    expect(reachesNewLevel(watch, progressAt(watch, 99.5))).toBe(true);
  });

  it("is mirrored for a short and unbounded on a side whose levels are all reached", () => {
    const watch = compileOpenWatch(signalOf("short", 100, 10, 5), reached(LEVELS, []), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    expect(watch.quietLow).toBe(Number.NEGATIVE_INFINITY);
    expect(isInsideQuietBand(watch, 100.4)).toBe(true);
    expect(isInsideQuietBand(watch, 100.5)).toBe(false);
  });
});

describe("price corridor of an open position", () => {
  const fraction = fc.double({ min: 0.001, max: 0.999, noNaN: true });
  const candleArb = (edgeUlps: fc.Arbitrary<number>) =>
    fc.record({ low: fraction, high: fraction, close: fraction, volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), hug: fc.constantFrom("none", "low", "high"), ulps: edgeUlps });

  it("a VWAP window wholly inside it closes nothing and reaches no level, whatever the triggers and window size", () => {
    fc.assert(
      fc.property(
        watchArb.filter((w) => w.profitFraction > 1e-5 && w.lossFraction > 1e-5),
        fc.constantFrom("vwap" as const, "wick" as const),
        fc.constantFrom("vwap" as const, "wick" as const),
        fc.array(candleArb(fc.integer({ min: 1, max: 4096 })), { minLength: 1, maxLength: 12 }),
        (w, takeProfitTrigger, stopLossTrigger, window) => {
          const signal = signalOf(w.position, w.entry, w.entry * w.profitFraction, w.entry * w.lossFraction);
          const watch = compileOpenWatch(
            signal,
            reached(LEVELS.slice(0, w.profitReached), LEVELS.slice(0, w.lossReached)),
            LEVELS,
            Number.POSITIVE_INFINITY,
            { takeProfitTrigger, stopLossTrigger, avgPriceCandles: window.length },
          );
          const { corridorLow: lo, corridorHigh: hi } = watch;
          fc.pre(lo < hi);
          // Prices spread over the corridor, some a few ulps inside an edge, where rounding decides.
          const place = (fraction: number, hug: string, ulps: number) =>
            hug === "low" ? nudge(lo, ulps) : hug === "high" ? nudge(hi, -ulps) : lo + (hi - lo) * fraction;
          const candles = window.map((c) => {
            const a = place(c.low, c.hug, c.ulps);
            const b = place(c.high, "none", 0);
            return { low: Math.min(a, b), high: Math.max(a, b), close: place(c.close, c.hug === "none" ? "none" : c.hug, c.ulps), volume: c.volume };
          });
          fc.pre(candles.every((c) => isInsideCorridor(watch, c.low, c.high, c.close, c.volume)));
          const last = candles[candles.length - 1]!;
          const vwap = vwapOfWindow(
            candles.map((c) => c.high),
            candles.map((c) => c.low),
            candles.map((c) => c.close),
            candles.map((c) => c.volume),
            0,
            candles.length - 1,
          );
          expect(judgeOpen(watch, 0, last.low, last.high, vwap)).toBe(OpenVerdict.Nothing);
          expect(reachesNewLevel(watch, progressAt(watch, vwap))).toBe(false);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("counts a candle whose volume could underflow a VWAP as outside", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 1)).toBe(true);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 0)).toBe(true);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, Number.MIN_VALUE)).toBe(false);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 1e200)).toBe(false);
  });

  it("checks the close as well as the wicks, since a candle need not close within them", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    expect(isInsideCorridor(watch, 100, 100.2, 200, 1)).toBe(false);
    expect(isInsideCorridor(watch, 100, 100.2, 1, 1)).toBe(false);
  });
});
