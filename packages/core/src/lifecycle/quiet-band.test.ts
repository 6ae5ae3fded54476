import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SignalRow } from "../model/signal.js";
import { vwapOfWindow } from "../math/vwap.js";
import { OpenVerdict, compileOpenWatch, isClearOfWicks, isInsideCorridor, isInsideQuietBand, judgeOpen, progressAt, reachesNewLevel } from "./open-watch.js";

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

/** The watch of a generated position, its first levels on each side already reached. */
const watchOf = (w: typeof watchArb extends fc.Arbitrary<infer T> ? T : never, config: Parameters<typeof compileOpenWatch>[4]) =>
  compileOpenWatch(
    signalOf(w.position, w.entry, w.entry * w.profitFraction, w.entry * w.lossFraction),
    reached(LEVELS.slice(0, w.profitReached), LEVELS.slice(0, w.lossReached)),
    LEVELS,
    Number.POSITIVE_INFINITY,
    config,
  );

describe("quiet band of an open position", () => {
  it("never contains a price that reaches a new level, even a few ulps from a level price", () => {
    fc.assert(
      fc.property(watchArb, fc.nat({ max: 9 }), fc.boolean(), fc.integer({ min: -64, max: 64 }), (w, levelIndex, profitSide, ulps) => {
        const watch = watchOf(w, TRIGGERS);
        const level = LEVELS[levelIndex]!;
        const span = profitSide ? watch.rules.profitSpan : watch.rules.lossSpan;
        const towardProfit = profitSide === (w.position === "long");
        const levelPrice = towardProfit ? w.entry + (span * level) / 100 : w.entry - (span * level) / 100;
        const price = nudge(levelPrice, ulps);
        if (isInsideQuietBand(watch, price)) expect(reachesNewLevel(watch, progressAt(watch.rules, price))).toBe(false);
      }),
      { numRuns: fc.readConfigureGlobal().numRuns! * 10 },
    );
  });

  it("covers the prices between the next levels, so the fold skips them without computing progress", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([10, 20]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    // Next levels: profit 30 % of 10 → 103, loss 10 % of 5 → 99.5.
    expect(isInsideQuietBand(watch, 102.999)).toBe(true);
    expect(isInsideQuietBand(watch, 99.501)).toBe(true);
    expect(isInsideQuietBand(watch, 103)).toBe(false);
    expect(reachesNewLevel(watch, progressAt(watch.rules, 103))).toBe(true);
    expect(isInsideQuietBand(watch, 99.5)).toBe(false);
    expect(reachesNewLevel(watch, progressAt(watch.rules, 99.5))).toBe(true);
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
    fc.record({ low: fraction, high: fraction, close: fraction, below: fc.double({ min: 0, max: 2, noNaN: true }), above: fc.double({ min: 0, max: 2, noNaN: true }), volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), hug: fc.constantFrom("none", "low", "high"), ulps: edgeUlps });

  it("a VWAP window wholly inside it, with wicks clear of TP and SL, closes nothing and reaches no level, whatever the triggers and window size", () => {
    fc.assert(
      fc.property(
        watchArb.filter((w) => w.profitFraction > 1e-5 && w.lossFraction > 1e-5),
        fc.constantFrom("vwap" as const, "wick" as const),
        fc.constantFrom("vwap" as const, "wick" as const),
        fc.array(candleArb(fc.integer({ min: 1, max: 4096 })), { minLength: 1, maxLength: 12 }),
        (w, takeProfitTrigger, stopLossTrigger, window) => {
          const watch = watchOf(w, { takeProfitTrigger, stopLossTrigger, avgPriceCandles: window.length });
          const { corridorLow: lo, corridorHigh: hi } = watch;
          fc.pre(lo < hi);
          // Candles spread over the corridor with wicks that may stick out (only the typical
          // price, or a volume-less close, counts), and flat candles a few ulps inside an edge,
          // where rounding decides.
          const candles = window.map((c) => {
            if (c.hug !== "none") {
              const price = c.hug === "low" ? nudge(lo, c.ulps) : nudge(hi, -c.ulps);
              return { low: price, high: price, close: price, volume: c.volume };
            }
            const [a, b] = [lo + (hi - lo) * c.low, lo + (hi - lo) * c.high];
            return {
              low: Math.max(Number.MIN_VALUE, Math.min(a, b) - (hi - lo) * c.below),
              high: Math.max(a, b) + (hi - lo) * c.above,
              close: lo + (hi - lo) * c.close,
              volume: c.volume,
            };
          });
          fc.pre(candles.every((c) => isInsideCorridor(watch, c.low, c.high, c.close, c.volume)));
          const last = candles[candles.length - 1]!;
          fc.pre(isClearOfWicks(watch.rules, last.low, last.high));
          const vwap = vwapOfWindow(
            candles.map((c) => c.high),
            candles.map((c) => c.low),
            candles.map((c) => c.close),
            candles.map((c) => c.volume),
            0,
            candles.length - 1,
          );
          expect(judgeOpen(watch.rules, 0, last.low, last.high, vwap)).toBe(OpenVerdict.Nothing);
          expect(reachesNewLevel(watch, progressAt(watch.rules, vwap))).toBe(false);
        },
      ),
    );
  });

  it("keeps a margin from take profit: a VWAP of prices just below it can round up onto it", () => {
    const takeProfit = 100.0274;
    const signal = { ...signalOf("long", 99, 1, 1), priceTakeProfit: takeProfit };
    const watch = compileOpenWatch(signal, reached(LEVELS, LEVELS), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    const price = nudge(takeProfit, -1);
    // One ulp below take profit, yet its VWAP with volume 0.7 is take profit itself.
    expect(vwapOfWindow([price], [price], [price], [0.7], 0, 0)).toBe(takeProfit);
    expect(isInsideCorridor(watch, price, price, price, 0.7)).toBe(false);
  });

  it("counts a candle whose volume could underflow a VWAP as outside", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 1)).toBe(true);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 0)).toBe(true);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, Number.MIN_VALUE)).toBe(false);
    expect(isInsideCorridor(watch, 100, 100.2, 100.1, 1e200)).toBe(false);
  });

  it("bounds a candle by its typical price, as the VWAP weighs it, or by its close when it has no volume", () => {
    const watch = compileOpenWatch(signalOf("long", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS);
    // Corridor: next levels at 101 (10 % of 10) and 99.5 (10 % of 5).
    expect(isInsideCorridor(watch, 99, 101.5, 100.5, 1)).toBe(true); // wicks outside, typical 100.33 inside
    expect(isInsideCorridor(watch, 100, 101.5, 101.6, 1)).toBe(false); // typical 101.03
    expect(isInsideCorridor(watch, 99, 101.5, 100.5, 0)).toBe(true);
    expect(isInsideCorridor(watch, 100, 100.2, 101.2, 0)).toBe(false); // no volume: the close counts
  });

  it("leaves a candle whose wick reaches take profit or stop loss to the exact rules", () => {
    const rules = compileOpenWatch(signalOf("long", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS).rules;
    expect(isClearOfWicks(rules, 96, 109)).toBe(true);
    expect(isClearOfWicks(rules, 95, 101)).toBe(false);
    expect(isClearOfWicks(rules, 99, 110)).toBe(false);
    const short = compileOpenWatch(signalOf("short", 100, 10, 5), reached([]), LEVELS, Number.POSITIVE_INFINITY, TRIGGERS).rules;
    expect(isClearOfWicks(short, 91, 104)).toBe(true);
    expect(isClearOfWicks(short, 90, 101)).toBe(false);
    expect(isClearOfWicks(short, 99, 105)).toBe(false);
  });
});
