import { NO_EFFECTS, type Effect } from "../effects.js";
import type { SignalRow } from "../model/signal.js";
import { checkRisk } from "./check.js";
import type { RiskParams } from "./params.js";
import type { RiskCheck, RiskState } from "./state.js";
import { releaseRiskSlot, reserveRiskSlot } from "./book.js";

/** One profile a strategy names, with its book. */
export interface RiskProfileBook {
  readonly state: RiskState;
  readonly params: RiskParams;
}

/** A profile's book and the rejection comments its user validations gave for this request. */
export interface RiskProfileCheck extends RiskProfileBook {
  readonly userRejections: ReadonlyArray<string>;
}

export interface RiskProfilesAdmission {
  readonly allowed: boolean;
  /** The profiles' states, in the order given. */
  readonly states: ReadonlyArray<RiskState>;
  /** The risk events of every rejecting profile. */
  readonly effects: ReadonlyArray<Effect>;
}

const concat = (parts: ReadonlyArray<ReadonlyArray<Effect>>): ReadonlyArray<Effect> => {
  const nonEmpty = parts.filter((part) => part.length > 0);
  return nonEmpty.length === 0 ? NO_EFFECTS : nonEmpty.flat();
};

/**
 * Merged risk (SPEC §6, backtest-kit's MergeRisk): every profile must allow. Every profile is
 * checked, with no short-circuit, so each rejecting profile reports its own risk event; the slot is
 * reserved in all of them only when all allow. No profiles at all means no risk: allowed.
 */
export const admitAcrossProfiles = (profiles: ReadonlyArray<RiskProfileCheck>, request: RiskCheck): RiskProfilesAdmission => {
  const verdicts = profiles.map((p) => checkRisk(p.state, request, p.params, p.userRejections));
  const unchanged = profiles.map((p) => p.state);
  if (verdicts.some((v) => !v.allowed)) {
    return { allowed: false, states: unchanged, effects: concat(verdicts.map((v) => v.effects)) };
  }
  if (!request.reserve) return { allowed: true, states: unchanged, effects: NO_EFFECTS };
  return { allowed: true, states: profiles.map((p) => reserveRiskSlot(p.state, request.signal, request.time)), effects: NO_EFFECTS };
};

/** A closed position gives its slot back in every profile it was reserved in. */
export const releaseAcrossProfiles = (profiles: ReadonlyArray<RiskProfileBook>, signal: SignalRow): ReadonlyArray<RiskState> =>
  profiles.map((p) => releaseRiskSlot(p.state, signal));
