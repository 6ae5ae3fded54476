import type { MilestoneFile, RiskFile, SignalRow } from "@tickfold/core";
import { pairEntity, type Pair } from "../domain/layout.js";
import type { PersistOutboxUtils } from "../outbox/outbox-adapter.js";
import type { OutboxRecord } from "../outbox/outbox-record.js";
import type { LiveStores } from "../transitions/live-stores.js";

/** A pair the engine runs, with the risk profiles its strategy counts against. */
export interface PairScope extends Pair {
  readonly riskNames: ReadonlyArray<string>;
}

/** What recovery looks at: the pairs the engine is about to run. */
export interface RecoveryScope {
  readonly pairs: ReadonlyArray<PairScope>;
}

/** A pair's own files, as read (a missing file reads as its empty value). */
export interface PairFiles {
  readonly signal: SignalRow | null;
  readonly schedule: SignalRow | null;
  readonly partial: MilestoneFile;
}

export interface PairSnapshot {
  readonly scope: PairScope;
  readonly files: PairFiles;
  /** Outbox records on disk, oldest first. */
  readonly records: ReadonlyArray<OutboxRecord>;
}

/** Everything recovery needs, read once; planning on it is pure. */
export interface LiveSnapshot {
  readonly pairs: ReadonlyArray<PairSnapshot>;
  /** Every risk file the pairs or their records mention. */
  readonly risk: Readonly<Record<string, RiskFile>>;
}

/** Reads (and thereby initialises: temp files removed, corrupt files set aside) every file in scope. */
export const readSnapshot = async (
  stores: LiveStores,
  outbox: PersistOutboxUtils,
  scope: RecoveryScope,
): Promise<LiveSnapshot> => {
  assertDistinct(scope);
  const pairs: PairSnapshot[] = [];
  for (const pair of scope.pairs) {
    const { symbol, strategyName } = pair;
    pairs.push({
      scope: pair,
      files: {
        signal: await stores.signal.readSignalData(symbol, strategyName),
        schedule: await stores.schedule.readScheduleData(symbol, strategyName),
        partial: await stores.partial.readPartialData(symbol, strategyName),
      },
      records: await outbox.readRecords(pair),
    });
  }
  // Profile names are user input: a prototype-free record keeps even "__proto__" as a plain key.
  const risk: Record<string, RiskFile> = Object.create(null);
  for (const riskName of [...riskNamesOf(pairs)].sort()) risk[riskName] = await stores.risk.readPositionData(riskName);
  return { pairs, risk };
};

const riskNamesOf = (pairs: ReadonlyArray<PairSnapshot>): Set<string> => {
  const names = new Set<string>();
  for (const { scope, records } of pairs) {
    scope.riskNames.forEach((name) => names.add(name));
    for (const { changes } of records) for (const change of changes) if ("riskNames" in change) change.riskNames.forEach((name) => names.add(name));
  }
  return names;
};

const assertDistinct = (scope: RecoveryScope): void => {
  const seen = new Set<string>();
  for (const pair of scope.pairs) {
    const key = pairEntity(pair);
    if (seen.has(key)) throw new TypeError(`The recovery scope lists ${pair.symbol}/${pair.strategyName} twice.`);
    seen.add(key);
  }
};
