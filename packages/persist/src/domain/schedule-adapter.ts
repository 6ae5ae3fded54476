import type { SignalRow, StoredSignal } from "@tickfold/core";
import type { IPersistBase, TPersistBaseCtor } from "../store/persist-store.js";
import { pairSignalCodec } from "./codecs.js";
import { DomainStores, type DomainOptions } from "./domain-stores.js";
import { pairEntity } from "./layout.js";

/** `schedule/{symbol}_{strategyName}/{symbol}.json`: the scheduled (limit) signal of a pair, or null. */
export class PersistScheduleUtils {
  private readonly stores: DomainStores<StoredSignal>;

  constructor(options: DomainOptions = {}, Ctor?: TPersistBaseCtor<StoredSignal>) {
    this.stores = new DomainStores("schedule", options, Ctor);
  }

  usePersistScheduleAdapter(Ctor: TPersistBaseCtor<StoredSignal>): void {
    this.stores.use(Ctor);
  }

  storeFor(symbol: string, strategyName: string): IPersistBase<StoredSignal> {
    const pair = { symbol, strategyName };
    return this.stores.storeFor(pairEntity(pair), pairSignalCodec("scheduled signal", pair), pair);
  }

  async readScheduleData(symbol: string, strategyName: string): Promise<SignalRow | null> {
    return this.stores.read(this.storeFor(symbol, strategyName), symbol, null);
  }

  async writeScheduleData(row: SignalRow | null, symbol: string, strategyName: string): Promise<void> {
    return this.stores.write(this.storeFor(symbol, strategyName), symbol, row);
  }
}

export const PersistScheduleAdapter = new PersistScheduleUtils();
