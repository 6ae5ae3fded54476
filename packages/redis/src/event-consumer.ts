import type { Pair } from "@tickfold/persist";
import type { TickfoldEventBus } from "@tickfold/events";
import { streamKey } from "./keys.js";
import type { RedisConnection } from "./redis-connection.js";
import { autoClaimReply, readGroupReply, type StreamEntry } from "./stream-replies.js";

export interface EventConsumerOptions {
  /** A connection of the consumer's own: a blocking read holds it for up to blockMs. */
  readonly redis: RedisConnection;
  readonly namespace?: string;
  /** The pairs whose streams to read. */
  readonly pairs: ReadonlyArray<Pair>;
  /** The consumer group: each event goes to one consumer of the group (a group per kind of reader). */
  readonly group: string;
  /** This consumer's name in the group, unique among live consumers (e.g. host and pid). */
  readonly consumer: string;
  /** The bus the events are emitted on: its `listen…` functions see them as local events. */
  readonly bus: Pick<TickfoldEventBus, "emit" | "drain">;
  /** A message unacknowledged this long is taken from its consumer (presumed dead). Default 30 s. */
  readonly claimIdleMs?: number;
  /** Messages per read. Default 100. */
  readonly batch?: number;
  /** How long a read waits for new messages. Default 1 s. */
  readonly blockMs?: number;
  /** A failed read or delivery, retried after a pause (default: ignored). */
  readonly onError?: (error: unknown) => void;
}

export interface EventConsumer {
  /** Stops after the batch in hand is delivered and acknowledged. */
  stop(): Promise<void>;
}

/**
 * Feeds a bus from the pairs' streams through a consumer group, at least once: a batch is emitted,
 * the bus drained (every listener finished), and only then acknowledged. Messages a dead consumer
 * left unacknowledged are reclaimed with XAUTOCLAIM and delivered again with the same event ids
 * (each payload's `id`), so listeners that must see an event once drop ids they have seen.
 */
export const consumeEvents = (options: EventConsumerOptions): EventConsumer => {
  const { redis, group, consumer, bus } = options;
  const namespace = options.namespace ?? "tickfold";
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const batch = options.batch ?? 100;
  const blockMs = options.blockMs ?? 1_000;
  const streams = options.pairs.map((pair) => streamKey(namespace, pair));
  let stopping = false;

  const deliver = async (stream: string, list: ReadonlyArray<StreamEntry>): Promise<void> => {
    if (list.length === 0) return;
    for (const { fields } of list) {
      const { topic, payload } = fields;
      if (topic === undefined || payload === undefined) continue;
      await bus.emit(topic as never, JSON.parse(payload) as never);
    }
    await bus.drain();
    await redis.sendCommand(["XACK", stream, group, ...list.map((e) => e.streamId)]);
  };

  const createGroups = async (): Promise<void> => {
    for (const stream of streams) {
      try {
        await redis.sendCommand(["XGROUP", "CREATE", stream, group, "0", "MKSTREAM"]);
      } catch (error) {
        if (!String((error as Error).message).startsWith("BUSYGROUP")) throw error;
      }
    }
  };

  const reclaim = async (): Promise<void> => {
    for (const stream of streams) {
      let cursor = "0-0";
      do {
        const { next, claimed } = autoClaimReply(await redis.sendCommand(["XAUTOCLAIM", stream, group, consumer, String(claimIdleMs), cursor, "COUNT", String(batch)]));
        await deliver(stream, claimed);
        cursor = next;
      } while (cursor !== "0-0" && !stopping);
    }
  };

  const loop = async (): Promise<void> => {
    let groupsReady = false;
    let lastClaim = 0;
    while (!stopping) {
      try {
        if (!groupsReady) await createGroups();
        groupsReady = true;
        // Reclaim at most every half claimIdleMs: sooner would find nothing new to take.
        if (Date.now() - lastClaim >= claimIdleMs / 2) {
          await reclaim();
          lastClaim = Date.now();
        }
        const reply = await redis.sendCommand(["XREADGROUP", "GROUP", group, consumer, "COUNT", String(batch), "BLOCK", String(blockMs), "STREAMS", ...streams, ...streams.map(() => ">")]);
        for (const [stream, list] of readGroupReply(reply)) await deliver(stream, list);
      } catch (error) {
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const running = loop();
  return {
    stop: async () => {
      stopping = true;
      await running;
    },
  };
};
