import { createEventBus } from "@tickfold/events";
import { consumeEvents } from "./event-consumer.js";
import { connectRedis } from "./redis-connection.js";

/**
 * A slow event consumer in group "monitor": `<url> <namespace> <consumer> <claimIdleMs>`. Its
 * listener on the bus prints `got <event id>` and takes 3 ms per event; it runs until killed. With
 * a fifth argument it hangs after printing that event id, as a consumer dying mid-batch would.
 */
const [url, namespace, consumer, claimIdleMs, stallAt] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const redis = await connectRedis(url);
const bus = createEventBus();
bus.listen("signal", async (event) => {
  process.stdout.write(`got ${(event as unknown as { id: string }).id}\n`);
  const id = (event as unknown as { id: string }).id;
  await new Promise((resolve) => (id === stallAt ? undefined : setTimeout(resolve, 3)));
});
consumeEvents({ redis, namespace, pairs: [{ symbol: "BTCUSDT", strategyName: "trend" }], group: "monitor", consumer, bus, claimIdleMs: Number(claimIdleMs), batch: 10, blockMs: 100 });
process.stdout.write("ready\n");
