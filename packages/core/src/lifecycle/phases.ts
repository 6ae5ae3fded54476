import type { MilestoneTrack } from "../partial/milestones.js";
import type { SignalRow } from "../model/signal.js";
import type { Activating, Asking, CheckingRisk, Idle, LifecycleState, Open, Scheduled, Tick } from "./state.js";

/**
 * Constructors for each phase, field by field in one order. Spreading states of many shapes sent
 * V8 down its slow copy path on every transition (it showed in the profile); fixed shapes do not.
 */

export const idleAfter = (s: LifecycleState, askedBucket: number = s.askedBucket): Idle => ({
  phase: "idle",
  askedBucket,
  lastSignalId: s.lastSignalId,
  stopped: s.stopped,
});

export const askingAfter = (s: Idle, tick: Tick, bucket: number): Asking => ({
  phase: "asking",
  askedBucket: bucket,
  lastSignalId: s.lastSignalId,
  stopped: s.stopped,
  tick,
  bucketBefore: s.askedBucket,
});

export const checkingAfter = (s: Asking, signal: SignalRow, opensNow: boolean): CheckingRisk => ({
  phase: "checking",
  askedBucket: s.askedBucket,
  lastSignalId: s.lastSignalId,
  stopped: s.stopped,
  tick: s.tick,
  bucketBefore: s.bucketBefore,
  signal,
  opensNow,
});

export const scheduledAfter = (s: LifecycleState, signal: SignalRow): Scheduled => ({
  phase: "scheduled",
  askedBucket: s.askedBucket,
  lastSignalId: s.lastSignalId,
  stopped: s.stopped,
  signal,
});

export const activatingAfter = (s: Scheduled, time: number, price: number): Activating => ({
  phase: "activating",
  askedBucket: s.askedBucket,
  lastSignalId: s.lastSignalId,
  stopped: s.stopped,
  signal: s.signal,
  time,
  price,
});

/** The opened signal becomes the one a later proposal may not reuse the id of. */
export const openAfter = (s: LifecycleState, signal: SignalRow, milestones: MilestoneTrack): Open => ({
  phase: "open",
  askedBucket: s.askedBucket,
  lastSignalId: signal.id,
  stopped: s.stopped,
  signal,
  milestones,
});

export const withPendingAt = (signal: SignalRow, pendingAt: number): SignalRow => ({
  id: signal.id,
  symbol: signal.symbol,
  strategyName: signal.strategyName,
  exchangeName: signal.exchangeName,
  position: signal.position,
  priceOpen: signal.priceOpen,
  priceTakeProfit: signal.priceTakeProfit,
  priceStopLoss: signal.priceStopLoss,
  minuteEstimatedTime: signal.minuteEstimatedTime,
  scheduledAt: signal.scheduledAt,
  pendingAt,
  note: signal.note,
});
