import * as z from "zod/mini";
import { CancelReasonSchema, CloseReasonSchema, PnlSchema, SignalRowSchema } from "./signal.js";

/**
 * Event contracts: the payloads of every topic named in the seeds (SPEC §8). Lifecycle and
 * milestone events carry a deterministic `id` derived from the signal id, so a replay or a
 * redelivery after a crash carries the same id.
 */

const context = {
  symbol: z.string(),
  strategyName: z.string(),
  exchangeName: z.string(),
  backtest: z.boolean(),
};

export const IdleEventSchema = z.object({
  action: z.literal("idle"),
  ...context,
  signal: z.null(),
  currentPrice: z.number(),
  timestamp: z.number(),
});

export const ScheduledEventSchema = z.object({
  action: z.literal("scheduled"),
  id: z.string(),
  ...context,
  signal: SignalRowSchema,
  currentPrice: z.number(),
  timestamp: z.number(),
});

export const OpenedEventSchema = z.object({
  action: z.literal("opened"),
  id: z.string(),
  ...context,
  signal: SignalRowSchema,
  /** The entry price. */
  currentPrice: z.number(),
  timestamp: z.number(),
});

export const ActiveEventSchema = z.object({
  action: z.literal("active"),
  ...context,
  signal: SignalRowSchema,
  currentPrice: z.number(),
  /** Progress toward take profit and toward stop loss, 0…100. */
  percentTp: z.number(),
  percentSl: z.number(),
  timestamp: z.number(),
});

export const ClosedEventSchema = z.object({
  action: z.literal("closed"),
  id: z.string(),
  ...context,
  signal: SignalRowSchema,
  /** The exit price: exactly TP or SL, or the VWAP for time_expired. */
  currentPrice: z.number(),
  closeReason: CloseReasonSchema,
  closeTimestamp: z.number(),
  pnl: PnlSchema,
  timestamp: z.number(),
});

export const CancelledEventSchema = z.object({
  action: z.literal("cancelled"),
  id: z.string(),
  ...context,
  signal: SignalRowSchema,
  currentPrice: z.number(),
  reason: CancelReasonSchema,
  closeTimestamp: z.number(),
  timestamp: z.number(),
});

/** The signal topic (all / live / backtest): one tick result. */
export const SignalEventSchema = z.discriminatedUnion("action", [
  IdleEventSchema,
  ScheduledEventSchema,
  OpenedEventSchema,
  ActiveEventSchema,
  ClosedEventSchema,
  CancelledEventSchema,
]);
export type SignalEvent = z.infer<typeof SignalEventSchema>;
export type IdleEvent = z.infer<typeof IdleEventSchema>;
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
export type OpenedEvent = z.infer<typeof OpenedEventSchema>;
export type ActiveEvent = z.infer<typeof ActiveEventSchema>;
export type ClosedEvent = z.infer<typeof ClosedEventSchema>;
export type CancelledEvent = z.infer<typeof CancelledEventSchema>;
/** Events the lifecycle reducer itself emits (idle and active are derived by the shell). */
export type LifecycleEvent = ScheduledEvent | OpenedEvent | ClosedEvent | CancelledEvent;

export const MilestoneEventSchema = z.object({
  id: z.string(),
  ...context,
  data: SignalRowSchema,
  currentPrice: z.number(),
  level: z.number(),
  timestamp: z.number(),
});
export type PartialProfitEvent = z.infer<typeof MilestoneEventSchema>;
export type PartialLossEvent = z.infer<typeof MilestoneEventSchema>;
export type MilestoneEvent = z.infer<typeof MilestoneEventSchema>;

export const RiskEventSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  strategyName: z.string(),
  exchangeName: z.string(),
  riskName: z.string(),
  /** The signal that was refused (as proposed, or the row at activation). */
  signal: SignalRowSchema,
  currentPrice: z.number(),
  activePositionCount: z.number().check(z.int()),
  comment: z.string(),
  timestamp: z.number(),
  backtest: z.boolean(),
});
export type RiskEvent = z.infer<typeof RiskEventSchema>;

export const IssueSchema = z.object({ field: z.string(), value: z.unknown(), rule: z.string() });

/** Something the user gave us or something read back was invalid: a proposal, a config, a stored file. */
export const ValidationEventSchema = z.object({
  source: z.enum(["proposal", "config", "storage", "risk"]),
  message: z.string(),
  issues: z.array(IssueSchema),
  symbol: z.optional(z.string()),
  strategyName: z.optional(z.string()),
  /** Simulated time for proposals; absent for things not tied to a tick. */
  timestamp: z.optional(z.number()),
  /** The stored file that was set aside, for `source: "storage"`. */
  path: z.optional(z.string()),
  id: z.optional(z.string()),
});
export type ValidationEvent = z.infer<typeof ValidationEventSchema>;

/** A recoverable error (error topic) or a fatal one (exit topic). */
export interface ErrorEvent {
  readonly error: unknown;
  readonly message: string;
  /** The topic whose subscriber failed, when the error came from a subscriber. */
  readonly topic?: string;
}

export const DoneEventSchema = z.object({
  backtest: z.boolean(),
  symbol: z.string(),
  strategyName: z.string(),
  exchangeName: z.string(),
  frameName: z.optional(z.string()),
  walkerName: z.optional(z.string()),
  /** Backtests: the candles the run went through, from the frame's start to where it ended. */
  candles: z.optional(z.number()),
});
export type DoneEvent = z.infer<typeof DoneEventSchema>;

export const ProgressBacktestEventSchema = z.object({
  symbol: z.string(),
  strategyName: z.string(),
  exchangeName: z.string(),
  frameName: z.string(),
  totalFrames: z.number().check(z.int()),
  processedFrames: z.number().check(z.int()),
  /** 0…1 */
  progress: z.number(),
});
export type ProgressBacktestEvent = z.infer<typeof ProgressBacktestEventSchema>;

export const ProgressWalkerEventSchema = z.object({
  walkerName: z.string(),
  symbol: z.string(),
  exchangeName: z.string(),
  frameName: z.string(),
  totalStrategies: z.number().check(z.int()),
  processedStrategies: z.number().check(z.int()),
  progress: z.number(),
});
export type ProgressWalkerEvent = z.infer<typeof ProgressWalkerEventSchema>;

export const ProgressOptimizerEventSchema = z.object({
  optimizerName: z.string(),
  symbol: z.string(),
  totalSources: z.number().check(z.int()),
  processedSources: z.number().check(z.int()),
  progress: z.number(),
});
export type ProgressOptimizerEvent = z.infer<typeof ProgressOptimizerEventSchema>;

export const PerformanceEventSchema = z.object({
  metricType: z.string(),
  duration: z.number(),
  timestamp: z.number(),
  previousTimestamp: z.nullable(z.number()),
  symbol: z.string(),
  strategyName: z.string(),
  exchangeName: z.string(),
  backtest: z.boolean(),
});
export type PerformanceEvent = z.infer<typeof PerformanceEventSchema>;

export const WalkerEventSchema = z.object({
  walkerName: z.string(),
  symbol: z.string(),
  exchangeName: z.string(),
  frameName: z.string(),
  strategyName: z.string(),
  metric: z.string(),
  metricValue: z.nullable(z.number()),
  bestMetric: z.nullable(z.number()),
  bestStrategy: z.nullable(z.string()),
  strategiesTested: z.number().check(z.int()),
  totalStrategies: z.number().check(z.int()),
  stats: z.record(z.string(), z.unknown()),
});
export type WalkerEvent = z.infer<typeof WalkerEventSchema>;

export const WalkerCompleteEventSchema = z.object({
  walkerName: z.string(),
  symbol: z.string(),
  exchangeName: z.string(),
  frameName: z.string(),
  metric: z.string(),
  totalStrategies: z.number().check(z.int()),
  bestStrategy: z.nullable(z.string()),
  bestMetric: z.nullable(z.number()),
  bestStats: z.nullable(z.record(z.string(), z.unknown())),
});
export type WalkerCompleteEvent = z.infer<typeof WalkerCompleteEventSchema>;

export const WalkerStopEventSchema = z.object({
  walkerName: z.string(),
  symbol: z.string(),
  strategyName: z.string(),
});
export type WalkerStopEvent = z.infer<typeof WalkerStopEventSchema>;
