import { KeyedQueue } from "../store/keyed-queue.js";
import { pairEntity, type Pair } from "../domain/layout.js";
import type { StateChange } from "@tickfold/core";
import type { PersistOutboxUtils } from "./outbox-adapter.js";
import type { OutboxEvent, OutboxRecord } from "./outbox-record.js";

interface PairLedger {
  /** Sequence numbers of records on disk, ascending. */
  readonly pending: number[];
  /** Delivered, but waiting for an older record to be delivered first. */
  readonly delivered: Set<number>;
  nextSeq: number;
}

/**
 * The outbox protocol: (1) `append` a record with the change and its events — durable before any
 * state file is touched; (2) the caller delivers the events; (3) `acknowledge` removes the record.
 * Records are removed oldest first, so the records on disk are always the newest ones: replaying
 * them in order can only move the state forward.
 */
export class Outbox {
  private readonly ledgers = new Map<string, Promise<PairLedger>>();
  private readonly queue = new KeyedQueue();

  constructor(private readonly files: PersistOutboxUtils) {}

  append(pair: Pair, changes: ReadonlyArray<StateChange>, events: ReadonlyArray<OutboxEvent>): Promise<OutboxRecord> {
    return this.queue.run(pairEntity(pair), async () => {
      const ledger = await this.ledger(pair);
      const record: OutboxRecord = { seq: ledger.nextSeq, symbol: pair.symbol, strategyName: pair.strategyName, changes: [...changes], events: [...events] };
      await this.files.writeRecord(record);
      ledger.nextSeq += 1;
      ledger.pending.push(record.seq);
      return record;
    });
  }

  /** Marks a record's events delivered. Its file goes once every older record is delivered too. */
  acknowledge(pair: Pair, seq: number): Promise<void> {
    return this.queue.run(pairEntity(pair), async () => {
      const ledger = await this.ledger(pair);
      if (!ledger.pending.includes(seq)) {
        throw new Error(`Outbox of ${pair.symbol}/${pair.strategyName} has no pending record ${seq} to acknowledge.`);
      }
      ledger.delivered.add(seq);
      for (let oldest = ledger.pending[0]; oldest !== undefined && ledger.delivered.has(oldest); oldest = ledger.pending[0]) {
        await this.files.removeRecord(pair, oldest);
        ledger.pending.shift();
        ledger.delivered.delete(oldest);
      }
    });
  }

  private ledger(pair: Pair): Promise<PairLedger> {
    const key = pairEntity(pair);
    let ledger = this.ledgers.get(key);
    if (ledger === undefined) {
      ledger = this.files.readRecords(pair).then((records) => ({
        pending: records.map((record) => record.seq),
        delivered: new Set<number>(),
        nextSeq: (records.at(-1)?.seq ?? 0) + 1,
      }));
      // A failed load is not cached: the next call reads the disk again.
      ledger.catch(() => this.ledgers.delete(key));
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }
}
