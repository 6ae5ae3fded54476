import { DEFAULT_CONFIG, type MilestoneFile } from "@tickfold/core";
import type { EntityCodec } from "../store/entity-codec.js";
import type { IPersistBase, TPersistBaseCtor } from "../store/persist-store.js";
import { partialCodec } from "./codecs.js";
import { DomainStores, type DomainOptions } from "./domain-stores.js";
import { pairEntity, PARTIAL_FILE_ID } from "./layout.js";

export interface PartialOptions extends DomainOptions {
  /** The configured milestone levels; a stored level outside them is invalid. Default 10…100. */
  readonly levels?: ReadonlyArray<number>;
}

/** `partial/{symbol}_{strategyName}/levels.json`: the levels each signal of a pair has reached. */
export class PersistPartialUtils {
  private readonly stores: DomainStores<MilestoneFile>;
  private readonly codec: EntityCodec<MilestoneFile>;

  constructor(options: PartialOptions = {}, Ctor?: TPersistBaseCtor<MilestoneFile>) {
    this.stores = new DomainStores("partial", options, Ctor);
    this.codec = partialCodec(options.levels ?? DEFAULT_CONFIG.partialLevels);
  }

  usePersistPartialAdapter(Ctor: TPersistBaseCtor<MilestoneFile>): void {
    this.stores.use(Ctor);
  }

  storeFor(symbol: string, strategyName: string): IPersistBase<MilestoneFile> {
    const pair = { symbol, strategyName };
    return this.stores.storeFor(pairEntity(pair), this.codec, pair);
  }

  /** Levels per signal id; `{}` when nothing was recorded. */
  async readPartialData(symbol: string, strategyName: string): Promise<MilestoneFile> {
    return this.stores.read(this.storeFor(symbol, strategyName), PARTIAL_FILE_ID, {});
  }

  async writePartialData(data: MilestoneFile, symbol: string, strategyName: string): Promise<void> {
    return this.stores.write(this.storeFor(symbol, strategyName), PARTIAL_FILE_ID, data);
  }
}

export const PersistPartialAdapter = new PersistPartialUtils();
