import type { PersistPartialUtils } from "../domain/partial-adapter.js";
import type { PersistRiskUtils } from "../domain/risk-adapter.js";
import type { PersistScheduleUtils } from "../domain/schedule-adapter.js";
import type { PersistSignalUtils } from "../domain/signal-adapter.js";

/** The four domain stores of one engine. */
export interface LiveStores {
  readonly signal: PersistSignalUtils;
  readonly schedule: PersistScheduleUtils;
  readonly risk: PersistRiskUtils;
  readonly partial: PersistPartialUtils;
}
