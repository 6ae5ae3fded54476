// Errors
export { PersistError, isPersistError, type PersistErrorCode, type PersistErrorContext } from "./errors/persist-error.js";

// File-system port
export type { FileSystem } from "./fs/file-system.js";
export { NodeFileSystem, nodeFileSystem } from "./fs/node-file-system.js";

// Generic stores
export type { IPersistBase, StoreOptions, TPersistBaseCtor } from "./store/persist-store.js";
export { PersistStoreBase } from "./store/persist-store.js";
export { PersistBase } from "./store/file-store.js";
export { PersistMemory } from "./store/memory-store.js";
export { DEFAULT_BASE_DIR } from "./store/store-options.js";
export type { EntityId } from "./store/entity-id.js";
export { anyJsonCodec, type EntityCodec } from "./store/entity-codec.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./store/retry.js";
export { warnOnConsole, type CorruptFileReport, type CorruptFileReporter } from "./store/corrupt-report.js";

// Domain stores (seed names)
export { pairEntity, type Domain, type Pair } from "./domain/layout.js";
export type { DomainOptions } from "./domain/domain-stores.js";
export { zodCodec, pairSignalCodec, riskCodec, partialCodec } from "./domain/codecs.js";
export { PersistSignalUtils, PersistSignalAdapter } from "./domain/signal-adapter.js";
export { PersistScheduleUtils, PersistScheduleAdapter } from "./domain/schedule-adapter.js";
export { PersistRiskUtils, PersistRiskAdapter } from "./domain/risk-adapter.js";
export { PersistPartialUtils, PersistPartialAdapter, type PartialOptions } from "./domain/partial-adapter.js";

// Multi-file changes, outbox, recovery
export { planWrites, type PairWrite } from "./transitions/plan-writes.js";
export { OutboxEventSchema, OutboxRecordSchema, type OutboxEvent, type OutboxRecord } from "./outbox/outbox-record.js";
export { PersistOutboxUtils } from "./outbox/outbox-adapter.js";
export { reconcilePair, type Fix, type ReconcileRule } from "./recovery/reconcile.js";
export { planRecovery, type FileWrite, type RecoveryPlan } from "./recovery/plan-recovery.js";
export type { LiveSnapshot, PairFiles, PairScope, PairSnapshot, RecoveryScope } from "./recovery/snapshot.js";
export {
  Persistence,
  createPersistence,
  type Deliver,
  type PersistBackend,
  type PersistenceOptions,
} from "./persistence.js";
