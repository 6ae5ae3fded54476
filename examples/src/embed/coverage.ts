import type { Effect } from "@tickfold/core";

/**
 * What a recording has to go through for a cross-runtime comparison to mean something: every
 * lifecycle transition with each of its reasons, milestones on both sides, a rejected proposal,
 * and both risk round trips.
 */
export const REQUIRED_COVERAGE = [
  "signal:scheduled",
  "signal:opened",
  "signal:closed:take_profit",
  "signal:closed:stop_loss",
  "signal:closed:time_expired",
  "signal:cancelled:timeout",
  "signal:cancelled:price_reject",
  "signal:cancelled:risk_reject",
  "signal:cancelled:user",
  "partialProfit",
  "partialLoss",
  "validation",
  "checkRisk:proposal",
  "checkRisk:activation",
  "releaseRisk",
] as const;

/** Names each kind of thing the effects show, in the vocabulary of `REQUIRED_COVERAGE`. */
export const coverageOf = (effects: Iterable<Effect>): Set<string> => {
  const seen = new Set<string>();
  for (const effect of effects) {
    if (effect.type === "checkRisk") seen.add(`checkRisk:${effect.stage}`);
    else if (effect.type === "releaseRisk") seen.add("releaseRisk");
    else if (effect.type === "emit" && effect.topic === "signal") {
      const { event } = effect;
      if (event.action === "closed") seen.add(`signal:closed:${event.closeReason}`);
      else if (event.action === "cancelled") seen.add(`signal:cancelled:${event.reason}`);
      else seen.add(`signal:${event.action}`);
    } else if (effect.type === "emit") seen.add(effect.topic);
  }
  return seen;
};

/** The required kinds a replay never reached (empty when the recording covers everything). */
export const missingCoverage = (effects: Iterable<Effect>): string[] => {
  const seen = coverageOf(effects);
  return REQUIRED_COVERAGE.filter((kind) => !seen.has(kind));
};
