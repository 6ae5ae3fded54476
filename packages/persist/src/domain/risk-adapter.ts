import type { RiskFile } from "@tickfold/core";
import type { IPersistBase, TPersistBaseCtor } from "../store/persist-store.js";
import { checkName } from "../store/entity-id.js";
import { riskCodec } from "./codecs.js";
import { DomainStores, type DomainOptions } from "./domain-stores.js";
import { RISK_FILE_ID } from "./layout.js";

/** `risk/{riskName}/positions.json`: a risk profile's active positions as `[key, position]` pairs. */
export class PersistRiskUtils {
  private readonly stores: DomainStores<RiskFile>;

  constructor(options: DomainOptions = {}, Ctor?: TPersistBaseCtor<RiskFile>) {
    this.stores = new DomainStores("risk", options, Ctor);
  }

  usePersistRiskAdapter(Ctor: TPersistBaseCtor<RiskFile>): void {
    this.stores.use(Ctor);
  }

  storeFor(riskName: string): IPersistBase<RiskFile> {
    return this.stores.storeFor(checkName("riskName", riskName), riskCodec);
  }

  /** The positions, sorted by key; `[]` when the profile has never been written. */
  async readPositionData(riskName: string): Promise<RiskFile> {
    return this.stores.read(this.storeFor(riskName), RISK_FILE_ID, []);
  }

  async writePositionData(positions: RiskFile, riskName: string): Promise<void> {
    return this.stores.write(this.storeFor(riskName), RISK_FILE_ID, positions);
  }
}

export const PersistRiskAdapter = new PersistRiskUtils();
