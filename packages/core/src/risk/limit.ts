import { riskKey } from "../codec/risk-positions.js";
import type { RiskCheck, RiskState } from "./state.js";

/**
 * Slots that count against the built-in limit for this request. The requester's own slot does not:
 * admitting it again reuses its key, so the book would not grow.
 */
export const slotsHeldByOthers = (state: RiskState, request: RiskCheck): number => {
  const own = riskKey(request.signal.strategyName, request.signal.symbol);
  return state.positions.size - (state.positions.has(own) ? 1 : 0);
};

/** The built-in `maxConcurrentPositions` validation: the reason it refuses, or null. */
export const concurrencyRejection = (state: RiskState, request: RiskCheck, max: number | undefined): string | null => {
  if (max === undefined) return null;
  const held = slotsHeldByOthers(state, request);
  if (held < max) return null;
  return `maxConcurrentPositions = ${max} reached: ${held} position${held === 1 ? " is" : "s are"} already open in this profile`;
};
