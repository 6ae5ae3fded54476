import { describe, expect, it } from "vitest";
import type { EmitTopic, Topic } from "./event-map.js";
import { createEventBus, type TickfoldEventBus } from "./create-event-bus.js";
import * as publicApi from "./index.js";
import { LISTENERS_WITH_ONCE, LISTENERS_WITHOUT_ONCE } from "./seed-listeners.js";

const ALL_LISTENERS: Record<string, Topic> = { ...LISTENERS_WITH_ONCE, ...LISTENERS_WITHOUT_ONCE };
const ONCE_NAMES = Object.keys(LISTENERS_WITH_ONCE).map((name) => `${name}Once`);

interface Tagged {
  readonly tag: string;
  readonly backtest: boolean;
}

/**
 * One event per topic, tagged with where it was emitted. The payloads are not real contracts:
 * the bus never looks inside an event except at a signal's `backtest` flag.
 */
const emitOnEveryTopic = async (bus: TickfoldEventBus): Promise<void> => {
  const emitTopics = new Set(Object.values(ALL_LISTENERS).filter((topic) => !topic.startsWith("signal")));
  for (const topic of emitTopics) await bus.emit(topic as EmitTopic, { tag: topic, backtest: true } as never);
  await bus.emit("signal", { tag: "live tick", backtest: false } as never);
  await bus.emit("signal", { tag: "backtest tick", backtest: true } as never);
  await bus.drain();
};

const expectedTags = (topic: Topic): string[] => {
  if (topic === "signal") return ["live tick", "backtest tick"];
  if (topic === "signalLive") return ["live tick"];
  if (topic === "signalBacktest") return ["backtest tick"];
  return [topic];
};

type AnyListen = (fn: (event: Tagged) => void) => () => void;
type AnyListenOnce = (filter: (event: Tagged) => boolean, fn: (event: Tagged) => void) => () => void;

describe("seed-named listeners", () => {
  it.each(Object.entries(ALL_LISTENERS))("%s receives exactly the events of the %s topic", async (name, topic) => {
    const bus = createEventBus();
    const tags: string[] = [];
    const listen = bus[name as keyof TickfoldEventBus] as unknown as AnyListen;
    listen((event) => void tags.push(event.tag));
    await emitOnEveryTopic(bus);
    expect(tags).toEqual(expectedTags(topic));
  });

  it.each(Object.entries(LISTENERS_WITH_ONCE))("%sOnce calls fn once, for the first %s event its filter accepts", async (name, topic) => {
    const bus = createEventBus();
    const tags: string[] = [];
    const listenOnce = bus[`${name}Once` as keyof TickfoldEventBus] as unknown as AnyListenOnce;
    listenOnce(
      () => true,
      (event) => void tags.push(event.tag),
    );
    await emitOnEveryTopic(bus);
    await emitOnEveryTopic(bus);
    expect(tags).toEqual(expectedTags(topic).slice(0, 1));
  });

  it("returns an unsubscribe function from every listener", async () => {
    const bus = createEventBus();
    const tags: string[] = [];
    for (const name of Object.keys(ALL_LISTENERS)) {
      const unsubscribe = (bus[name as keyof TickfoldEventBus] as unknown as AnyListen)((event) => void tags.push(event.tag));
      unsubscribe();
    }
    for (const name of ONCE_NAMES) {
      const unsubscribe = (bus[name as keyof TickfoldEventBus] as unknown as AnyListenOnce)(
        () => true,
        (event) => void tags.push(event.tag),
      );
      unsubscribe();
    }
    await emitOnEveryTopic(bus);
    expect(tags).toEqual([]);
  });
});

describe("seed-named listener types", () => {
  it("types each listener's events from its topic", () => {
    // The typed lines are checked by `tsc -b` (tsconfig.tests.json); at run time they only subscribe.
    const bus = createEventBus();
    bus.listenPartialProfitOnce(
      (event) => event.level >= 20,
      (event) => void event.data.priceOpen,
    );
    // @ts-expect-error a risk event has no milestone level
    bus.listenRisk((event) => void event.level);
    // A callback's return value is ignored unless it is a promise, so returning a number is fine.
    const comments: string[] = [];
    bus.listenRisk((event) => comments.push(event.comment));
    expect([bus.listenerCount("partialProfit"), bus.listenerCount("risk")]).toEqual([1, 2]);
  });
});

describe("the default bus", () => {
  it("exports every seed-named listener from the package, bound to defaultEventBus", async () => {
    const exported = publicApi as unknown as Record<string, AnyListen | AnyListenOnce | undefined>;
    const tags: string[] = [];
    const unsubscribes = [
      ...Object.keys(ALL_LISTENERS).map((name) => (exported[name] as AnyListen)((event) => void tags.push(`${name}: ${event.tag}`))),
      ...ONCE_NAMES.map((name) =>
        (exported[name] as AnyListenOnce)(
          () => true,
          (event) => void tags.push(`${name}: ${event.tag}`),
        ),
      ),
    ];
    await publicApi.defaultEventBus.emit("walkerStop", { tag: "stop", backtest: true } as never);
    await publicApi.defaultEventBus.emit("risk", { tag: "refused", backtest: true } as never);
    await publicApi.defaultEventBus.drain();
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    expect(tags.sort()).toEqual(["listenRisk: refused", "listenRiskOnce: refused", "listenWalkerStop: stop"]);
  });
});
