import type { Effect } from "../effects.js";
import { checkRisk } from "./check.js";
import type { RiskParams } from "./params.js";
import type { RiskCheck, RiskState } from "./state.js";
import { reserveRiskSlot } from "./book.js";

export interface RiskAdmission {
  readonly allowed: boolean;
  readonly state: RiskState;
  readonly effects: ReadonlyArray<Effect>;
}

/**
 * Check and, when `request.reserve`, take the slot in one synchronous step (SPEC §6), so no two
 * proposals can take a profile's last slot. The shell serialises calls per profile.
 *
 * User validations may be async, so the shell runs them first, against the book as it was then:
 * they see the count at validation time. The built-in `maxConcurrentPositions` is evaluated here,
 * against `state` as it is at reservation, so it holds even if the book changed meanwhile.
 */
export const admitRisk = (
  state: RiskState,
  request: RiskCheck,
  params: RiskParams,
  userRejections: ReadonlyArray<string>,
): RiskAdmission => {
  const verdict = checkRisk(state, request, params, userRejections);
  if (!verdict.allowed || !request.reserve) return { allowed: verdict.allowed, state, effects: verdict.effects };
  return { allowed: true, state: reserveRiskSlot(state, request.signal, request.time), effects: verdict.effects };
};
