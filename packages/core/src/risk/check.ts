import { NO_EFFECTS, type Effect } from "../effects.js";
import type { RiskEvent } from "../model/events.js";
import { concurrencyRejection } from "./limit.js";
import type { RiskParams } from "./params.js";
import type { RiskCheck, RiskState } from "./state.js";

export interface RiskVerdict {
  readonly allowed: boolean;
  /** One `risk` event when refused, nothing when allowed (allowed checks are not reported). */
  readonly effects: ReadonlyArray<Effect>;
}

const ALLOWED: RiskVerdict = Object.freeze({ allowed: true, effects: NO_EFFECTS });

/** Derived from the inputs, so a replay or a redelivery repeats it. */
export const riskEventId = (riskName: string, request: RiskCheck): string =>
  `${riskName}:${request.signal.id}:${request.stage}:${request.time}`;

const rejectionEvent = (state: RiskState, request: RiskCheck, params: RiskParams, reasons: ReadonlyArray<string>): RiskEvent => ({
  id: riskEventId(params.riskName, request),
  symbol: request.signal.symbol,
  strategyName: request.signal.strategyName,
  exchangeName: request.signal.exchangeName,
  riskName: params.riskName,
  signal: request.signal,
  currentPrice: request.price,
  activePositionCount: state.positions.size,
  comment: reasons.join("; "),
  timestamp: request.time,
  backtest: params.backtest,
});

/**
 * One profile's verdict on a request (SPEC §6): the built-in limit and the user validations,
 * which the shell has already run (they may be async) and passes in as rejection comments.
 * Changes nothing; `admitRisk` is the step that also takes the slot.
 */
export const checkRisk = (
  state: RiskState,
  request: RiskCheck,
  params: RiskParams,
  userRejections: ReadonlyArray<string>,
): RiskVerdict => {
  const builtIn = concurrencyRejection(state, request, params.maxConcurrentPositions);
  const reasons = builtIn === null ? userRejections : [builtIn, ...userRejections];
  if (reasons.length === 0) return ALLOWED;
  return {
    allowed: false,
    effects: [{ type: "emit", topic: "risk", event: rejectionEvent(state, request, params, reasons) }],
  };
};
