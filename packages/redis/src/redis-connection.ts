import { createClient } from "@redis/client";

/**
 * What this package needs of a Redis connection: one raw command at a time. A node-redis client
 * (`createClient().connect()`) is one; so is anything else with the same method. Replies may come
 * in RESP2 or RESP3 shapes; the readers here accept both.
 */
export interface RedisConnection {
  sendCommand<T = unknown>(args: ReadonlyArray<string>): Promise<T>;
}

/** A connected node-redis client for `url` (e.g. `redis://127.0.0.1:6379`); close it with `close()`. */
export const connectRedis = async (url: string) => {
  const client = createClient({ url });
  // Without a listener an unreachable server crashes the process; the failing command says why.
  client.on("error", () => undefined);
  await client.connect();
  return client;
};
