import { randomUUID } from "node:crypto";
import { connectRedis } from "./redis-connection.js";
import { createRedisStorage, type RedisStorageOptions } from "./redis-storage.js";

/** A connection to the suite's redis-server (REDIS_URL, set by the global setup). */
export const connectTestRedis = () => {
  const url = process.env.REDIS_URL;
  if (url === undefined) throw new Error("REDIS_URL is not set: the suite's global setup starts redis-server and sets it");
  return connectRedis(url);
};

/** A namespace no other test uses, so tests share the one server without seeing each other. */
export const freshNamespace = (): string => `test-${randomUUID()}`;

export const testStorage = (redis: RedisStorageOptions["redis"], options: Partial<RedisStorageOptions> = {}) =>
  createRedisStorage({ redis, namespace: freshNamespace(), ...options });
