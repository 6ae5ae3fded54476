import { DEFAULT_CONFIG, encodeJournalLine, formatIssue, type LifecycleParams } from "@tickfold/core";
import { checkLiveMeta, recoveredInstance, type CommittedRecord, type LiveJournal, type LiveMeta, type LivePair, type LiveStorage, type RecoveredInstance } from "@tickfold/core/engine";
import type { OutboxRecord } from "@tickfold/persist";
import { outboxCodec, pairEntity } from "@tickfold/persist/internal";
import * as E from "fp-ts/lib/Either.js";
import { journalKey, liveKey, unackedKey } from "./keys.js";
import { leaseHolder, type Lease } from "./lease.js";
import { connectRedis, type RedisConnection } from "./redis-connection.js";
import { createRedisStorage, type RedisStorage } from "./redis-storage.js";

export interface RedisLiveStorageOptions {
  /** A connection of its own for commands (not one a consumer blocks on)… */
  readonly redis?: RedisConnection;
  /** …or a URL to connect to (the storage then owns the connection and `close` closes it). */
  readonly url?: string;
  /** The prefix of every key (default `tickfold`): several deployments can share one server. */
  readonly namespace?: string;
  /** Names this process in its leases, for "held by" errors (default host:pid). */
  readonly owner?: string;
  /** How long a lease lasts without renewal (default 10 s); another process takes over after it. */
  readonly leaseMs?: number;
  /** How often the lease is renewed (default a third of leaseMs). */
  readonly renewEveryMs?: number;
  /** How long `Live.run` waits for another owner's lease to expire before it fails (default 0: fail at once). */
  readonly waitForLeaseMs?: number;
  /** About how many events each pair's stream keeps (XADD MAXLEN ~; default 10,000). */
  readonly streamMaxLen?: number;
  /** Milestone levels, as for the file store (default 10…100). */
  readonly partialLevels?: ReadonlyArray<number>;
}

/** A committed step on Redis: the fencing token it committed under and where its events went on the stream. */
export interface RedisCommittedRecord extends CommittedRecord {
  readonly token: number;
  readonly streamIds: ReadonlyArray<string>;
}

/** What recovery read back, and the fencing token this process now owns the instance with. */
export interface RedisRecoveredInstance extends RecoveredInstance {
  readonly token: number;
}

export interface RedisLiveStorage extends LiveStorage {
  readonly namespace: string;
  recover(pair: LivePair, params: LifecycleParams): Promise<RedisRecoveredInstance>;
  commit(...args: Parameters<LiveStorage["commit"]>): Promise<RedisCommittedRecord>;
  /** The instance's journal as stored, one line an element (`replayJournal` reads it as it is). */
  readJournal(pair: LivePair): Promise<string[]>;
  /** Gives up every lease this storage holds and closes the connection if it opened it. */
  close(): Promise<void>;
}

/** An instance this process owns: its lease and the last record's seq (only the owner writes, so it is known here). */
interface Owned {
  readonly lease: Lease;
  seq: number;
}

const POLL_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `LiveStorage` on Redis, so `createEngine({ storage: redisLiveStorage(…) })` runs `Live.run` with
 * its state in a Redis shared by several processes. Every key of an instance carries its hash tag.
 * `recover` first takes the instance's lease (SET NX PX + INCR fencing token, renewed in the
 * background), then applies persist's recovery rules and reads the meta and the records not yet
 * delivered. Every write after that (journal lines, commits, acknowledgements) is one COMMIT script
 * that checks the token, so a process that lost the lease, paused or partitioned however long,
 * writes nothing; the runner then stops the instance and says so on `exit`. A commit's journal
 * lines, state, meta, record and stream events land in one script: nothing is half done.
 */
export const redisLiveStorage = (options: RedisLiveStorageOptions): RedisLiveStorage => {
  if ((options.redis === undefined) === (options.url === undefined)) {
    throw new TypeError(`redisLiveStorage: give exactly one of redis (a connection) and url, got ${options.redis === undefined ? "neither" : "both"}`);
  }
  const waitForLeaseMs = options.waitForLeaseMs ?? 0;
  if (!(waitForLeaseMs >= 0)) throw new RangeError(`redisLiveStorage: waitForLeaseMs = ${String(options.waitForLeaseMs)} must be 0 or more`);
  const namespace = options.namespace ?? "tickfold";
  const levels = options.partialLevels ?? DEFAULT_CONFIG.partialLevels;
  let opened: Promise<Awaited<ReturnType<typeof connectRedis>>> | undefined;
  // Commands wait for the connection on first use: the storage can be made synchronously.
  const redis: RedisConnection = options.redis ?? {
    sendCommand: async <T>(args: ReadonlyArray<string>) => (await (opened ??= connectRedis(options.url!))).sendCommand<T>(args),
  };
  const storage: RedisStorage = createRedisStorage({
    redis,
    namespace,
    ...(options.partialLevels === undefined ? {} : { partialLevels: options.partialLevels }),
    ...(options.streamMaxLen === undefined ? {} : { streamMaxLen: options.streamMaxLen }),
    lease: {
      ...(options.leaseMs === undefined ? {} : { ttlMs: options.leaseMs }),
      ...(options.renewEveryMs === undefined ? {} : { renewEveryMs: options.renewEveryMs }),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
    },
  });
  const owned = new Map<string, Owned>();
  // The lines each open journal has not written yet: a commit takes them into its own script.
  const pendingLines = new WeakMap<LiveJournal, string[]>();

  const ownedOf = (pair: LivePair): Owned => {
    const own = owned.get(pairEntity(pair));
    if (own === undefined) throw new Error(`${pair.symbol}/${pair.strategyName} is not owned by this storage: Live.run recovers (and takes its lease) first.`);
    if (own.lease.lost !== undefined) throw own.lease.lost;
    return own;
  };

  const acquire = async (pair: LivePair): Promise<Lease> => {
    for (const started = Date.now(); ; await sleep(POLL_MS)) {
      const lease = await storage.acquire(pair);
      if (lease !== null) return lease;
      if (Date.now() - started >= waitForLeaseMs) throw await leaseHolder(redis, namespace, pair);
    }
  };

  const release = async (pair: LivePair): Promise<void> => {
    const own = owned.get(pairEntity(pair));
    owned.delete(pairEntity(pair));
    await own?.lease.release();
  };

  /** A fenced step with no state change: journal lines and this storage's own keys. */
  const write = (pair: LivePair, extras: Parameters<RedisStorage["commit"]>[3]) => storage.commit(pair, [], [], extras);

  return {
    namespace,
    recover: async (pair, params) => {
      if (params.riskNames.length > 0) {
        throw new Error(`riskNames = ${JSON.stringify(params.riskNames)}: risk profiles are not supported on the Redis live storage yet (their books are shared across pairs, see DESIGN.md "Redis"); run the strategy without riskName/riskList`);
      }
      const lease = await acquire(pair);
      try {
        const plan = await storage.recover({ pairs: [{ ...pair, riskNames: [] }] });
        const [metaText, seqText] = await redis.sendCommand<Array<string | null>>(["HMGET", liveKey(namespace, pair), "meta", "seq"]);
        const where = `redis:${liveKey(namespace, pair)}#meta`;
        const meta = metaText === null || metaText === undefined ? null : checkLiveMeta(parseJson(metaText, where), where);
        const records = await unacknowledged(redis, namespace, pair, levels);
        owned.set(pairEntity(pair), { lease, seq: Math.max(Number(seqText ?? 0), ...records.map((r) => r.seq)) });
        return { ...recoveredInstance(plan.resolved.pairs[0]!.files, meta, records), token: lease.token };
      } catch (error) {
        await lease.release();
        throw error;
      }
    },
    openJournal: async (pair, params) => {
      const { lease } = ownedOf(pair);
      const pending: string[] = [];
      if (Number(await redis.sendCommand(["LLEN", journalKey(namespace, pair)])) === 0) pending.push(encodeJournalLine({ type: "header", format: "tickfold-journal", version: 1, params }));
      let closed = false;
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        const lines = pending.splice(0);
        try {
          await write(pair, { lines });
        } catch (error) {
          pending.unshift(...lines);
          throw error;
        }
      };
      const journal: LiveJournal = {
        append: (entry) => {
          if (closed) throw new Error(`the journal of ${pair.symbol}/${pair.strategyName} is closed`);
          // Known lost (renewal found a newer owner): no input more, the instance stops here.
          if (lease.lost !== undefined) throw lease.lost;
          pending.push(encodeJournalLine(entry));
        },
        flush,
        close: async () => {
          if (closed) return;
          closed = true;
          // A lost owner may write nothing more; its lines were never committed anyway.
          if (lease.lost === undefined) await flush();
        },
      };
      pendingLines.set(journal, pending);
      return journal;
    },
    commit: async (effect, meta, journal) => {
      const pair = { symbol: effect.symbol, strategyName: effect.strategyName };
      const own = ownedOf(pair);
      checkLiveMeta(meta, `the meta committed at ${meta?.cursor}`);
      // The journal's lines ride in the commit's script (one round trip); another journal is flushed first.
      const pending = pendingLines.get(journal);
      if (pending === undefined) await journal.flush();
      const lines = pending?.splice(0) ?? [];
      const seq = own.seq + 1;
      const events = effect.events.map(({ topic, event }) => ({ id: event.id, topic, payload: event }));
      const record: OutboxRecord = { seq, ...pair, changes: [...effect.changes], events };
      const live = liveKey(namespace, pair);
      try {
        const committed = await storage.commit(pair, effect.changes, events, {
          lines,
          writes: [
            { key: live, field: "meta", text: JSON.stringify(meta) },
            { key: live, field: "seq", text: String(seq) },
            { key: unackedKey(namespace, pair), field: String(seq), text: encodeRecord(record, pair, levels) },
          ],
        });
        own.seq = seq;
        return { seq, events, token: committed.token, streamIds: committed.streamIds };
      } catch (error) {
        pending?.unshift(...lines);
        throw error;
      }
    },
    acknowledge: async (pair, record) => {
      ownedOf(pair);
      await write(pair, { deletes: [{ key: unackedKey(namespace, pair), field: String(record.seq) }] });
    },
    release,
    readJournal: (pair) => redis.sendCommand<string[]>(["LRANGE", journalKey(namespace, pair), "0", "-1"]),
    close: async () => {
      for (const own of [...owned.values()]) await release(own.lease.pair);
      if (opened !== undefined) await (await opened).close();
    },
  };
};

/** The records of `pair` not yet acknowledged, oldest first, each checked by persist's outbox codec. */
const unacknowledged = async (redis: RedisConnection, namespace: string, pair: LivePair, levels: ReadonlyArray<number>): Promise<OutboxRecord[]> => {
  const key = unackedKey(namespace, pair);
  const flat = await redis.sendCommand<string[] | Record<string, string>>(["HGETALL", key]);
  // RESP2 answers a flat list, RESP3 a map.
  const entries: Array<[string, string]> = Array.isArray(flat) ? flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]!] as [string, string]] : [])) : Object.entries(flat);
  const codec = outboxCodec(pair, levels);
  return entries
    .map(([field, text]) => {
      const where = `redis:${key}#${field}`;
      const decoded = codec.decode(parseJson(text, where));
      if (E.isLeft(decoded)) throw new TypeError(`${where}: the stored record is invalid: ${decoded.left.issues.map(formatIssue).join("; ")}`);
      if (String(decoded.right.seq) !== field) throw new TypeError(`${where}: the stored record's seq = ${decoded.right.seq} must be its field, ${field}`);
      return decoded.right;
    })
    .sort((a, b) => a.seq - b.seq);
};

/** A record as stored, checked by the codec the file outbox uses: nothing invalid is committed. */
const encodeRecord = (record: OutboxRecord, pair: LivePair, levels: ReadonlyArray<number>): string => {
  const text = JSON.stringify(record);
  const decoded = outboxCodec(pair, levels).decode(JSON.parse(text));
  if (E.isLeft(decoded)) throw new TypeError(`the committed record ${record.seq} of ${pair.symbol}/${pair.strategyName} is invalid: ${decoded.left.issues.map(formatIssue).join("; ")}`);
  return text;
};

const parseJson = (text: string, where: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${where}: the stored content is not valid JSON (${(error as Error).message})`);
  }
};
