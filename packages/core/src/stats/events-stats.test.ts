import { describe, expect, it } from "vitest";
import type { Emitted } from "../backtest/run.js";
import { MIN, cancelled, closed, milestone, opened, rejection, scheduled, signalRow } from "./events.fixture.js";
import { addPartialStats, emptyPartialStats, partialStatistics } from "./partial.js";
import { addRiskStats, emptyRiskStats, riskStatistics } from "./risk.js";
import { addScheduleStats, emptyScheduleStats, scheduleStatistics } from "./schedule.js";
import { addTradeStats, backtestStatistics, emptyBacktestStats } from "./trades.js";
import { addWalkerStats, emptyWalkerStats, walkerStatistics } from "./walker.js";

describe("schedule statistics (reference §11.4; activations count in backtest too)", () => {
  const a = signalRow("A", { scheduledAt: 0 });
  const b = signalRow("B", { scheduledAt: 1000 * MIN });
  const c = signalRow("C", { scheduledAt: 2000 * MIN });
  const d = signalRow("D", { scheduledAt: 3000 * MIN });
  const events: Emitted[] = [
    scheduled(a),
    opened(a, 30 * MIN), // activation after 30 min
    closed({ id: "A", pnl: 1, openAt: 30 * MIN, closeAt: 60 * MIN }),
    scheduled(b),
    cancelled(b, 1120 * MIN), // timeout after 120 min
    opened(c, 2000 * MIN), // an immediate open: never scheduled, not an activation
    closed({ id: "C", pnl: 1, openAt: 2000 * MIN, closeAt: 2100 * MIN }),
    scheduled(d),
    opened(d, 3000 * MIN), // filled on the candle it was placed: scheduledAt = pendingAt, still an activation
  ];
  const s = scheduleStatistics(events.reduce(addScheduleStats, emptyScheduleStats()));

  it("counts scheduled, activated and cancelled; rates over the scheduled", () => {
    expect(s).toMatchObject({ totalScheduled: 3, totalOpened: 2, totalCancelled: 1, totalEvents: 6 });
    expect(s.activationRate).toBeCloseTo(66.6667, 4);
    expect(s.cancellationRate).toBeCloseTo(33.3333, 4);
  });

  it("average wait of the cancelled (120) and time to activation ((30 + 0) / 2)", () => {
    expect(s.avgWaitTime).toBe(120);
    expect(s.avgActivationTime).toBe(15);
  });

  it("lists scheduled, opened and cancelled rows newest first, without the immediate open", () => {
    expect(s.eventList.map((r) => `${r.action}:${r.event.signal.id}:${r.minutes}`)).toEqual([
      "opened:D:0",
      "scheduled:D:null",
      "cancelled:B:120",
      "scheduled:B:null",
      "opened:A:30",
      "scheduled:A:null",
    ]);
  });

  it("nothing scheduled: rates and averages null", () => {
    const empty = scheduleStatistics(emptyScheduleStats());
    expect([empty.activationRate, empty.cancellationRate, empty.avgWaitTime, empty.avgActivationTime]).toEqual([null, null, null, null]);
  });
});

describe("partial statistics (reference §11.3)", () => {
  it("counts profit and loss milestones in total and per level; empty is zeros", () => {
    const events = [milestone("partialProfit", "a", 10, 1), milestone("partialProfit", "a", 20, 2), milestone("partialProfit", "b", 10, 3), milestone("partialLoss", "c", 10, 4)];
    const s = partialStatistics(events.reduce(addPartialStats, emptyPartialStats()));
    expect(s).toMatchObject({ totalEvents: 4, totalProfit: 3, totalLoss: 1 });
    expect(s.profitByLevel).toEqual([{ level: 10, count: 2 }, { level: 20, count: 1 }]);
    expect(s.lossByLevel).toEqual([{ level: 10, count: 1 }]);
    expect(s.eventList.map((r) => r.action)).toEqual(["loss", "profit", "profit", "profit"]);
    expect(partialStatistics(emptyPartialStats())).toMatchObject({ totalEvents: 0, totalProfit: 0, totalLoss: 0 });
  });
});

describe("risk statistics (reference §11.5)", () => {
  it("counts rejections by symbol and by strategy; a symbol named __proto__ is an ordinary key", () => {
    const events = [rejection("BTC", "a", 1), rejection("ETH", "a", 2), rejection("__proto__", "b", 3), rejection("BTC", "b", 4)];
    const s = riskStatistics(events.reduce(addRiskStats, emptyRiskStats()));
    expect(s.totalRejections).toBe(4);
    expect({ ...s.bySymbol }).toEqual({ BTC: 2, ETH: 1, ["__proto__"]: 1 });
    expect(Object.keys(s.bySymbol)).toContain("__proto__");
    expect({ ...s.byStrategy }).toEqual({ a: 2, b: 2 });
  });
});

describe("walker comparison (reference §12.2)", () => {
  const stats = (pnls: number[]) => {
    const acc = emptyBacktestStats({ percentFee: 0.1, percentSlippage: 0.1 });
    pnls.forEach((pnl, i) => addTradeStats(acc, closed({ id: `t${i}`, pnl, openAt: i * MIN, closeAt: (i + 1) * MIN })));
    return backtestStatistics(acc);
  };

  it("ranks by the metric, higher first, ties in run order, strategies without a value last", () => {
    const w = emptyWalkerStats("totalPnl");
    addWalkerStats(w, { strategyName: "none", statistics: stats([]) });
    addWalkerStats(w, { strategyName: "low", statistics: stats([1]) });
    addWalkerStats(w, { strategyName: "high", statistics: stats([2, 3]) });
    addWalkerStats(w, { strategyName: "high-too", statistics: stats([5]) });
    const s = walkerStatistics(w);
    expect(s.ranking.map((r) => [r.rank, r.strategyName, r.metricValue])).toEqual([
      [1, "high", 5],
      [2, "high-too", 5],
      [3, "low", 1],
      [4, "none", null],
    ]);
    expect([s.bestStrategy, s.bestMetric]).toEqual(["high", 5]);
  });

  it("no strategy with a value: no best", () => {
    const w = addWalkerStats(emptyWalkerStats(), { strategyName: "flat", statistics: stats([1]) }); // one trade: no Sharpe
    expect(walkerStatistics(w)).toMatchObject({ bestStrategy: null, bestMetric: null });
  });

  it("rejects an unknown metric, naming it and the known ones", () => {
    expect(() => emptyWalkerStats("profit" as never)).toThrow("Walker metric = profit is not one of sharpeRatio, annualizedSharpeRatio");
  });

});
