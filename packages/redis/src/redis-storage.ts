import type { CommitEffect, StateChange } from "@tickfold/core";
import { createPersistence, planRecovery, planWrites, type FileWrite, type LiveSnapshot, type OutboxEvent, type Pair, type Persistence, type RecoveryPlan, type RecoveryScope } from "@tickfold/persist";
import { KeyedQueue, pairEntity, withMilestones, withRiskPosition } from "@tickfold/persist/internal";
import { fenceKey, journalKey, streamKey } from "./keys.js";
import { acquireLease, LeaseLostError, type Lease, type LeaseOptions } from "./lease.js";
import type { RedisConnection } from "./redis-connection.js";
import { redisBackend, type RedisStore } from "./redis-store.js";
import { COMMIT, runScript } from "./scripts.js";

export interface RedisStorageOptions {
  /** The connection commands go to (not one a consumer blocks on). */
  readonly redis: RedisConnection;
  /** The prefix of every key (default `tickfold`): several deployments can share one server. */
  readonly namespace?: string;
  /** Milestone levels, as for the file store (default 10…100). */
  readonly partialLevels?: ReadonlyArray<number>;
  /** About how many events each pair's stream keeps (XADD MAXLEN ~; default 10,000). */
  readonly streamMaxLen?: number;
  readonly lease?: LeaseOptions;
}

/** A committed step: its fencing token and where each event went on the pair's stream. */
export interface RedisCommit extends Pair {
  readonly token: number;
  readonly events: ReadonlyArray<OutboxEvent>;
  readonly streamIds: ReadonlyArray<string>;
}

/** A hash field a script sets. */
export interface HashWrite {
  readonly key: string;
  readonly field: string;
  readonly text: string;
}

/** What the live storage adds to a commit, in the same script: journal lines, hash writes and deletes of its own keys. */
export interface CommitExtras {
  readonly lines?: ReadonlyArray<string>;
  readonly writes?: ReadonlyArray<HashWrite>;
  readonly deletes?: ReadonlyArray<{ readonly key: string; readonly field: string }>;
}

type Write = HashWrite;

/** How many times a commit is recomputed when a shared risk profile changed under it. */
const CONFLICT_RETRIES = 20;

/**
 * Live state in Redis, one owner per pair. Values, keys and codecs are the file store's (through
 * RedisStore); a commit is one Lua script that checks the owner's fencing token, writes the state
 * and appends the events to the pair's stream, or does nothing. With no half-done commit there is
 * no outbox to replay: the stream is the outbox, and recovery only applies the reconcile rules.
 */
export class RedisStorage {
  readonly namespace: string;
  private readonly redis: RedisConnection;
  private readonly persistence: Persistence;
  private readonly leases = new Map<string, Lease>();
  private readonly queue = new KeyedQueue();
  private readonly streamMaxLen: number;
  private readonly leaseOptions: LeaseOptions;

  constructor(options: RedisStorageOptions) {
    this.redis = options.redis;
    this.namespace = options.namespace ?? "tickfold";
    this.streamMaxLen = options.streamMaxLen ?? 10_000;
    if (!(Number.isInteger(this.streamMaxLen) && this.streamMaxLen > 0)) throw new RangeError(`streamMaxLen must be a positive integer, got ${options.streamMaxLen}.`);
    this.leaseOptions = options.lease ?? {};
    this.persistence = createPersistence({ baseDir: this.namespace, backend: redisBackend(this.redis), ...(options.partialLevels ? { partialLevels: options.partialLevels } : {}) });
  }

  /** Takes ownership of `pair` if nobody holds it; null when another process does. */
  async acquire(pair: Pair): Promise<Lease | null> {
    const lease = await acquireLease(this.redis, this.namespace, pair, this.leaseOptions);
    if (lease !== null) {
      this.leases.get(pairEntity(pair))?.lose("this process acquired the pair again", "superseded");
      this.leases.set(pairEntity(pair), lease);
    }
    return lease;
  }

  /** Commits a live step's `commit` effect: its changes and its events, atomically, if still the owner. */
  commitEffect(effect: CommitEffect): Promise<RedisCommit> {
    const pair = { symbol: effect.symbol, strategyName: effect.strategyName };
    return this.commit(pair, effect.changes, effect.events.map(({ topic, event }) => ({ id: event.id, topic, payload: event })));
  }

  /**
   * Commits `change` and appends `events` to the pair's stream in one fenced script, if this process
   * still owns the pair (else LeaseLostError). `extras` ride in the same script (the live storage's
   * journal lines, meta and records); a commit with no change writes only those.
   */
  commit(pair: Pair, change: StateChange | ReadonlyArray<StateChange>, events: ReadonlyArray<OutboxEvent> = [], extras: CommitExtras = {}): Promise<RedisCommit> {
    const changes: ReadonlyArray<StateChange> = Array.isArray(change) ? change : [change as StateChange];
    return this.queue.run(pairEntity(pair), async () => {
      const lease = this.ownLease(pair);
      for (let attempt = 0; ; attempt++) {
        const { checks, writes } = await this.planCommit(pair, changes);
        const reply = await this.run(lease, { checks, writes: [...writes, ...(extras.writes ?? [])], events, deletes: extras.deletes ?? [], lines: extras.lines ?? [] });
        if (reply[0] === "ok") return { ...pair, token: lease.token, events: [...events], streamIds: reply.slice(1) };
        if (reply[0] === "fenced") throw refused(lease, reply[1]!, "a write");
        if (attempt >= CONFLICT_RETRIES) throw new Error(`Commit of ${pair.symbol}/${pair.strategyName} gave up: ${reply[1]} kept changing under it (${CONFLICT_RETRIES} retries).`);
      }
    });
  }

  /** Every value of `scope`, as the file store's readSnapshot returns it (the outbox is always empty). */
  readSnapshot(scope: RecoveryScope): Promise<LiveSnapshot> {
    return this.persistence.readSnapshot(scope);
  }

  /**
   * Applies the reconcile rules to `scope` through fenced commits (each pair must be owned). A
   * commit is atomic, so this finds nothing to do unless something else wrote the keys.
   */
  async recover(scope: RecoveryScope): Promise<RecoveryPlan> {
    const plan = planRecovery(await this.readSnapshot(scope));
    const first = scope.pairs[0];
    for (const write of plan.writes) {
      const pair = write.file === "risk" ? first! : write.pair;
      const reply = await this.run(this.ownLease(pair), { writes: [this.fileWrite(write)] });
      if (reply[0] === "fenced") throw refused(this.ownLease(pair), reply[1]!, "a recovery write");
    }
    return plan;
  }

  private ownLease(pair: Pair): Lease {
    const lease = this.leases.get(pairEntity(pair));
    if (lease === undefined) throw new Error(`This process does not own ${pair.symbol}/${pair.strategyName}: call acquire first.`);
    if (lease.lost !== undefined) throw lease.lost;
    return lease;
  }

  /** The final text of every value the changes touch, and the text each read-modify-write assumed. */
  private async planCommit(pair: Pair, changes: ReadonlyArray<StateChange>): Promise<{ checks: Write[]; writes: Write[] }> {
    const { symbol, strategyName } = pair;
    const values = new Map<string, { store: RedisStore<unknown>; id: string; value: unknown }>();
    const checks: Write[] = [];
    const slot = (store: RedisStore<unknown>, id: string) => `${store.key}\u0000${id}`;
    const set = (store: RedisStore<unknown>, id: string, value: unknown) => void values.set(slot(store, id), { store, id, value });
    const current = async <T>(store: RedisStore<unknown>, id: string, fallback: T): Promise<T> => {
      const known = values.get(slot(store, id));
      if (known !== undefined) return known.value as T;
      const text = await store.readRaw(id);
      checks.push({ key: store.key, field: id, text: text ?? "" });
      const value = text === null ? fallback : (store.decode(id, text) as T);
      set(store, id, value);
      return value;
    };
    const p = this.persistence;
    for (const change of changes) {
      for (const write of planWrites(change)) {
        switch (write.target) {
          case "signal":
            set(p.signal.storeFor(symbol, strategyName) as RedisStore<unknown>, symbol, write.value);
            break;
          case "schedule":
            set(p.schedule.storeFor(symbol, strategyName) as RedisStore<unknown>, symbol, write.value);
            break;
          case "partial": {
            const store = p.partial.storeFor(symbol, strategyName) as RedisStore<unknown>;
            set(store, "levels", withMilestones(await current(store, "levels", {}), write.signalId, write.levels));
            break;
          }
          case "risk": {
            const store = p.risk.storeFor(write.riskName) as RedisStore<unknown>;
            set(store, "positions", withRiskPosition(await current(store, "positions", []), write.key, write.position));
            break;
          }
        }
      }
    }
    const writes = [...values.values()].map(({ store, id, value }) => ({ key: store.key, field: id, text: store.encode(id, value) }));
    return { checks, writes };
  }

  private fileWrite(write: FileWrite): Write {
    const p = this.persistence;
    const [store, id] =
      write.file === "risk"
        ? [p.risk.storeFor(write.riskName), "positions"]
        : write.file === "partial"
          ? [p.partial.storeFor(write.pair.symbol, write.pair.strategyName), "levels"]
          : [(write.file === "signal" ? p.signal : p.schedule).storeFor(write.pair.symbol, write.pair.strategyName), write.pair.symbol];
    const redisStore = store as RedisStore<unknown>;
    return { key: redisStore.key, field: id, text: redisStore.encode(id, write.value) };
  }

  private run(lease: Lease, step: ScriptStep): Promise<string[]> {
    const { checks = [], writes = [], deletes = [], events = [], lines = [] } = step;
    const keys = [fenceKey(this.namespace, lease.pair), streamKey(this.namespace, lease.pair), journalKey(this.namespace, lease.pair)];
    const index = (key: string): string => {
      let at = keys.indexOf(key, 3);
      if (at < 0) at = keys.push(key) - 1;
      return String(at + 1);
    };
    const args = [String(lease.token), String(this.streamMaxLen), String(checks.length), String(writes.length), String(deletes.length), String(events.length), String(lines.length)];
    for (const { key, field, text } of [...checks, ...writes]) args.push(index(key), field, text);
    for (const { key, field } of deletes) args.push(index(key), field);
    for (const event of events) args.push(event.id, event.topic, JSON.stringify(event.payload));
    args.push(...lines);
    return runScript<string[]>(this.redis, COMMIT, keys, args);
  }
}

/**
 * The server refused a write: ownership is lost (if renewal had not found out already), and the
 * error of this write says it was refused, so a caller can tell a fenced write from a noticed loss.
 */
const refused = (lease: Lease, current: string, what: string): LeaseLostError => {
  const reason = `${what} was refused: its fencing token ${lease.token} is older than the current ${current}`;
  lease.lose(reason);
  return new LeaseLostError(lease.pair, lease.token, reason, "fenced");
};

/** One COMMIT script's work (see scripts.ts). */
interface ScriptStep {
  readonly checks?: ReadonlyArray<Write>;
  readonly writes?: ReadonlyArray<Write>;
  readonly deletes?: ReadonlyArray<{ readonly key: string; readonly field: string }>;
  readonly events?: ReadonlyArray<OutboxEvent>;
  readonly lines?: ReadonlyArray<string>;
}

export const createRedisStorage = (options: RedisStorageOptions): RedisStorage => new RedisStorage(options);
