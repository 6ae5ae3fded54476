import type { PersistOutboxUtils } from "../outbox/outbox-adapter.js";
import type { LiveStores } from "../transitions/live-stores.js";
import { planRecovery, type FileWrite, type RecoveryPlan } from "./plan-recovery.js";
import { readSnapshot, type RecoveryScope } from "./snapshot.js";

/**
 * Brings the files of `scope` to a consistent state after a crash and returns the plan it carried
 * out; the caller then delivers `plan.redeliver` and acknowledges each record. Runs before the
 * engine starts changing state: it reads, decides, then writes only the files that differ.
 */
export const recover = async (
  stores: LiveStores,
  outbox: PersistOutboxUtils,
  scope: RecoveryScope,
): Promise<RecoveryPlan> => {
  const plan = planRecovery(await readSnapshot(stores, outbox, scope));
  for (const write of plan.writes) await applyFileWrite(stores, write);
  return plan;
};

const applyFileWrite = (stores: LiveStores, write: FileWrite): Promise<void> => {
  switch (write.file) {
    case "signal":
      return stores.signal.writeSignalData(write.value, write.pair.symbol, write.pair.strategyName);
    case "schedule":
      return stores.schedule.writeScheduleData(write.value, write.pair.symbol, write.pair.strategyName);
    case "partial":
      return stores.partial.writePartialData(write.value, write.pair.symbol, write.pair.strategyName);
    case "risk":
      return stores.risk.writePositionData(write.value, write.riskName);
  }
};
