import type { RiskPosition } from "../codec/risk-positions.js";
import type { SignalRow } from "../model/signal.js";
import type { RiskCheck, RiskState } from "./state.js";

/** What a user validation of a risk profile receives (SPEC §6). */
export interface RiskValidationPayload {
  readonly symbol: string;
  readonly signal: SignalRow;
  readonly strategyName: string;
  readonly exchangeName: string;
  /** The market price at a proposal, `priceOpen` at an activation. */
  readonly currentPrice: number;
  /** Simulated time of the check. */
  readonly timestamp: number;
  /** Every held slot, the requester's own included (backtest-kit's map size). */
  readonly activePositionCount: number;
  readonly activePositions: ReadonlyArray<RiskPosition>;
}

/**
 * The payload user validations see. The signal row already names its symbol, strategy and
 * exchange, so unlike backtest-kit (whose first check passes a raw proposal) no separate context
 * is needed.
 */
export const validationPayload = (state: RiskState, request: RiskCheck): RiskValidationPayload => ({
  symbol: request.signal.symbol,
  signal: request.signal,
  strategyName: request.signal.strategyName,
  exchangeName: request.signal.exchangeName,
  currentPrice: request.price,
  timestamp: request.time,
  activePositionCount: state.positions.size,
  activePositions: [...state.positions.values()],
});
