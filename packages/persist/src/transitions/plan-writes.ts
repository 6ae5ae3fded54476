import { riskKey, type MilestoneData, type RiskPosition, type SignalRow, type StateChange } from "@tickfold/core";
import { riskSlotOf } from "@tickfold/core/internal";

/** One file-level effect of a change, in the pair's files or in a shared risk file. */
export type PairWrite =
  | { readonly target: "signal"; readonly value: SignalRow | null }
  | { readonly target: "schedule"; readonly value: SignalRow | null }
  | { readonly target: "partial"; readonly signalId: string; readonly levels: MilestoneData | null }
  | { readonly target: "risk"; readonly riskName: string; readonly key: string; readonly position: RiskPosition | null };

const reserve = (row: SignalRow, riskNames: ReadonlyArray<string>): PairWrite[] =>
  riskNames.map((riskName) => ({ target: "risk", riskName, key: riskKey(row.strategyName, row.symbol), position: riskSlotOf(row, row.pendingAt) }));

const release = (row: SignalRow, riskNames: ReadonlyArray<string>): PairWrite[] =>
  riskNames.map((riskName) => ({ target: "risk", riskName, key: riskKey(row.strategyName, row.symbol), position: null }));

/**
 * The write order of each change. The rule: write the new truth before erasing the old, and treat
 * the signal file as the truth about whether a position is open. Then every prefix of the list is a
 * state that the reconciliation rules (recovery/reconcile.ts) resolve without the outbox record:
 * - activate: signal := row, then the risk slots, then schedule := null
 *   (signal and schedule with the same id ⇒ the activation happened: null the schedule;
 *    an open signal without its slot ⇒ add the slot);
 * - close: signal := null first, then milestones and slots
 *   (levels or slots of a signal that is not open ⇒ drop them).
 */
export const planWrites = (change: StateChange): PairWrite[] => {
  switch (change.kind) {
    case "schedule":
      return [{ target: "schedule", value: change.row }];
    case "cancel":
      return [{ target: "schedule", value: null }];
    case "open":
      return [{ target: "signal", value: change.row }, ...reserve(change.row, change.riskNames)];
    case "activate":
      return [
        { target: "signal", value: change.row },
        ...reserve(change.row, change.riskNames),
        { target: "schedule", value: null },
      ];
    case "milestone":
      return [{ target: "partial", signalId: change.signalId, levels: change.levels }];
    case "close":
      return [
        { target: "signal", value: null },
        { target: "partial", signalId: change.row.id, levels: null },
        ...release(change.row, change.riskNames),
      ];
  }
};
