import { z } from "zod";

export const PositionSchema = z.enum(["long", "short"]);
export type Position = z.infer<typeof PositionSchema>;

/**
 * What a strategy proposes (backtest-kit's signal DTO). Only the shape is checked here; the trading
 * rules (sides, distances, lifetime) are checked by `validateProposal`, which reports every failure.
 */
export const ProposalSchema = z.object({
  id: z.string().min(1).optional(),
  position: PositionSchema,
  priceOpen: z.number().optional(),
  priceTakeProfit: z.number(),
  priceStopLoss: z.number(),
  minuteEstimatedTime: z.number().optional(),
  note: z.string().optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/**
 * A signal the engine holds: scheduled (waiting for `priceOpen`, `pendingAt` = 0) or open
 * (`pendingAt` = the time the position became active). This is also the persisted form.
 */
export const SignalRowSchema = z.object({
  id: z.string().min(1),
  symbol: z.string().min(1),
  strategyName: z.string().min(1),
  exchangeName: z.string(),
  position: PositionSchema,
  priceOpen: z.number().positive(),
  priceTakeProfit: z.number().positive(),
  priceStopLoss: z.number().positive(),
  minuteEstimatedTime: z.number().int().positive(),
  scheduledAt: z.number().int(),
  pendingAt: z.number().int(),
  note: z.string(),
});
export type SignalRow = z.infer<typeof SignalRowSchema>;

/** Persisted content of `signal/…/{symbol}.json` and `schedule/…/{symbol}.json`. */
export const StoredSignalSchema = SignalRowSchema.nullable();
export type StoredSignal = z.infer<typeof StoredSignalSchema>;

export const CloseReasonSchema = z.enum(["take_profit", "stop_loss", "time_expired"]);
export type CloseReason = z.infer<typeof CloseReasonSchema>;

/** Why a scheduled signal was dropped before it opened. */
export const CancelReasonSchema = z.enum(["timeout", "price_reject", "user", "risk_reject"]);
export type CancelReason = z.infer<typeof CancelReasonSchema>;

export const PnlSchema = z.object({
  pnlPercentage: z.number(),
  /** Raw entry and exit prices (before slippage), as reported by backtest-kit. */
  priceOpen: z.number(),
  priceClose: z.number(),
  /** PnL in currency on a position cost of `pnlEntries`. */
  pnlCost: z.number(),
  pnlEntries: z.number(),
});
export type Pnl = z.infer<typeof PnlSchema>;
