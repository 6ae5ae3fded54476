import type { Emitted } from "../backtest/run.js";
import type { CancelledEvent, ClosedEvent, MilestoneEvent, OpenedEvent, RiskEvent, ScheduledEvent } from "../model/events.js";
import type { CloseReason, Position, SignalRow } from "../model/signal.js";

/** Builders of emitted events for the statistics tests: only the fields the folds read matter. */

export const DAY = 86_400_000;
export const MIN = 60_000;

export const signalRow = (id: string, over: Partial<SignalRow> = {}): SignalRow => ({
  id,
  symbol: "BTCUSDT",
  strategyName: "s",
  exchangeName: "x",
  position: "long",
  priceOpen: 100,
  priceTakeProfit: 110,
  priceStopLoss: 95,
  minuteEstimatedTime: 1440,
  scheduledAt: 0,
  pendingAt: 0,
  note: "",
  ...over,
});

const context = (row: SignalRow) => ({ symbol: row.symbol, strategyName: row.strategyName, exchangeName: row.exchangeName, backtest: true });

export interface TradeSpec {
  readonly id: string;
  readonly pnl: number;
  readonly openAt: number;
  readonly closeAt: number;
  readonly position?: Position;
  readonly reason?: CloseReason;
  readonly priceOpen?: number;
  readonly priceClose?: number;
  readonly symbol?: string;
}

export const closed = (t: TradeSpec): Emitted & { topic: "signal"; event: ClosedEvent } => {
  const row = signalRow(t.id, { position: t.position ?? "long", pendingAt: t.openAt, scheduledAt: t.openAt, priceOpen: t.priceOpen ?? 100, symbol: t.symbol ?? "BTCUSDT" });
  return {
    type: "emit",
    topic: "signal",
    event: {
      action: "closed",
      id: `${t.id}:closed`,
      ...context(row),
      signal: row,
      currentPrice: t.priceClose ?? 100,
      closeReason: t.reason ?? "time_expired",
      closeTimestamp: t.closeAt,
      pnl: { pnlPercentage: t.pnl, priceOpen: row.priceOpen, priceClose: t.priceClose ?? 100, pnlCost: t.pnl, pnlEntries: 100 },
      timestamp: t.closeAt,
    },
  };
};

export const opened = (row: SignalRow, at: number): Emitted & { topic: "signal"; event: OpenedEvent } => ({
  type: "emit",
  topic: "signal",
  event: { action: "opened", id: `${row.id}:opened`, ...context(row), signal: { ...row, pendingAt: at }, currentPrice: row.priceOpen, timestamp: at },
});

export const scheduled = (row: SignalRow): Emitted & { topic: "signal"; event: ScheduledEvent } => ({
  type: "emit",
  topic: "signal",
  event: { action: "scheduled", id: `${row.id}:scheduled`, ...context(row), signal: { ...row, pendingAt: 0 }, currentPrice: 101, timestamp: row.scheduledAt },
});

export const cancelled = (row: SignalRow, at: number): Emitted & { topic: "signal"; event: CancelledEvent } => ({
  type: "emit",
  topic: "signal",
  event: { action: "cancelled", id: `${row.id}:cancelled`, ...context(row), signal: { ...row, pendingAt: 0 }, currentPrice: 99, reason: "timeout", closeTimestamp: at, timestamp: at },
});

export const milestone = (topic: "partialProfit" | "partialLoss", id: string, level: number, at: number): Emitted => {
  const row = signalRow(id);
  const event: MilestoneEvent = { id: `${id}:${topic}:${level}`, ...context(row), data: row, currentPrice: 101, level, timestamp: at };
  return { type: "emit", topic, event };
};

export const rejection = (symbol: string, strategyName: string, at: number): Emitted => {
  const row = signalRow(`${strategyName}:${symbol}:${at}`, { symbol, strategyName });
  const event: RiskEvent = {
    id: `${row.id}:risk`,
    symbol,
    strategyName,
    exchangeName: "x",
    riskName: "r",
    signal: row,
    currentPrice: 100,
    activePositionCount: 3,
    comment: "max 3 positions",
    timestamp: at,
    backtest: true,
  };
  return { type: "emit", topic: "risk", event };
};
