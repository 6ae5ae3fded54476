// @ts-check
/**
 * The installed `@tickfold/redis` under plain `node` (no loader), against the server in REDIS_URL:
 * its built entry loads with its real dependencies (@redis/client, the other tickfold packages),
 * and a lease is exclusive (a second owner of the same pair gets none until the first releases).
 * Prints one JSON line that the install test checks.
 */
import { randomUUID } from "node:crypto";
import * as redisPackage from "@tickfold/redis";

const { acquireLease, connectRedis } = redisPackage;
const url = process.env.REDIS_URL;
if (url === undefined) throw new Error("REDIS_URL is not set: the test suite's global setup starts a redis-server and sets it");

const client = await connectRedis(url);
try {
  const namespace = `consumer-${randomUUID()}`;
  const pair = { symbol: "BTCUSDT", strategyName: "installed" };
  const first = await acquireLease(client, namespace, pair, { ttlMs: 30_000 });
  const whileHeld = await acquireLease(client, namespace, pair, { ttlMs: 30_000 });
  await first?.release();
  const afterRelease = await acquireLease(client, namespace, pair, { ttlMs: 30_000 });
  await afterRelease?.release();
  console.log(
    JSON.stringify({
      exports: Object.keys(redisPackage).sort(),
      firstToken: first?.token ?? null,
      whileHeld: whileHeld === null ? null : "a second lease",
      afterReleaseToken: afterRelease?.token ?? null,
    }),
  );
} finally {
  await client.close();
}
