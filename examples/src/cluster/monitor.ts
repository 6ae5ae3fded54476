/**
 * The monitor: `<redis url> <namespace> <symbol>…`. Follows every committed event of the
 * instances through the consumer group "monitor" and prints each one, from whichever worker
 * committed it, as `<symbol> <event id>`; a redelivered event keeps its id, so it is printed once.
 */
import { createEventBus } from "@tickfold/events";
import { connectRedis, consumeEvents } from "@tickfold/redis";

const [url, namespace, ...symbols] = process.argv.slice(2) as [string, string, ...string[]];
const redis = await connectRedis(url);
const bus = createEventBus();
const seen = new Set<string>();
const print = (event: { id: string; symbol: string }) => {
  if (seen.has(event.id)) return;
  seen.add(event.id);
  process.stdout.write(`${event.symbol} ${event.id}\n`);
};
bus.listenSignal((event) => print(event as unknown as { id: string; symbol: string }));
bus.listenPartialProfit((event) => print(event as unknown as { id: string; symbol: string }));
bus.listenPartialLoss((event) => print(event as unknown as { id: string; symbol: string }));
consumeEvents({ redis, namespace, pairs: symbols.map((symbol) => ({ symbol, strategyName: "cluster" })), group: "monitor", consumer: `monitor-${process.pid}`, bus, claimIdleMs: 5_000, blockMs: 200 });
