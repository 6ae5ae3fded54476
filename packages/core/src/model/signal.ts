import * as z from "zod/mini";
import { compiledObject } from "./compiled-object.js";

export const PositionSchema = z.enum(["long", "short"]);
export type Position = z.infer<typeof PositionSchema>;

/**
 * What a strategy proposes (backtest-kit's signal DTO). Only the shape is checked here; the trading
 * rules (sides, distances, lifetime) are checked by `validateProposal`, which reports every failure.
 */
export const ProposalSchema = compiledObject({
  id: z.optional(z.string().check(z.minLength(1))),
  position: PositionSchema,
  priceOpen: z.optional(z.number()),
  priceTakeProfit: z.number(),
  priceStopLoss: z.number(),
  minuteEstimatedTime: z.optional(z.number()),
  note: z.optional(z.string()),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/**
 * A signal the engine holds: scheduled (waiting for `priceOpen`, `pendingAt` = 0) or open
 * (`pendingAt` = the time the position became active). This is also the persisted form.
 */
export const SignalRowSchema = z.object({
  id: z.string().check(z.minLength(1)),
  symbol: z.string().check(z.minLength(1)),
  strategyName: z.string().check(z.minLength(1)),
  exchangeName: z.string(),
  position: PositionSchema,
  priceOpen: z.number().check(z.positive()),
  priceTakeProfit: z.number().check(z.positive()),
  priceStopLoss: z.number().check(z.positive()),
  minuteEstimatedTime: z.number().check(z.int(), z.positive()),
  scheduledAt: z.number().check(z.int()),
  pendingAt: z.number().check(z.int()),
  note: z.string(),
});
export type SignalRow = z.infer<typeof SignalRowSchema>;

/** Persisted content of `signal/…/{symbol}.json` and `schedule/…/{symbol}.json`. */
export const StoredSignalSchema = z.nullable(SignalRowSchema);
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
