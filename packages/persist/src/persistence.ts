import type { CommitEffect, MilestoneFile, RiskFile, StateChange, StoredSignal } from "@tickfold/core";
import type { DomainOptions } from "./domain/domain-stores.js";
import type { Pair } from "./domain/layout.js";
import { PersistPartialUtils } from "./domain/partial-adapter.js";
import { PersistRiskUtils } from "./domain/risk-adapter.js";
import { PersistScheduleUtils } from "./domain/schedule-adapter.js";
import { PersistSignalUtils } from "./domain/signal-adapter.js";
import { Outbox } from "./outbox/outbox.js";
import { PersistOutboxUtils } from "./outbox/outbox-adapter.js";
import type { OutboxEvent, OutboxRecord } from "./outbox/outbox-record.js";
import type { RecoveryPlan } from "./recovery/plan-recovery.js";
import { recover } from "./recovery/recover.js";
import { readSnapshot, type LiveSnapshot, type RecoveryScope } from "./recovery/snapshot.js";
import type { IPersistBase, StoreOptions, TPersistBaseCtor } from "./store/persist-store.js";
import type { LiveStores } from "./transitions/live-stores.js";
import { StateCommitter } from "./transitions/state-committer.js";

/** A backend usable for every domain: a generic store class such as PersistBase or PersistMemory. */
export type PersistBackend = new <T>(entityName: string, baseDir: string, options?: Partial<StoreOptions<T>>) => IPersistBase<T>;

export interface PersistenceOptions extends DomainOptions {
  /** Milestone levels the partial files may hold (default 10…100). */
  readonly partialLevels?: ReadonlyArray<number>;
  /** One backend for every domain (default: the file store). */
  readonly backend?: PersistBackend;
  /** Per-domain backends, taking precedence over `backend`. */
  readonly backends?: {
    readonly signal?: TPersistBaseCtor<StoredSignal>;
    readonly schedule?: TPersistBaseCtor<StoredSignal>;
    readonly risk?: TPersistBaseCtor<RiskFile>;
    readonly partial?: TPersistBaseCtor<MilestoneFile>;
    readonly outbox?: TPersistBaseCtor<OutboxRecord>;
  };
}

/** Delivers one event; a throw leaves its record pending, to be delivered again after recovery. */
export type Deliver = (event: OutboxEvent) => void | Promise<void>;

/**
 * The persistence of one engine: its own stores (nothing shared with other engines or with the
 * global adapters), the commit of multi-file changes with their events, and crash recovery.
 */
export class Persistence implements LiveStores {
  readonly signal: PersistSignalUtils;
  readonly schedule: PersistScheduleUtils;
  readonly risk: PersistRiskUtils;
  readonly partial: PersistPartialUtils;
  readonly outbox: PersistOutboxUtils;
  private readonly ledger: Outbox;
  private readonly committer: StateCommitter;

  constructor(options: PersistenceOptions = {}) {
    const { backend, backends = {} } = options;
    const withLevels = { ...options, levels: options.partialLevels };
    this.signal = new PersistSignalUtils(options, backends.signal ?? backend);
    this.schedule = new PersistScheduleUtils(options, backends.schedule ?? backend);
    this.risk = new PersistRiskUtils(options, backends.risk ?? backend);
    this.partial = new PersistPartialUtils(withLevels, backends.partial ?? backend);
    this.outbox = new PersistOutboxUtils(withLevels, backends.outbox ?? backend);
    this.ledger = new Outbox(this.outbox);
    this.committer = new StateCommitter(this, this.ledger);
  }

  /**
   * Step 1 of the outbox protocol: makes the change(s) and their `events` durable together, then
   * writes the state files. When it resolves the changes survive any crash and their events will be
   * delivered, with these ids, even if the process dies before delivering them.
   */
  commit(pair: Pair, change: StateChange | ReadonlyArray<StateChange>, events: ReadonlyArray<OutboxEvent> = []): Promise<OutboxRecord> {
    return this.committer.commit(pair, isChangeList(change) ? change : [change], events);
  }

  /** Commits a live step's `commit` effect as it is: one record with its changes and its events. */
  commitEffect(effect: CommitEffect): Promise<OutboxRecord> {
    const pair = { symbol: effect.symbol, strategyName: effect.strategyName };
    return this.commit(pair, effect.changes, effect.events.map(({ topic, event }) => ({ id: event.id, topic, payload: event })));
  }

  /** Step 3: the record's events were delivered; its file is removed (oldest first). */
  acknowledge(pair: Pair, seq: number): Promise<void> {
    return this.ledger.acknowledge(pair, seq);
  }

  /** Steps 2 and 3 for records: delivers each event in order, then acknowledges the record. */
  async deliver(records: ReadonlyArray<OutboxRecord>, deliver: Deliver): Promise<void> {
    for (const record of records) {
      for (const event of record.events) await deliver(event);
      await this.acknowledge(record, record.seq);
    }
  }

  /** commit, deliver, acknowledge: the whole protocol for one change. */
  async commitAndDeliver(pair: Pair, change: StateChange | ReadonlyArray<StateChange>, events: ReadonlyArray<OutboxEvent>, deliver: Deliver): Promise<OutboxRecord> {
    const record = await this.commit(pair, change, events);
    await this.deliver([record], deliver);
    return record;
  }

  /** Reads every file of `scope` (initialising the stores) without changing anything but init's cleanup. */
  readSnapshot(scope: RecoveryScope): Promise<LiveSnapshot> {
    return readSnapshot(this, this.outbox, scope);
  }

  /** Resolves the files of `scope` after a crash; deliver `plan.redeliver` next (see `deliver`). */
  recover(scope: RecoveryScope): Promise<RecoveryPlan> {
    return recover(this, this.outbox, scope);
  }
}

const isChangeList = (change: StateChange | ReadonlyArray<StateChange>): change is ReadonlyArray<StateChange> => Array.isArray(change);

export const createPersistence = (options: PersistenceOptions = {}): Persistence => new Persistence(options);
