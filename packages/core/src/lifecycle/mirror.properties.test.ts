import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktestSync, type Emitted } from "../backtest/run.js";
import { MINUTE_MS, type Candle } from "../model/candle.js";
import { candleSeries } from "../series/candle-series.js";

/**
 * Reflecting every price through K (p → 2K − p) turns a long into a short with the same story:
 * same decisions at the same minutes, prices reflected. To compare exactly, candles sit on a grid
 * where no arithmetic rounds: integer typical prices, equal volumes, a 4-candle VWAP (a dyadic
 * mean), integer TP/SL/limit prices; and no fees or percentage floors, which are not symmetric
 * under reflection.
 */
const TWO_K = 6000;
const START = Date.UTC(2025, 0, 1);

const gridCandleArb = fc
  .tuple(fc.integer({ min: 1200, max: 1800 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 100 }))
  .map(([typical, a, bRaw, openAt]) => {
    const b = a === 0 ? 0 : Math.ceil(a / 2) + (bRaw % (2 * a - Math.ceil(a / 2) + 1));
    const low = typical - a;
    const high = typical + b;
    return { low, high, close: typical + a - b, open: low + Math.round(((high - low) * openAt) / 100) };
  });

const planArb = fc.option(
  fc.record({
    long: fc.boolean(),
    tp: fc.integer({ min: 1, max: 40 }),
    sl: fc.integer({ min: 1, max: 40 }),
    limit: fc.option(fc.integer({ min: -15, max: 15 }), { freq: 2 }),
    minutes: fc.integer({ min: 1, max: 90 }),
  }),
  { freq: 2 },
);

const worldArb = fc.record({
  shapes: fc.array(gridCandleArb, { minLength: 30, maxLength: 200 }),
  volume: fc.constantFrom(0, 1),
  plans: fc.array(planArb, { minLength: 1, maxLength: 8 }),
});

type Shape = { low: number; high: number; close: number; open: number };

const candlesOf = (shapes: Shape[], volume: number, mirror: boolean): Candle[] =>
  shapes.map((s, i) => ({
    timestamp: START + i * MINUTE_MS,
    open: mirror ? TWO_K - s.open : s.open,
    high: mirror ? TWO_K - s.low : s.high,
    low: mirror ? TWO_K - s.high : s.low,
    close: mirror ? TWO_K - s.close : s.close,
    volume,
  }));

const backtest = (candles: Candle[], getSignal: (s: string, when: number, price: number) => unknown) =>
  runBacktestSync(candleSeries(candles), {
    symbol: "GRID",
    strategyName: "mirror",
    interval: "1m",
    // Four candles of history first, so every VWAP window is a full (dyadic) four.
    frame: { startDate: START + 4 * MINUTE_MS, endDate: START + (candles.length - 20) * MINUTE_MS },
    config: {
      avgPriceCandles: 4,
      percentFee: 0,
      percentSlippage: 0,
      minTakeProfitDistancePercent: 1e-9,
      minStopLossDistancePercent: 1e-9,
      maxStopLossDistancePercent: 1e6,
      scheduleAwaitMinutes: 25,
    },
    getSignal,
  });

const reflect = (price: number): number => TWO_K - price;

/** The mirrored story of one emitted effect, for comparison with the other world's. */
const story = (effect: Emitted, mirrored: boolean): unknown => {
  const price = (p: number) => (mirrored ? reflect(p) : p);
  switch (effect.topic) {
    case "signal": {
      const e = effect.event;
      return {
        action: e.action,
        time: e.timestamp,
        price: price(e.currentPrice),
        reason: "closeReason" in e ? e.closeReason : "reason" in e ? e.reason : null,
      };
    }
    case "partialProfit":
    case "partialLoss":
      return { topic: effect.topic, level: effect.event.level, time: effect.event.timestamp, price: price(effect.event.currentPrice) };
    default:
      return { topic: effect.topic };
  }
};

describe("mirror symmetry", () => {
  it("a long on a price path and a short on the mirrored path give mirrored outcomes", () => {
    fc.assert(
      fc.property(worldArb, ({ shapes, volume, plans }) => {
        const proposals = new Map<number, Record<string, unknown>>();
        let asked = 0;
        const original = backtest(candlesOf(shapes, volume, false), (_s, when, price) => {
          const plan = plans[asked++ % plans.length] ?? null;
          if (plan === null) return null;
          const base = Math.floor(price);
          const sign = plan.long ? 1 : -1;
          const entry = plan.limit === null ? base : base - sign * plan.limit;
          const proposal = {
            position: plan.long ? "long" : "short",
            ...(plan.limit === null ? {} : { priceOpen: entry }),
            priceTakeProfit: entry + sign * plan.tp,
            priceStopLoss: entry - sign * plan.sl,
            minuteEstimatedTime: plan.minutes,
          };
          proposals.set(when, proposal);
          return proposal;
        });
        const mirrored = backtest(candlesOf(shapes, volume, true), (_s, when) => {
          const p = proposals.get(when);
          if (p === undefined) return null;
          return {
            position: p.position === "long" ? "short" : "long",
            ...(p.priceOpen === undefined ? {} : { priceOpen: reflect(p.priceOpen as number) }),
            priceTakeProfit: reflect(p.priceTakeProfit as number),
            priceStopLoss: reflect(p.priceStopLoss as number),
            minuteEstimatedTime: p.minuteEstimatedTime,
          };
        });
        expect(mirrored.emitted.map((e) => story(e, true))).toEqual(original.emitted.map((e) => story(e, false)));
      }),
    );
  });
});
