import type { RiskPosition } from "../../codec/risk-positions.js";
import type { CommitEffect } from "../../effects.js";
import type { JournalPort } from "../../journal/entry.js";
import type { RestoreInput } from "../../lifecycle/restore.js";
import type { LifecycleParams } from "../../lifecycle/state.js";

/** One strategy trading one symbol: a live instance. */
export interface LivePair {
  readonly symbol: string;
  readonly strategyName: string;
}

/**
 * What a live instance remembers beside the seed's files, committed with every state change: the
 * last candle its committed state covers (a restart continues with the next one), and the two
 * lifecycle fields the files do not hold.
 */
export interface LiveMeta {
  /**
   * Time of the tick the commit came from: a 1-minute candle's open time, or a price update's time
   * (a restart continues with the candle after that minute).
   */
  readonly cursor: number;
  readonly lastSignalId: string | null;
  /** null before the strategy was first asked. */
  readonly askedBucket: number | null;
  /**
   * Optional: where the exchange's price updates resume after a restart (epoch ms), present when
   * the exchange offers them. A storage keeps it with the rest of the meta and gives it back in
   * `RecoveredInstance.updatesFrom`.
   */
  readonly updatesFrom?: number;
}

/** An event committed with a state change, delivered after it, with an id that never changes. */
export interface CommittedEvent {
  readonly id: string;
  readonly topic: string;
  readonly payload: unknown;
}

/** A committed step: what delivery needs, and what `acknowledge` takes back. */
export interface CommittedRecord {
  readonly seq: number;
  readonly events: ReadonlyArray<CommittedEvent>;
}

/** What start-up reads back for an instance after recovery resolved its files. */
export interface RecoveredInstance {
  /** The input of `restoreLifecycle`: files plus the meta's `lastSignalId` and `askedBucket`. */
  readonly restored: RestoreInput;
  /** The committed meta's cursor, or null when nothing was ever committed (a fresh start). */
  readonly cursor: number | null;
  /** The committed meta's `updatesFrom`, when it has one. */
  readonly updatesFrom?: number;
  /** Committed records whose events were not acknowledged, oldest first (deliver them again). */
  readonly redeliver: ReadonlyArray<CommittedRecord>;
}

/**
 * Where a live engine keeps an instance's durable state: `@tickfold/persist` in Node (the
 * `tickfold` package wires it), anything else that keeps the same promises elsewhere.
 */
export interface LiveStorage {
  /** Crash recovery for the instance (outbox replay, reconciliation), then what it reads back. */
  recover(pair: LivePair, params: LifecycleParams): Promise<RecoveredInstance>;
  /** The instance's input journal; a new one starts with its header. */
  openJournal(pair: LivePair, params: LifecycleParams): Promise<LiveJournal>;
  /**
   * Makes the step's changes, its events and `meta` durable together (the journal first, so it is
   * never behind the state). When it resolves the step survives any crash.
   */
  commit(effect: CommitEffect, meta: LiveMeta, journal: LiveJournal): Promise<CommittedRecord>;
  /** The record's events were delivered: it leaves the outbox. */
  acknowledge(pair: LivePair, record: CommittedRecord): Promise<void>;
  /**
   * Optional; live risk profiles need it (`Live.run` refuses a strategy naming one without it). The
   * committed slots of the live profile `riskName`, keyed `strategyName:symbol`, as the engine's
   * first instance using the profile loads its book. A storage offering it must also keep the
   * slots that `commit` changes carry (an open or activate reserves, a close releases, in
   * `riskNames`) in the same commit, and reconcile the instance's own slot in `recover`.
   */
  readRiskBook?(riskName: string): Promise<ReadonlyMap<string, RiskPosition>>;
  /**
   * Optional: the instance ended here (stopped, failed or abandoned by its caller), whether or not
   * `recover` succeeded: give up what recovery took for it (a Redis lease), so another process can
   * take it over at once instead of after the lease expires.
   */
  release?(pair: LivePair): Promise<void>;
}

/**
 * A journal the runner appends to; `flush` makes what was appended durable (before a commit,
 * before a real-time wait). An implementation that buffers bounds its buffer: `append` may return
 * the promise of a flush when the buffer is full (the runner awaits it).
 */
export interface LiveJournal extends JournalPort {
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Topic of the meta record travelling in a commit's outbox events; never delivered to the bus. */
export const LIVE_META_TOPIC = "tickfold.liveMeta";
