import { row } from "../../persist/src/live-state.fixture.js";
import { LeaseLostError } from "./lease.js";
import { connectRedis } from "./redis-connection.js";
import { createRedisStorage } from "./redis-storage.js";

/**
 * A process competing for BTCUSDT/trend: `<url> <namespace> <name> <ttlMs>`. It waits for the
 * lease, prints `owner <token> <schedule id it recovered or ->`, then commits a schedule
 * `<name>-<n>` with one event every 10 ms, printing `committed <id> <token>`, until it loses the
 * pair: then it prints `lost <message>` and exits with code 3.
 */
const [url, namespace, name, ttl] = process.argv.slice(2) as [string, string, string, string];
const pair = { symbol: "BTCUSDT", strategyName: "trend" };
const redis = await connectRedis(url);
const storage = createRedisStorage({ redis, namespace, lease: { ttlMs: Number(ttl) } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Says why it stopped, then exits once the line is out; nothing runs after the call. */
const stop = (error: LeaseLostError): Promise<never> => {
  process.stdout.write(`lost ${error.message}\n`, () => process.exit(3));
  return new Promise<never>(() => undefined);
};

let lease = await storage.acquire(pair);
while (lease === null) {
  await sleep(20);
  lease = await storage.acquire(pair);
}
lease.onLost((error) => void stop(error));
const recovered = (await storage.readSnapshot({ pairs: [{ ...pair, riskNames: [] }] })).pairs[0]!.files.schedule;
process.stdout.write(`owner ${lease.token} ${recovered?.id ?? "-"}\n`);
for (let n = 1; ; n++) {
  const id = `${name}-${n}`;
  try {
    await storage.commit(pair, { kind: "schedule", row: row(pair, id) }, [{ id, topic: "signal", payload: { id, token: lease.token } }]);
  } catch (error) {
    if (error instanceof LeaseLostError) await stop(error);
    throw error;
  }
  process.stdout.write(`committed ${id} ${lease.token}\n`);
  await sleep(10);
}
