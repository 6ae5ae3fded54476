import { DEFAULT_CONFIG } from "@tickfold/core";
import { DomainStores } from "../domain/domain-stores.js";
import { pairEntity, type Pair } from "../domain/layout.js";
import type { PartialOptions } from "../domain/partial-adapter.js";
import type { IPersistBase, TPersistBaseCtor } from "../store/persist-store.js";
import { outboxCodec, type OutboxRecord } from "./outbox-record.js";

/** `outbox/{symbol}_{strategyName}/{seq}.json`: one file per committed, undelivered transition. */
export class PersistOutboxUtils {
  private readonly stores: DomainStores<OutboxRecord>;
  private readonly levels: ReadonlyArray<number>;

  constructor(options: PartialOptions = {}, Ctor?: TPersistBaseCtor<OutboxRecord>) {
    this.stores = new DomainStores("outbox", options, Ctor);
    this.levels = options.levels ?? DEFAULT_CONFIG.partialLevels;
  }

  usePersistOutboxAdapter(Ctor: TPersistBaseCtor<OutboxRecord>): void {
    this.stores.use(Ctor);
  }

  storeFor(pair: Pair): IPersistBase<OutboxRecord> {
    return this.stores.storeFor(pairEntity(pair), outboxCodec(pair, this.levels), { symbol: pair.symbol, strategyName: pair.strategyName });
  }

  /** Every record of the pair, oldest first (ids are sequence numbers, listed in natural order). */
  async readRecords(pair: Pair): Promise<OutboxRecord[]> {
    const store = this.storeFor(pair);
    await store.waitForInit(true);
    const records: OutboxRecord[] = [];
    for await (const record of store.values()) records.push(record);
    return records.sort((a, b) => a.seq - b.seq);
  }

  writeRecord(record: OutboxRecord): Promise<void> {
    return this.stores.write(this.storeFor(record), record.seq, record);
  }

  async removeRecord(pair: Pair, seq: number): Promise<void> {
    const store = this.storeFor(pair);
    await store.waitForInit(true);
    await store.removeValue(seq);
  }
}
