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
  /** Open time of the last 1-minute candle the committed state has seen. */
  readonly cursor: number;
  readonly lastSignalId: string | null;
  /** null before the strategy was first asked. */
  readonly askedBucket: number | null;
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
