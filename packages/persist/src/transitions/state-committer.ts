import type { StateChange } from "@tickfold/core";
import { pairEntity, type Pair } from "../domain/layout.js";
import type { Outbox } from "../outbox/outbox.js";
import type { OutboxEvent, OutboxRecord } from "../outbox/outbox-record.js";
import { KeyedQueue } from "../store/keyed-queue.js";
import { withMilestones, withRiskPosition } from "./file-edits.js";
import type { LiveStores } from "./live-stores.js";
import { planWrites, type PairWrite } from "./plan-writes.js";
import { sameJson } from "./same-json.js";

/**
 * Commits a pair's state changes: the outbox record first (the commit point: from then on recovery
 * completes the change and delivers its events), then the state files in the order of `planWrites`.
 * Changes of one pair are applied one at a time in call order; a risk file shared by several pairs
 * is edited under its own lock so concurrent pairs do not overwrite each other's slots.
 */
export class StateCommitter {
  private readonly pairs = new KeyedQueue();
  private readonly sharedFiles = new KeyedQueue();

  constructor(
    private readonly stores: LiveStores,
    private readonly outbox: Outbox,
  ) {}

  commit(pair: Pair, changes: ReadonlyArray<StateChange>, events: ReadonlyArray<OutboxEvent>): Promise<OutboxRecord> {
    return this.pairs.run(pairEntity(pair), async () => {
      const record = await this.outbox.append(pair, changes, events);
      for (const change of changes) for (const write of planWrites(change)) await this.apply(pair, write);
      return record;
    });
  }

  private async apply(pair: Pair, write: PairWrite): Promise<void> {
    const { symbol, strategyName } = pair;
    switch (write.target) {
      case "signal":
        return this.stores.signal.writeSignalData(write.value, symbol, strategyName);
      case "schedule":
        return this.stores.schedule.writeScheduleData(write.value, symbol, strategyName);
      case "partial":
        return this.sharedFiles.run(`partial/${pairEntity(pair)}`, async () => {
          const file = await this.stores.partial.readPartialData(symbol, strategyName);
          const next = withMilestones(file, write.signalId, write.levels);
          if (!sameJson(file, next)) await this.stores.partial.writePartialData(next, symbol, strategyName);
        });
      case "risk":
        return this.sharedFiles.run(`risk/${write.riskName}`, async () => {
          const file = await this.stores.risk.readPositionData(write.riskName);
          const next = withRiskPosition(file, write.key, write.position);
          if (!sameJson(file, next)) await this.stores.risk.writePositionData(next, write.riskName);
        });
    }
  }
}
