import type { Emitted } from "../backtest/run.js";
import type { ClosedEvent, OpenedEvent } from "../model/events.js";
import type { CloseReason, Position } from "../model/signal.js";
import { MINUTE_MS } from "../model/candle.js";
import { tradeCosts } from "./costs.js";
import { addEquityPoint, emptyDrawdown, mergeDrawdown, type Drawdown } from "./drawdown.js";
import { emptyKept, keep, keptNewestFirst, mergeKept, type Kept } from "./kept.js";
import { addMoment, emptyMoments, mergeMoments, populationStdDev, type Moments } from "./moments.js";
import { DAY_MS, YEAR_DAYS, finiteOrNull, mapNull, ratio } from "./safe.js";
import { addStreak, emptyStreaks, mergeStreaks, type Streaks } from "./streaks.js";

/**
 * Backtest and Live statistics as one fold over the emitted events (reference §11.1/§11.2, plus
 * what the field's tools report). Every figure is a running sum, extreme or mergeable summary, so
 * memory stays O(1) however many trades close; only the table list keeps the newest events.
 *
 * `addTradeStats` mutates the accumulator it is given (a year emits tens of thousands of events;
 * copying per event would cost more than the backtest). `mergeTradeStats` never mutates.
 */

export type TradeReportKind = "backtest" | "live";

export interface TradeStatsOptions {
  readonly kind: TradeReportKind;
  /** The run's `percentFee` and `percentSlippage` (config), to split each trade's costs. */
  readonly percentFee: number;
  readonly percentSlippage: number;
  /** How many events the table keeps (config `reportEventLimit`, default 250). */
  readonly eventLimit?: number;
}

interface SideTally {
  count: number;
  winCount: number;
  lossCount: number;
  totalPnl: number;
}
interface ReasonTally {
  count: number;
  totalPnl: number;
}
export interface TradeRef {
  readonly signalId: string;
  readonly pnlPercentage: number;
  readonly closeTimestamp: number;
}

export interface TradeStats {
  readonly options: TradeStatsOptions;
  kept: Kept<OpenedEvent | ClosedEvent>;
  /** Opened and closed events seen (live's `totalEvents`). */
  events: number;
  moments: Moments;
  /** Σ pnl in arrival order, as backtest-kit sums it (the mean comes from `moments`). */
  sumPnl: number;
  sumDownsideSquares: number;
  winCount: number;
  lossCount: number;
  sumWin: number;
  sumLoss: number;
  best: TradeRef | null;
  worst: TradeRef | null;
  sumHoldingMs: number;
  /** Σ round(holding / 1 min): live's expected-yearly-returns uses the rounded minutes. */
  sumHoldingMinutes: number;
  firstOpenAt: number | null;
  lastCloseAt: number | null;
  sumPnlCost: number;
  sumFeePercent: number;
  sumFeeCost: number;
  sumSlippagePercent: number;
  sumSlippageCost: number;
  bySide: Record<Position, SideTally>;
  byReason: Record<CloseReason, ReasonTally>;
  drawdown: Drawdown;
  streaks: Streaks;
}

const sideTally = (): SideTally => ({ count: 0, winCount: 0, lossCount: 0, totalPnl: 0 });
const reasonTally = (): ReasonTally => ({ count: 0, totalPnl: 0 });

export const emptyTradeStats = (options: TradeStatsOptions): TradeStats => ({
  options,
  kept: emptyKept(options.eventLimit ?? 250),
  events: 0,
  moments: emptyMoments(),
  sumPnl: 0,
  sumDownsideSquares: 0,
  winCount: 0,
  lossCount: 0,
  sumWin: 0,
  sumLoss: 0,
  best: null,
  worst: null,
  sumHoldingMs: 0,
  sumHoldingMinutes: 0,
  firstOpenAt: null,
  lastCloseAt: null,
  sumPnlCost: 0,
  sumFeePercent: 0,
  sumFeeCost: 0,
  sumSlippagePercent: 0,
  sumSlippageCost: 0,
  bySide: { long: sideTally(), short: sideTally() },
  byReason: { take_profit: reasonTally(), stop_loss: reasonTally(), time_expired: reasonTally() },
  drawdown: emptyDrawdown(),
  streaks: emptyStreaks(),
});

const tradeRef = (event: ClosedEvent): TradeRef => ({
  signalId: event.signal.id,
  pnlPercentage: event.pnl.pnlPercentage,
  closeTimestamp: event.closeTimestamp,
});

const addClosed = (s: TradeStats, event: ClosedEvent): void => {
  const r = event.pnl.pnlPercentage;
  const holding = event.closeTimestamp - event.signal.pendingAt;
  addMoment(s.moments, r);
  s.sumPnl += r;
  if (r < 0) s.sumDownsideSquares += r * r;
  if (r > 0) {
    s.winCount++;
    s.sumWin += r;
  } else if (r < 0) {
    s.lossCount++;
    s.sumLoss += r;
  }
  if (s.best === null || r > s.best.pnlPercentage) s.best = tradeRef(event);
  if (s.worst === null || r < s.worst.pnlPercentage) s.worst = tradeRef(event);
  s.sumHoldingMs += holding;
  s.sumHoldingMinutes += Math.round(holding / MINUTE_MS);
  if (s.firstOpenAt === null) s.firstOpenAt = event.signal.pendingAt;
  s.lastCloseAt = event.closeTimestamp;
  s.sumPnlCost += event.pnl.pnlCost;
  const costs = tradeCosts(event, s.options.percentFee, s.options.percentSlippage);
  s.sumFeePercent += costs.feePercent;
  s.sumFeeCost += costs.feeCost;
  s.sumSlippagePercent += costs.slippagePercent;
  s.sumSlippageCost += costs.slippageCost;
  const side = s.bySide[event.signal.position];
  side.count++;
  side.totalPnl += r;
  if (r > 0) side.winCount++;
  else if (r < 0) side.lossCount++;
  const reason = s.byReason[event.closeReason];
  reason.count++;
  reason.totalPnl += r;
  addEquityPoint(s.drawdown, r, event.closeTimestamp);
  addStreak(s.streaks, r);
};

/**
 * Folds one emitted effect in; every topic but "signal" and every action but the ones this report
 * reads (backtest: closed; live: opened and closed) pass through untouched. Returns `stats`.
 */
export const addTradeStats = (stats: TradeStats, emitted: Emitted): TradeStats => {
  if (emitted.topic !== "signal") return stats;
  const event = emitted.event;
  if (event.action === "closed") {
    stats.events++;
    keep(stats.kept, event);
    addClosed(stats, event);
  } else if (event.action === "opened" && stats.options.kind === "live") {
    stats.events++;
    keep(stats.kept, event);
  }
  return stats;
};

const addSides = (a: SideTally, b: SideTally): SideTally => ({
  count: a.count + b.count,
  winCount: a.winCount + b.winCount,
  lossCount: a.lossCount + b.lossCount,
  totalPnl: a.totalPnl + b.totalPnl,
});
const addReasons = (a: ReasonTally, b: ReasonTally): ReasonTally => ({ count: a.count + b.count, totalPnl: a.totalPnl + b.totalPnl });

const better = (a: TradeRef | null, b: TradeRef | null, sign: 1 | -1): TradeRef | null =>
  a === null ? b : b === null ? a : sign * b.pnlPercentage > sign * a.pnlPercentage ? b : a;

/** The accumulator of `a`'s events followed by `b`'s (a's options); neither input changes. */
export const mergeTradeStats = (a: TradeStats, b: TradeStats): TradeStats => ({
  options: a.options,
  kept: mergeKept(a.kept, b.kept),
  events: a.events + b.events,
  moments: mergeMoments(a.moments, b.moments),
  sumPnl: a.sumPnl + b.sumPnl,
  sumDownsideSquares: a.sumDownsideSquares + b.sumDownsideSquares,
  winCount: a.winCount + b.winCount,
  lossCount: a.lossCount + b.lossCount,
  sumWin: a.sumWin + b.sumWin,
  sumLoss: a.sumLoss + b.sumLoss,
  best: better(a.best, b.best, 1),
  worst: better(a.worst, b.worst, -1),
  sumHoldingMs: a.sumHoldingMs + b.sumHoldingMs,
  sumHoldingMinutes: a.sumHoldingMinutes + b.sumHoldingMinutes,
  firstOpenAt: a.firstOpenAt ?? b.firstOpenAt,
  lastCloseAt: b.lastCloseAt ?? a.lastCloseAt,
  sumPnlCost: a.sumPnlCost + b.sumPnlCost,
  sumFeePercent: a.sumFeePercent + b.sumFeePercent,
  sumFeeCost: a.sumFeeCost + b.sumFeeCost,
  sumSlippagePercent: a.sumSlippagePercent + b.sumSlippagePercent,
  sumSlippageCost: a.sumSlippageCost + b.sumSlippageCost,
  bySide: { long: addSides(a.bySide.long, b.bySide.long), short: addSides(a.bySide.short, b.bySide.short) },
  byReason: {
    take_profit: addReasons(a.byReason.take_profit, b.byReason.take_profit),
    stop_loss: addReasons(a.byReason.stop_loss, b.byReason.stop_loss),
    time_expired: addReasons(a.byReason.time_expired, b.byReason.time_expired),
  },
  drawdown: mergeDrawdown(a.drawdown, b.drawdown),
  streaks: mergeStreaks(a.streaks, b.streaks),
});

export interface SideStatistics {
  readonly count: number;
  readonly winCount: number;
  readonly lossCount: number;
  readonly winRate: number | null;
  readonly totalPnl: number | null;
  readonly avgPnl: number | null;
}
export interface ReasonStatistics {
  readonly count: number;
  readonly totalPnl: number | null;
  readonly avgPnl: number | null;
}

/** The figures of a Backtest or Live report; `null` wherever a figure is undefined. */
export interface TradeStatistics {
  readonly totalSignals: number;
  readonly winCount: number;
  readonly lossCount: number;
  /** Percent of closed signals with pnl > 0. */
  readonly winRate: number | null;
  readonly avgPnl: number | null;
  readonly totalPnl: number | null;
  readonly stdDev: number | null;
  readonly sharpeRatio: number | null;
  readonly annualizedSharpeRatio: number | null;
  readonly certaintyRatio: number | null;
  readonly expectedYearlyReturns: number | null;
  readonly compoundedReturn: number | null;
  readonly annualizedReturn: number | null;
  readonly maxDrawdown: number | null;
  readonly maxDrawdownDuration: number | null;
  readonly maxDrawdownPeakAt: number | null;
  readonly maxDrawdownTroughAt: number | null;
  readonly profitFactor: number | null;
  readonly expectancy: number | null;
  readonly sortinoRatio: number | null;
  readonly calmarRatio: number | null;
  readonly avgWin: number | null;
  readonly avgLoss: number | null;
  readonly bestTrade: TradeRef | null;
  readonly worstTrade: TradeRef | null;
  readonly longestWinStreak: number;
  readonly longestLossStreak: number;
  /** Mean time from open to close, in minutes. */
  readonly avgHoldingMinutes: number | null;
  /** Percent of the run's period with a position open (needs the period). */
  readonly exposure: number | null;
  readonly totalPnlCost: number | null;
  readonly totalFees: number | null;
  readonly totalFeesCost: number | null;
  readonly totalSlippage: number | null;
  readonly totalSlippageCost: number | null;
  readonly bySide: Readonly<Record<Position, SideStatistics>>;
  readonly byCloseReason: Readonly<Record<CloseReason, ReasonStatistics>>;
}

export interface BacktestStatistics extends TradeStatistics {
  /** Newest closed signals first, at most the event limit. */
  readonly signalList: ClosedEvent[];
}
export interface LiveStatistics extends TradeStatistics {
  /** Newest opened and closed events first, at most the event limit. */
  readonly eventList: Array<OpenedEvent | ClosedEvent>;
  readonly totalEvents: number;
}

/** The run's start and end (epoch ms), for exposure and the annualised return. */
export interface StatisticsPeriod {
  readonly startTime: number;
  readonly endTime: number;
}

const sideStatistics = (t: SideTally): SideStatistics => ({
  count: t.count,
  winCount: t.winCount,
  lossCount: t.lossCount,
  winRate: mapNull(ratio(t.winCount, t.count), (x) => x * 100),
  totalPnl: t.count === 0 ? null : t.totalPnl,
  avgPnl: ratio(t.totalPnl, t.count),
});
const reasonStatistics = (t: ReasonTally): ReasonStatistics => ({
  count: t.count,
  totalPnl: t.count === 0 ? null : t.totalPnl,
  avgPnl: ratio(t.totalPnl, t.count),
});

const ROUNDING = 1e-12;
/**
 * Below this, the squared deviations behind the variance fell into (or near) the subnormal range,
 * where floats keep only a few digits: the spread is noise and a Sharpe ratio from it would
 * change with the order of the trades (pnls of 1e-159 % gave 2.8e-6 one way, 0 the other).
 */
const SMALLEST_MEASURABLE_M2 = 2.2250738585072014e-308 * 2 ** 53;

/** The figures, computed from the accumulator; `period` defaults to first open … last close. */
export const tradeStatistics = (s: TradeStats, period?: StatisticsPeriod): TradeStatistics => {
  const n = s.moments.n;
  const some = n > 0;
  const avgPnl = ratio(s.sumPnl, n);
  const stdDev = populationStdDev(s.moments);
  // A spread within rounding of the mean (equal PnLs summed in another order) is no spread.
  const measurable = stdDev !== null && s.moments.m2 >= SMALLEST_MEASURABLE_M2 && stdDev > ROUNDING * Math.abs(avgPnl ?? 0);
  const sharpeRatio = avgPnl === null || !measurable ? null : ratio(avgPnl, stdDev);
  const avgWin = ratio(s.sumWin, s.winCount);
  const avgLoss = ratio(s.sumLoss, s.lossCount);
  const winRate = mapNull(ratio(s.winCount, n), (x) => x * 100);
  const holdingDays =
    s.options.kind === "live" ? ratio((s.sumHoldingMinutes * MINUTE_MS) / DAY_MS, n) : ratio(s.sumHoldingMs / DAY_MS, n);
  const d = s.drawdown;
  const start = period?.startTime ?? s.firstOpenAt;
  const end = period?.endTime ?? s.lastCloseAt;
  const spanDays = start === null || end === null || end <= start ? null : (end - start) / DAY_MS;
  const annualizedReturn =
    !some || spanDays === null || d.growth <= 0 ? null : finiteOrNull((Math.pow(d.growth, YEAR_DAYS / spanDays) - 1) * 100);
  const maxDrawdown = some ? d.depth * 100 : null;
  const downside = some ? Math.sqrt(s.sumDownsideSquares / n) : null;
  const peakAt = d.depth > 0 ? (d.depthPeakTime ?? s.firstOpenAt) : null;
  const troughAt = d.depth > 0 ? d.depthTroughTime : null;
  return {
    totalSignals: n,
    winCount: s.winCount,
    lossCount: s.lossCount,
    winRate,
    avgPnl,
    totalPnl: some ? s.sumPnl + 0 : null,
    stdDev,
    sharpeRatio,
    annualizedSharpeRatio: mapNull(sharpeRatio, (x) => x * Math.sqrt(YEAR_DAYS)),
    // With losses but no wins the average win is 0, a real 0 (backtest-kit's rule); without
    // losses the ratio is undefined.
    certaintyRatio: avgLoss === null ? null : ratio(avgWin ?? 0, Math.abs(avgLoss)),
    expectedYearlyReturns: avgPnl === null || holdingDays === null ? null : mapNull(ratio(YEAR_DAYS, holdingDays), (perYear) => avgPnl * perYear),
    compoundedReturn: some ? (d.growth - 1) * 100 + 0 : null,
    annualizedReturn,
    maxDrawdown,
    maxDrawdownDuration: peakAt === null || troughAt === null ? null : troughAt - peakAt,
    maxDrawdownPeakAt: peakAt,
    maxDrawdownTroughAt: troughAt,
    profitFactor: s.lossCount === 0 ? null : ratio(s.sumWin, Math.abs(s.sumLoss)),
    expectancy:
      winRate === null || avgWin === null || avgLoss === null ? null : (winRate / 100) * avgWin + (1 - winRate / 100) * avgLoss,
    sortinoRatio: avgPnl === null || downside === null ? null : ratio(avgPnl, downside),
    calmarRatio: annualizedReturn === null || maxDrawdown === null ? null : ratio(annualizedReturn, maxDrawdown),
    avgWin,
    avgLoss,
    bestTrade: s.best,
    worstTrade: s.worst,
    longestWinStreak: s.streaks.longestWin,
    longestLossStreak: s.streaks.longestLoss,
    avgHoldingMinutes: ratio(s.sumHoldingMs / MINUTE_MS, n),
    exposure: !some || period === undefined || period.endTime <= period.startTime ? null : (s.sumHoldingMs / (period.endTime - period.startTime)) * 100,
    totalPnlCost: some ? s.sumPnlCost + 0 : null,
    totalFees: some ? s.sumFeePercent + 0 : null,
    totalFeesCost: some ? s.sumFeeCost + 0 : null,
    totalSlippage: some ? s.sumSlippagePercent + 0 : null,
    totalSlippageCost: some ? s.sumSlippageCost : null,
    bySide: { long: sideStatistics(s.bySide.long), short: sideStatistics(s.bySide.short) },
    byCloseReason: {
      take_profit: reasonStatistics(s.byReason.take_profit),
      stop_loss: reasonStatistics(s.byReason.stop_loss),
      time_expired: reasonStatistics(s.byReason.time_expired),
    },
  };
};

export const backtestStatistics = (s: TradeStats, period?: StatisticsPeriod): BacktestStatistics => ({
  ...tradeStatistics(s, period),
  signalList: keptNewestFirst(s.kept).filter((e): e is ClosedEvent => e.action === "closed"),
});

export const liveStatistics = (s: TradeStats, period?: StatisticsPeriod): LiveStatistics => ({
  ...tradeStatistics(s, period),
  eventList: keptNewestFirst(s.kept),
  totalEvents: s.events,
});

export const emptyBacktestStats = (options: Omit<TradeStatsOptions, "kind">): TradeStats => emptyTradeStats({ ...options, kind: "backtest" });
export const emptyLiveStats = (options: Omit<TradeStatsOptions, "kind">): TradeStats => emptyTradeStats({ ...options, kind: "live" });
