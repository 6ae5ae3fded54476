import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Emitted } from "../backtest/run.js";
import { DAY, MIN, cancelled, closed, milestone, opened, rejection, scheduled, signalRow } from "./events.fixture.js";
import { addPartialStats, emptyPartialStats, mergePartialStats, partialStatistics } from "./partial.js";
import { addRiskStats, emptyRiskStats, mergeRiskStats, riskStatistics } from "./risk.js";
import { addScheduleStats, emptyScheduleStats, mergeScheduleStats, scheduleStatistics } from "./schedule.js";
import { addTradeStats, backtestStatistics, emptyBacktestStats, mergeTradeStats, tradeStatistics, type TradeStatistics } from "./trades.js";

/**
 * The laws of the folds: the statistics of a concatenation equal the merge of the parts'
 * accumulators (any split, any grouping), and reordering trades that close at the same instant
 * changes only the figures that depend on the order of the equity path.
 */

const COSTS = { percentFee: 0.1, percentSlippage: 0.1 };

/** Trades one after another; `gap` 0 makes several close at the same instant. */
const tradesArb = fc
  .array(
    fc.record({
      // Zeros (and values too small to move the equity) make equal points, which the ties rule
      // settles alike in both folds. Repeated round values like ±1 would make two different
      // drops of the same depth, where rounding alone picks which one is "the" deepest.
      pnl: fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, 1, -1, 2, 1e-14, 5e-324)),
      hold: fc.integer({ min: 0, max: 3 * 1440 }),
      gap: fc.integer({ min: 0, max: 600 }),
      long: fc.boolean(),
      reason: fc.constantFrom("take_profit" as const, "stop_loss" as const, "time_expired" as const),
      exit: fc.double({ min: 50, max: 200, noNaN: true }),
    }),
    { maxLength: 60 },
  )
  .map((specs) => {
    let t = 0;
    return specs.map((spec, i) => {
      const openAt = t + spec.gap * MIN;
      const closeAt = openAt + spec.hold * MIN;
      t = closeAt;
      return closed({ id: `t${i}`, pnl: spec.pnl, openAt, closeAt, position: spec.long ? "long" : "short", reason: spec.reason, priceClose: spec.exit });
    });
  });

const foldTrades = (events: ReadonlyArray<Emitted>, limit = 5) => {
  const stats = emptyBacktestStats({ ...COSTS, eventLimit: limit });
  for (const e of events) addTradeStats(stats, e);
  return stats;
};

/** Numbers equal to a relative 1e-9 (sums in another order round differently), the rest exactly. */
const expectClose = (actual: unknown, expected: unknown, path = "statistics"): void => {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isInteger(expected) && Number.isInteger(actual) && Math.abs(expected) < 1e12) expect(actual, path).toBe(expected); // counts and times
    else expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (expected !== null && typeof expected === "object" && actual !== null && typeof actual === "object") {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
};

const splitArb = <T>(items: fc.Arbitrary<T[]>) =>
  items.chain((list) => fc.tuple(fc.constant(list), fc.integer({ min: 0, max: list.length }), fc.integer({ min: 0, max: list.length })));

/** Equity after each close, keyed by close time (the times in these streams are distinct per close or carry equal equity). */
const depthOfPair = (events: ReadonlyArray<Emitted>, peakAt: number, troughAt: number): number => {
  let equity = 1;
  let peak: number | null = null;
  let trough: number | null = null;
  const first = events[0]!;
  if (first.topic === "signal" && first.event.action === "closed" && first.event.signal.pendingAt === peakAt) peak = 1;
  for (const e of events) {
    if (e.topic !== "signal" || e.event.action !== "closed") continue;
    equity *= 1 + e.event.pnl.pnlPercentage / 100;
    if (e.event.closeTimestamp === peakAt) peak = equity;
    if (e.event.closeTimestamp === troughAt && peak !== null) trough = equity;
  }
  return peak === null || trough === null ? NaN : (1 - trough / peak) * 100;
};

/**
 * Merged statistics against the whole: every figure to a relative 1e-9, except that two drops of
 * equal depth up to rounding may be told apart differently, so the merged drawdown's peak and
 * trough need only be a pair of the whole's path with the deepest depth; Calmar divides by that
 * depth and is checked through its parts.
 */
const expectSameTrades = (merged: TradeStatistics, whole: TradeStatistics, events: ReadonlyArray<Emitted>): void => {
  const strip = (s: TradeStatistics) => {
    const { maxDrawdownDuration: _d, maxDrawdownPeakAt: _p, maxDrawdownTroughAt: _t, calmarRatio: _c, ...rest } = s;
    return rest;
  };
  expectClose(strip(merged), strip(whole));
  expect(merged.maxDrawdownPeakAt === null, "a drawdown exists in both or neither").toBe(whole.maxDrawdownPeakAt === null);
  if (merged.maxDrawdownPeakAt !== null && whole.maxDrawdown !== null) {
    if (merged.maxDrawdownPeakAt !== whole.maxDrawdownPeakAt || merged.maxDrawdownTroughAt !== whole.maxDrawdownTroughAt) {
      expect(depthOfPair(events, merged.maxDrawdownPeakAt, merged.maxDrawdownTroughAt!)).toBeCloseTo(whole.maxDrawdown, 9);
    }
    expect(merged.maxDrawdownDuration).toBe(merged.maxDrawdownTroughAt! - merged.maxDrawdownPeakAt);
  }
  expect(merged.calmarRatio === null).toBe(whole.calmarRatio === null);
};

describe("trade statistics: merge of parts = fold of the whole", () => {
  it("for any two-way split", () => {
    fc.assert(
      fc.property(splitArb(tradesArb), ([events, cut]) => {
        const whole = backtestStatistics(foldTrades(events), { startTime: 0, endTime: 400 * DAY });
        const merged = backtestStatistics(mergeTradeStats(foldTrades(events.slice(0, cut)), foldTrades(events.slice(cut))), { startTime: 0, endTime: 400 * DAY });
        expectSameTrades(merged, whole, events);
        expectClose(merged.signalList, whole.signalList);
      }),
    );
  });

  it("for any three-way split, grouped either way (associative)", () => {
    fc.assert(
      fc.property(splitArb(tradesArb), ([events, x, y]) => {
        const [i, j] = x <= y ? [x, y] : [y, x];
        const [a, b, c] = [events.slice(0, i), events.slice(i, j), events.slice(j)].map((part) => foldTrades(part));
        const whole = tradeStatistics(foldTrades(events));
        expectSameTrades(tradeStatistics(mergeTradeStats(mergeTradeStats(a!, b!), c!)), whole, events);
        expectSameTrades(tradeStatistics(mergeTradeStats(a!, mergeTradeStats(b!, c!))), whole, events);
      }),
    );
  });

  it("merging leaves both inputs unchanged", () => {
    fc.assert(
      fc.property(splitArb(tradesArb), ([events, cut]) => {
        const a = foldTrades(events.slice(0, cut));
        const b = foldTrades(events.slice(cut));
        const before = JSON.stringify([a, b]);
        mergeTradeStats(a, b);
        expect(JSON.stringify([a, b])).toBe(before);
      }),
    );
  });
});

/** The figures that do not depend on the order in which trades closed. */
const orderFree = (s: TradeStatistics) => {
  const {
    maxDrawdown: _depth,
    maxDrawdownDuration: _duration,
    maxDrawdownPeakAt: _peak,
    maxDrawdownTroughAt: _trough,
    calmarRatio: _calmar,
    longestWinStreak: _w,
    longestLossStreak: _l,
    bestTrade,
    worstTrade,
    ...rest
  } = s;
  return { ...rest, best: bestTrade?.pnlPercentage ?? null, worst: worstTrade?.pnlPercentage ?? null };
};

describe("trades closing at the same instant", () => {
  const sameInstantArb = fc
    .array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 30 })
    .map((pnls) => pnls.map((pnl, i) => closed({ id: `t${i}`, pnl, openAt: 0, closeAt: DAY, symbol: `S${i}` })));

  it("in any order give the same figures except the drawdown, Calmar and streaks", () => {
    fc.assert(
      fc.property(sameInstantArb.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([events, permuted]) => {
        expectClose(orderFree(tradeStatistics(foldTrades(permuted))), orderFree(tradeStatistics(foldTrades(events))));
      }),
    );
  });

  it("do change the drawdown when the order does (the figure is order-dependent, not broken)", () => {
    const up = closed({ id: "u", pnl: 10, openAt: 0, closeAt: DAY, symbol: "A" });
    const down = closed({ id: "d", pnl: -10, openAt: 0, closeAt: DAY, symbol: "B" });
    const upFirst = tradeStatistics(foldTrades([up, down]));
    const downFirst = tradeStatistics(foldTrades([down, up]));
    expect(upFirst.maxDrawdown).toBeCloseTo(10, 12); // 1.1 → 0.99: a 10 % fall from the peak
    expect(downFirst.maxDrawdown).toBeCloseTo(10, 12); // 1 → 0.9
    expect(upFirst.compoundedReturn).toBeCloseTo(downFirst.compoundedReturn!, 12);
    const threeUp = [up, down, closed({ id: "u2", pnl: 10, openAt: 0, closeAt: DAY, symbol: "C" })];
    expect(tradeStatistics(foldTrades(threeUp)).longestWinStreak).toBe(1);
    expect(tradeStatistics(foldTrades([threeUp[0]!, threeUp[2]!, threeUp[1]!])).longestWinStreak).toBe(2);
  });
});

/** Lifecycle streams of a few symbol×strategy pairs: scheduled then opened or cancelled, immediate opens, closes. */
const lifecycleArb = fc
  .array(fc.record({ pair: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom("limit-fill", "limit-same-candle", "limit-cancel", "market"), wait: fc.integer({ min: 0, max: 200 }) }), { maxLength: 30 })
  .map((specs) => {
    const events: Emitted[] = [];
    let t = 0;
    specs.forEach((spec, i) => {
      t += 10 * MIN;
      const row = signalRow(`p${spec.pair}:${i}`, { symbol: `S${spec.pair}`, scheduledAt: t });
      if (spec.kind === "market") {
        events.push(opened(row, t), closed({ id: row.id, pnl: 1, openAt: t, closeAt: t + MIN, symbol: row.symbol }));
      } else {
        events.push(scheduled(row));
        const at = spec.kind === "limit-same-candle" ? t : t + spec.wait * MIN;
        if (spec.kind === "limit-cancel") events.push(cancelled(row, at));
        else events.push(opened(row, at), closed({ id: row.id, pnl: -1, openAt: at, closeAt: at + MIN, symbol: row.symbol }));
      }
      t += 300 * MIN;
    });
    return events;
  });

describe("schedule statistics: merge of parts = fold of the whole", () => {
  const foldSchedule = (events: ReadonlyArray<Emitted>, limit = 1000) => {
    const s = emptyScheduleStats(limit);
    for (const e of events) addScheduleStats(s, e);
    return s;
  };

  it("for any split, an activation whose scheduling fell in the earlier part included", () => {
    fc.assert(
      fc.property(splitArb(lifecycleArb), ([events, x, y]) => {
        const [i, j] = x <= y ? [x, y] : [y, x];
        const whole = scheduleStatistics(foldSchedule(events));
        const [a, b, c] = [events.slice(0, i), events.slice(i, j), events.slice(j)].map((part) => foldSchedule(part));
        expectClose(scheduleStatistics(mergeScheduleStats(mergeScheduleStats(a!, b!), c!)), whole);
        expectClose(scheduleStatistics(mergeScheduleStats(a!, mergeScheduleStats(b!, c!))), whole);
      }),
    );
  });
});

describe("partial and risk statistics: merge of parts = fold of the whole", () => {
  const milestonesArb = fc
    .array(fc.tuple(fc.boolean(), fc.constantFrom(10, 20, 30, 100), fc.integer({ min: 0, max: 3 })), { maxLength: 40 })
    .map((list) => list.map(([profit, level, s], i) => milestone(profit ? "partialProfit" : "partialLoss", `s${s}`, level, i * MIN)));
  const rejectionsArb = fc
    .array(fc.tuple(fc.constantFrom("BTC", "ETH", "__proto__"), fc.constantFrom("a", "b", "constructor")), { maxLength: 40 })
    .map((list) => list.map(([symbol, strategy], i) => rejection(symbol, strategy, i * MIN)));

  it("partial", () => {
    fc.assert(
      fc.property(splitArb(milestonesArb), ([events, cut]) => {
        const fold = (part: Emitted[]) => part.reduce(addPartialStats, emptyPartialStats(7));
        expectClose(partialStatistics(mergePartialStats(fold(events.slice(0, cut)), fold(events.slice(cut)))), partialStatistics(fold(events)));
      }),
    );
  });

  it("risk", () => {
    fc.assert(
      fc.property(splitArb(rejectionsArb), ([events, cut]) => {
        const fold = (part: Emitted[]) => part.reduce(addRiskStats, emptyRiskStats(7));
        expectClose(riskStatistics(mergeRiskStats(fold(events.slice(0, cut)), fold(events.slice(cut)))), riskStatistics(fold(events)));
      }),
    );
  });
});
