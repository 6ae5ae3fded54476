import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { LifecycleParams } from "@tickfold/core";
import type { CommitEffect } from "@tickfold/core";
import { checkLiveMeta, LIVE_META_TOPIC, recoveredInstance, type CommittedRecord, type LiveJournal, type LiveMeta, type LivePair, type LiveStorage, type RecoveredInstance } from "@tickfold/core/engine";
import { createPersistence, DEFAULT_BASE_DIR, pairEntity, PersistBase, type IPersistBase, type PersistenceOptions, type OutboxRecord } from "@tickfold/persist";
import { openJournalFile } from "./journal-file.js";

export interface FileLiveStorageOptions extends Pick<PersistenceOptions, "backend" | "onCorrupt"> {
  /** Root of the seed's file layout (default `./dump/data`); the journal and meta files go beside it. */
  readonly baseDir?: string;
}

const META_ID = "meta";

/**
 * Live storage on `@tickfold/persist`: the seed's files with the outbox, plus per instance
 *   live/{symbol}_{strategyName}/meta.json    the committed meta (cursor, lastSignalId, askedBucket)
 *   journal/{symbol}_{strategyName}.jsonl     the input journal
 * The meta travels inside every commit (an outbox event of its own topic, never delivered), so it
 * is exactly as durable as the change; meta.json is written after the commit and before the record
 * is acknowledged, so whichever is newer, the last outbox record or meta.json, is the truth.
 * Live risk books are the seed's `risk/{riskName}/positions.json`, read by `readRiskBook` and
 * changed inside the commits of the positions that take and give back their slots.
 */
export const fileLiveStorage = (options: FileLiveStorageOptions = {}): LiveStorage => {
  const baseDir = options.baseDir ?? DEFAULT_BASE_DIR;
  const persistence = createPersistence({ ...options, baseDir });
  const metaStores = new Map<string, IPersistBase<LiveMeta>>();
  const metaStore = async (pair: LivePair): Promise<IPersistBase<LiveMeta>> => {
    const entity = pairEntity(pair);
    let store = metaStores.get(entity);
    if (store === undefined) {
      // The same backend as the state files: meta and state are durable alike.
      const Backend = options.backend ?? PersistBase;
      store = new Backend<LiveMeta>(entity, join(baseDir, "live"), options.onCorrupt === undefined ? {} : { onCorrupt: options.onCorrupt });
      metaStores.set(entity, store);
    }
    await store.waitForInit(true);
    return store;
  };

  // Recovery writes a risk file whole, from what it read first, while a commit of another instance
  // edits one slot of it: a recovery runs alone, so neither overwrites the other's slot.
  const exclusive = sharedExclusive();

  return {
    recover: (pair, params: LifecycleParams) => exclusive.alone(() => recoverPair(pair, params)),
    openJournal: async (pair, params) => {
      const dir = join(baseDir, "journal");
      await mkdir(dir, { recursive: true });
      return openJournalFile(join(dir, `${pairEntity(pair)}.jsonl`), params);
    },
    commit: (effect, meta, journal) => exclusive.shared(() => commitStep(effect, meta, journal)),
    acknowledge: (pair, record) => persistence.acknowledge(pair, record.seq),
    readRiskBook: (riskName) => exclusive.shared(async () => new Map(await persistence.risk.readPositionData(riskName))),
  };

  async function recoverPair(pair: LivePair, params: LifecycleParams): Promise<RecoveredInstance> {
    const plan = await persistence.recover({ pairs: [{ ...pair, riskNames: [...params.riskNames] }] });
    const files = plan.resolved.pairs[0]!.files;
    const store = await metaStore(pair);
    const fromFile = (await store.hasValue(META_ID)) ? checkLiveMeta(await store.readValue(META_ID), "meta.json") : null;
    const newest = plan.redeliver.at(-1);
    const fromRecord = newest === undefined ? null : metaOfRecord(newest);
    const meta = fromRecord ?? fromFile;
    // Redelivery acknowledges (removes) the records: their meta must be in meta.json before that
    // (found by the crash torture: a record's meta was lost when a restart died after redelivering it).
    if (fromRecord !== null) await store.writeValue(META_ID, fromRecord);
    return recoveredInstance(files, meta, plan.redeliver);
  }

  async function commitStep(effect: CommitEffect, meta: LiveMeta, journal: LiveJournal): Promise<CommittedRecord> {
    await journal.flush();
    const pair = { symbol: effect.symbol, strategyName: effect.strategyName };
    const events: Array<{ id: string; topic: string; payload: unknown }> = effect.events.map(({ topic, event }) => ({ id: event.id, topic, payload: event }));
    events.push({ id: `${pairEntity(pair)}:meta:${meta.cursor}`, topic: LIVE_META_TOPIC, payload: meta });
    const record = await persistence.commit(pair, effect.changes, events);
    await (await metaStore(pair)).writeValue(META_ID, meta);
    return record;
  }
};

/** Many `shared` tasks at once, or one `alone` task with nothing else running. */
const sharedExclusive = () => {
  let running = 0;
  let exclusive: Promise<void> = Promise.resolve();
  let drained: (() => void) | null = null;
  return {
    shared: async <T>(task: () => Promise<T>): Promise<T> => {
      await exclusive;
      running++;
      try {
        return await task();
      } finally {
        if (--running === 0) drained?.();
      }
    },
    alone: <T>(task: () => Promise<T>): Promise<T> => {
      const run = exclusive.then(async () => {
        if (running > 0) await new Promise<void>((resolve) => (drained = resolve));
        drained = null;
        return task();
      });
      exclusive = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };
};

const metaOfRecord = (record: OutboxRecord): LiveMeta | null => {
  const event = record.events.find((e) => e.topic === LIVE_META_TOPIC);
  return event === undefined ? null : checkLiveMeta(event.payload, `outbox record ${record.seq}`);
};
