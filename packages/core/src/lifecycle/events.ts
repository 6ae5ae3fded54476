import type { CancelledEvent, ClosedEvent, OpenedEvent, ScheduledEvent, ValidationEvent } from "../model/events.js";
import type { CancelReason, CloseReason, SignalRow } from "../model/signal.js";
import type { Issue } from "../model/config.js";
import { formatIssue } from "../model/config.js";
import { computePnl } from "../math/pnl.js";
import type { LifecycleParams } from "./state.js";

/** Builders of the events the lifecycle emits; ids derive from the signal id, so replays repeat them. */

const context = (p: LifecycleParams) => ({
  symbol: p.symbol,
  strategyName: p.strategyName,
  exchangeName: p.exchangeName,
  backtest: p.backtest,
});


export const scheduledEvent = (p: LifecycleParams, signal: SignalRow, price: number, time: number): ScheduledEvent => ({
  action: "scheduled",
  id: `${signal.id}:scheduled`,
  ...context(p),
  signal,
  currentPrice: price,
  timestamp: time,
});

export const openedEvent = (p: LifecycleParams, signal: SignalRow, time: number): OpenedEvent => ({
  action: "opened",
  id: `${signal.id}:opened`,
  ...context(p),
  signal,
  currentPrice: signal.priceOpen,
  timestamp: time,
});

export const closedEvent = (
  p: LifecycleParams,
  signal: SignalRow,
  reason: CloseReason,
  exit: number,
  time: number,
): ClosedEvent => ({
  action: "closed",
  id: `${signal.id}:closed`,
  ...context(p),
  signal,
  currentPrice: exit,
  closeReason: reason,
  closeTimestamp: time,
  pnl: computePnl(signal.position, signal.priceOpen, exit, p.config),
  timestamp: time,
});

export const cancelledEvent = (
  p: LifecycleParams,
  signal: SignalRow,
  reason: CancelReason,
  price: number,
  time: number,
): CancelledEvent => ({
  action: "cancelled",
  id: `${signal.id}:cancelled`,
  ...context(p),
  signal,
  currentPrice: price,
  reason,
  closeTimestamp: time,
  timestamp: time,
});

export const rejectedProposalEvent = (p: LifecycleParams, issues: ReadonlyArray<Issue>, time: number): ValidationEvent => ({
  source: "proposal",
  id: `${p.strategyName}:${p.symbol}:${time}:rejected`,
  message: `Proposal of ${p.strategyName} on ${p.symbol} at ${new Date(time).toISOString()} rejected: ${issues.map(formatIssue).join("; ")}`,
  issues: [...issues],
  symbol: p.symbol,
  strategyName: p.strategyName,
  timestamp: time,
});
