import { riskKey, type RiskFile } from "@tickfold/core";
import { riskSlotOf } from "@tickfold/core/internal";
import type { Pair } from "../domain/layout.js";
import type { PairWrite } from "../transitions/plan-writes.js";
import type { PairFiles, PairScope } from "./snapshot.js";

/**
 * The rules that resolve any mix of old and new files to one consistent state. The signal file is
 * the truth about whether a position is open; everything else is made to agree with it.
 */
export type ReconcileRule =
  /** Signal and schedule hold the same id: the activation was written up to the signal. */
  | "activation-completed"
  /** A scheduled signal beside a different open position: a pair never has both, the position wins. */
  | "schedule-beside-open-position"
  /** Milestone levels of a signal that is not open: its close was written up to the signal. */
  | "milestones-of-closed-signal"
  /** A risk slot whose signal is not open (closed, or another id). */
  | "risk-slot-without-open-signal"
  /** An open position without its slot: the open was written up to the signal. */
  | "risk-slot-missing-for-open-signal";

export interface Fix {
  readonly rule: ReconcileRule;
  readonly pair: Pair;
  readonly write: PairWrite;
  readonly description: string;
}

/** The fixes for one pair, given its files and the risk files of its profiles. Pure. */
export const reconcilePair = (scope: PairScope, files: PairFiles, risk: Readonly<Record<string, RiskFile>>): Fix[] => {
  const pair: Pair = { symbol: scope.symbol, strategyName: scope.strategyName };
  const open = files.signal;
  const fixes: Fix[] = [];
  const fix = (rule: ReconcileRule, write: PairWrite, description: string): void => {
    fixes.push({ rule, pair, write, description });
  };

  if (open !== null && files.schedule !== null) {
    const same = files.schedule.id === open.id;
    fix(
      same ? "activation-completed" : "schedule-beside-open-position",
      { target: "schedule", value: null },
      same
        ? `signal ${open.id} is open and still scheduled: the activation happened, the schedule is cleared`
        : `scheduled signal ${files.schedule.id} dropped: position ${open.id} is open`,
    );
  }

  for (const signalId of Object.keys(files.partial)) {
    if (signalId !== open?.id) {
      fix("milestones-of-closed-signal", { target: "partial", signalId, levels: null }, `milestones of signal ${signalId}, which is not open, are dropped`);
    }
  }

  const key = riskKey(scope.strategyName, scope.symbol);
  for (const riskName of scope.riskNames) {
    const slot = new Map(risk[riskName] ?? []).get(key);
    if (open === null && slot !== undefined) {
      fix("risk-slot-without-open-signal", { target: "risk", riskName, key, position: null }, `slot ${key} of ${riskName} held by signal ${slot.signalId}, which is not open, is released`);
    } else if (open !== null && slot?.signalId !== open.id) {
      fix(
        slot === undefined ? "risk-slot-missing-for-open-signal" : "risk-slot-without-open-signal",
        { target: "risk", riskName, key, position: riskSlotOf(open, open.pendingAt) },
        `slot ${key} of ${riskName} is given to open signal ${open.id}${slot === undefined ? "" : ` (was ${slot.signalId})`}`,
      );
    }
  }
  return fixes;
};
