import type { SignalRow, StoredSignal } from "@tickfold/core";
import type { IPersistBase, TPersistBaseCtor } from "../store/persist-store.js";
import { pairSignalCodec } from "./codecs.js";
import { DomainStores, type DomainOptions } from "./domain-stores.js";
import { pairEntity } from "./layout.js";

/** `signal/{symbol}_{strategyName}/{symbol}.json`: the open position of a pair, or null. */
export class PersistSignalUtils {
  private readonly stores: DomainStores<StoredSignal>;

  constructor(options: DomainOptions = {}, Ctor?: TPersistBaseCtor<StoredSignal>) {
    this.stores = new DomainStores("signal", options, Ctor);
  }

  /** Replaces the backend for stores created from now on (e.g. Redis, or PersistMemory). */
  usePersistSignalAdapter(Ctor: TPersistBaseCtor<StoredSignal>): void {
    this.stores.use(Ctor);
  }

  storeFor(symbol: string, strategyName: string): IPersistBase<StoredSignal> {
    const pair = { symbol, strategyName };
    return this.stores.storeFor(pairEntity(pair), pairSignalCodec("signal", pair), pair);
  }

  async readSignalData(symbol: string, strategyName: string): Promise<SignalRow | null> {
    return this.stores.read(this.storeFor(symbol, strategyName), symbol, null);
  }

  async writeSignalData(row: SignalRow | null, symbol: string, strategyName: string): Promise<void> {
    return this.stores.write(this.storeFor(symbol, strategyName), symbol, row);
  }
}

/** The process-wide adapter, for code written against backtest-kit's globals. */
export const PersistSignalAdapter = new PersistSignalUtils();
