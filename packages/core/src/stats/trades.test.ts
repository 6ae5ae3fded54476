import { describe, expect, it } from "vitest";
import { computePnl } from "../math/pnl.js";
import { DEFAULT_CONFIG } from "../model/config.js";
import { tradeCosts } from "./costs.js";
import { DAY, MIN, closed, opened, signalRow } from "./events.fixture.js";
import { addTradeStats, backtestStatistics, emptyBacktestStats, emptyLiveStats, liveStatistics, tradeStatistics, type TradeStats } from "./trades.js";

const COSTS = { percentFee: 0.1, percentSlippage: 0.1 };

const fold = (stats: TradeStats, events: ReadonlyArray<Parameters<typeof addTradeStats>[1]>): TradeStats => {
  for (const e of events) addTradeStats(stats, e);
  return stats;
};

/** reference Appendix B's example, +2, −1, +1, each held one day back to back. */
const appendixB = () => [
  closed({ id: "a", pnl: 2, openAt: 0, closeAt: DAY, position: "long", reason: "take_profit" }),
  closed({ id: "b", pnl: -1, openAt: DAY, closeAt: 2 * DAY, position: "short", reason: "stop_loss" }),
  closed({ id: "c", pnl: 1, openAt: 2 * DAY, closeAt: 3 * DAY, position: "long", reason: "time_expired" }),
];

describe("backtest statistics of +2, −1, +1 (reference Appendix B, worked by hand)", () => {
  const s = backtestStatistics(fold(emptyBacktestStats(COSTS), appendixB()), { startTime: 0, endTime: 4 * DAY });

  it("counts, win rate, average and total as reference §11.1", () => {
    expect(s).toMatchObject({ totalSignals: 3, winCount: 2, lossCount: 1 });
    expect(s.winRate).toBeCloseTo(66.6667, 4);
    expect(s.avgPnl).toBeCloseTo(0.666667, 6);
    expect(s.totalPnl).toBeCloseTo(2, 12);
  });

  it("population std dev, Sharpe, annualised Sharpe ×√365, certainty", () => {
    expect(s.stdDev).toBeCloseTo(1.247219, 6); // sqrt((1.3333² + 1.6667² + 0.3333²) / 3)
    expect(s.sharpeRatio).toBeCloseTo(0.534522, 6);
    expect(s.annualizedSharpeRatio).toBeCloseTo(10.212038, 5);
    expect(s.certaintyRatio).toBeCloseTo(1.5, 12); // avg win 1.5 / |avg loss −1|
  });

  it("expected yearly returns: avg · 365 / mean holding days (1 day)", () => {
    expect(s.expectedYearlyReturns).toBeCloseTo(243.3333, 4);
  });

  it("compounded and annualised return over the 4-day period, max drawdown 1 % from day 1 to day 2, Calmar", () => {
    expect(s.compoundedReturn).toBeCloseTo(1.9898, 10); // 1.02 · 0.99 · 1.01 − 1
    expect(s.annualizedReturn).toBeCloseTo(503.6741, 3); // 1.019898^(365/4) − 1
    expect(s.maxDrawdown).toBeCloseTo(1, 10); // 1 − 1.0098 / 1.02
    expect(s.maxDrawdownPeakAt).toBe(DAY);
    expect(s.maxDrawdownTroughAt).toBe(2 * DAY);
    expect(s.maxDrawdownDuration).toBe(DAY);
    expect(s.calmarRatio).toBeCloseTo(503.6741, 2);
  });

  it("profit factor 3, expectancy ⅔·1.5 + ⅓·(−1), Sortino avg / sqrt(1/3)", () => {
    expect(s.profitFactor).toBeCloseTo(3, 12);
    expect(s.expectancy).toBeCloseTo(0.666667, 6);
    expect(s.sortinoRatio).toBeCloseTo(1.154701, 6);
  });

  it("average win and loss, best and worst trade, streaks, holding time, exposure", () => {
    expect(s.avgWin).toBeCloseTo(1.5, 12);
    expect(s.avgLoss).toBeCloseTo(-1, 12);
    expect(s.bestTrade).toEqual({ signalId: "a", pnlPercentage: 2, closeTimestamp: DAY });
    expect(s.worstTrade).toEqual({ signalId: "b", pnlPercentage: -1, closeTimestamp: 2 * DAY });
    expect([s.longestWinStreak, s.longestLossStreak]).toEqual([1, 1]);
    expect(s.avgHoldingMinutes).toBe(1440);
    expect(s.exposure).toBeCloseTo(75, 12); // 3 days in market of 4
  });

  it("by side and by close reason", () => {
    expect(s.bySide.long).toMatchObject({ count: 2, winCount: 2, lossCount: 0, winRate: 100, totalPnl: 3, avgPnl: 1.5 });
    expect(s.bySide.short).toMatchObject({ count: 1, winCount: 0, lossCount: 1, winRate: 0, totalPnl: -1, avgPnl: -1 });
    expect(s.byCloseReason.take_profit).toEqual({ count: 1, totalPnl: 2, avgPnl: 2 });
    expect(s.byCloseReason.stop_loss).toEqual({ count: 1, totalPnl: -1, avgPnl: -1 });
    expect(s.byCloseReason.time_expired).toEqual({ count: 1, totalPnl: 1, avgPnl: 1 });
  });

  it("lists the closed signals newest first", () => {
    expect(s.signalList.map((e) => e.signal.id)).toEqual(["c", "b", "a"]);
  });
});

describe("undefined statistics are null, never NaN, Infinity or an invented 0 (SPEC §9)", () => {
  it("no trades: counts 0, every figure null", () => {
    const s = tradeStatistics(emptyBacktestStats(COSTS), { startTime: 0, endTime: DAY });
    expect([s.totalSignals, s.winCount, s.lossCount, s.longestWinStreak, s.longestLossStreak]).toEqual([0, 0, 0, 0, 0]);
    for (const key of ["winRate", "avgPnl", "totalPnl", "stdDev", "sharpeRatio", "annualizedSharpeRatio", "certaintyRatio", "expectedYearlyReturns", "compoundedReturn", "maxDrawdown", "profitFactor", "sortinoRatio", "calmarRatio", "exposure", "totalFees", "avgHoldingMinutes", "bestTrade", "maxDrawdownDuration"] as const) {
      expect(s[key], key).toBeNull();
    }
  });

  it("one winning trade: zero spread ⇒ Sharpe null; no losses ⇒ certainty, profit factor, Sortino null", () => {
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), [closed({ id: "a", pnl: 1, openAt: 0, closeAt: DAY })]));
    expect(s.stdDev).toBe(0);
    expect([s.sharpeRatio, s.annualizedSharpeRatio, s.certaintyRatio, s.profitFactor, s.sortinoRatio, s.expectancy]).toEqual([null, null, null, null, null, null]);
    expect(s.maxDrawdown).toBe(0);
    expect(s.calmarRatio).toBeNull();
  });

  it("a spread whose squares underflow is no spread: Sharpe null in any order (CI counterexample, pnl −1.6e-159 %)", () => {
    const pnls = [0, -1.6461215658936633e-159, 0, 0, 0];
    const streams = [pnls, [0, 0, 0, -1.6461215658936633e-159, 0]].map((list) =>
      list.map((pnl, i) => closed({ id: `t${i}`, pnl, openAt: 0, closeAt: DAY, symbol: `S${i}` })),
    );
    for (const events of streams) expect(tradeStatistics(fold(emptyBacktestStats(COSTS), events)).sharpeRatio).toBeNull();
  });

  it("reports 0, never -0 (an average that underflows keeps the sign the order of the sum gave it)", () => {
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), [closed({ id: "a", pnl: -5e-324, openAt: 0, closeAt: DAY }), closed({ id: "b", pnl: 0, openAt: DAY, closeAt: 2 * DAY })]));
    expect(s.totalPnl).toBe(-5e-324);
    expect(Object.is(s.avgPnl, 0)).toBe(true); // -5e-324 / 2 is -0
  });

  it("losses without wins: certainty and profit factor are a real 0", () => {
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), [closed({ id: "a", pnl: -1, openAt: 0, closeAt: DAY }), closed({ id: "b", pnl: -2, openAt: DAY, closeAt: 2 * DAY })]));
    expect(s.certaintyRatio).toBe(0);
    expect(s.profitFactor).toBe(0);
  });

  it("a trade opened and closed in the same instant: expected yearly returns null, not ±0", () => {
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), [closed({ id: "a", pnl: 1, openAt: DAY, closeAt: DAY })]));
    expect(s.expectedYearlyReturns).toBeNull();
  });
});

describe("streaks", () => {
  it("a zero-PnL trade breaks no run (backtest-kit's heat rule)", () => {
    const pnls = [1, 1, 0, 1, -1, -1, 1, -1, -1, -1];
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), pnls.map((pnl, i) => closed({ id: `t${i}`, pnl, openAt: i * DAY, closeAt: (i + 1) * DAY }))));
    expect([s.longestWinStreak, s.longestLossStreak]).toEqual([3, 3]);
  });
});

describe("fees and slippage (SPEC §4)", () => {
  it("LONG 100 → 110 at 0.1 % fee and slippage: O = 100.1, X = 109.89, fee 0.1·(1 + X/O), raw − slippage − fee = pnl", () => {
    const pnl = computePnl("long", 100, 110, DEFAULT_CONFIG);
    const event = closed({ id: "a", pnl: pnl.pnlPercentage, openAt: 0, closeAt: DAY, priceOpen: 100, priceClose: 110 }).event;
    const costs = tradeCosts(event, 0.1, 0.1);
    expect(costs.feePercent).toBeCloseTo(0.2097802, 7);
    expect(costs.slippagePercent).toBeCloseTo(0.2197802, 7);
    expect(costs.feeCost).toBeCloseTo(0.2097802, 7); // on a position of 100
    expect(10 - costs.slippagePercent - costs.feePercent).toBeCloseTo(pnl.pnlPercentage, 12);
  });

  it("SHORT 100 → 90: the same identity holds", () => {
    const pnl = computePnl("short", 100, 90, DEFAULT_CONFIG);
    const event = closed({ id: "a", pnl: pnl.pnlPercentage, openAt: 0, closeAt: DAY, position: "short", priceOpen: 100, priceClose: 90 }).event;
    const costs = tradeCosts(event, 0.1, 0.1);
    expect(10 - costs.slippagePercent - costs.feePercent).toBeCloseTo(pnl.pnlPercentage, 12);
    expect(costs.feePercent).toBeCloseTo(0.1 * (1 + 90.09 / 99.9), 12);
  });

  it("the statistics sum every trade's costs", () => {
    const a = closed({ id: "a", pnl: 0, openAt: 0, closeAt: DAY, priceOpen: 100, priceClose: 110 });
    const b = closed({ id: "b", pnl: 0, openAt: DAY, closeAt: 2 * DAY, priceOpen: 100, priceClose: 90, position: "short" });
    const s = tradeStatistics(fold(emptyBacktestStats(COSTS), [a, b]));
    expect(s.totalFees).toBeCloseTo(tradeCosts(a.event, 0.1, 0.1).feePercent + tradeCosts(b.event, 0.1, 0.1).feePercent, 12);
  });
});

describe("live statistics", () => {
  it("keep opened and closed events, and expected yearly returns use rounded minutes (reference §11.2)", () => {
    const row = signalRow("a");
    const events = [opened(row, 0), closed({ id: "a", pnl: 1, openAt: 0, closeAt: 90_000 })];
    const live = liveStatistics(fold(emptyLiveStats(COSTS), events));
    const backtest = tradeStatistics(fold(emptyBacktestStats(COSTS), events));
    expect(live.totalEvents).toBe(2);
    expect(live.eventList.map((e) => e.action)).toEqual(["closed", "opened"]);
    expect(live.expectedYearlyReturns).toBeCloseTo((1 * 365 * 1440) / 2, 6); // round(1.5 min) = 2
    expect(backtest.expectedYearlyReturns).toBeCloseTo((1 * 365 * 1440) / 1.5, 6);
  });

  it("with opens but no closes every figure is null (backtest-kit reports 0 here)", () => {
    const s = liveStatistics(fold(emptyLiveStats(COSTS), [opened(signalRow("a"), 0)]));
    expect([s.totalEvents, s.totalSignals]).toEqual([1, 0]);
    expect([s.avgPnl, s.totalPnl, s.stdDev, s.sharpeRatio, s.certaintyRatio, s.expectedYearlyReturns]).toEqual([null, null, null, null, null, null]);
  });
});

describe("the kept list", () => {
  it("holds the newest `eventLimit` closed signals while the statistics use all", () => {
    const stats = emptyBacktestStats({ ...COSTS, eventLimit: 3 });
    for (let i = 0; i < 10; i++) addTradeStats(stats, closed({ id: `t${i}`, pnl: i, openAt: i * MIN, closeAt: (i + 1) * MIN }));
    const s = backtestStatistics(stats);
    expect(s.signalList.map((e) => e.signal.id)).toEqual(["t9", "t8", "t7"]);
    expect(s.totalSignals).toBe(10);
    expect(s.totalPnl).toBe(45);
  });

  it("rejects a limit that is not a positive whole number, naming it", () => {
    expect(() => emptyBacktestStats({ ...COSTS, eventLimit: 0 })).toThrow("Report event limit = 0 must be a positive whole number");
  });
});
