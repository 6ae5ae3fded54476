import type { EventMap, Filter, Listener, Topic, Unsubscribe } from "./event-map.js";
import type { EventBus } from "./event-bus.js";

/** Seed listener names that also come as `…Once(filter, fn)` (reference §10.2), with their topic. */
export const LISTENERS_WITH_ONCE = {
  listenSignal: "signal",
  listenSignalLive: "signalLive",
  listenSignalBacktest: "signalBacktest",
  listenDoneLive: "doneLive",
  listenDoneBacktest: "doneBacktest",
  listenDoneWalker: "doneWalker",
  listenWalker: "walker",
  listenPartialProfit: "partialProfit",
  listenPartialLoss: "partialLoss",
  listenRisk: "risk",
} as const satisfies Record<string, Topic>;

/** Seed listener names without a `…Once` variant, with their topic. `listenWalkerStop` is ours (SPEC §8). */
export const LISTENERS_WITHOUT_ONCE = {
  listenError: "error",
  listenExit: "exit",
  listenBacktestProgress: "progressBacktest",
  listenWalkerProgress: "progressWalker",
  listenOptimizerProgress: "progressOptimizer",
  listenPerformance: "performance",
  listenWalkerComplete: "walkerComplete",
  listenWalkerStop: "walkerStop",
  listenValidation: "validation",
} as const satisfies Record<string, Topic>;

type WithOnce = typeof LISTENERS_WITH_ONCE;
type ListenerTopics = WithOnce & typeof LISTENERS_WITHOUT_ONCE;

// Fails to compile when a topic is added to EventMap without a seed listener for it.
type TopicsWithoutListener = Exclude<Topic, ListenerTopics[keyof ListenerTopics]>;
const everyTopicHasAListener: [TopicsWithoutListener] extends [never] ? true : never = true;
void everyTopicHasAListener;

/** `listenX(fn)` for every seed name. */
type PlainListeners = {
  readonly [Name in keyof ListenerTopics]: (fn: Listener<EventMap[ListenerTopics[Name]]>) => Unsubscribe;
};

/** `listenXOnce(filter, fn)` for every seed name that has one. */
type OnceListeners = {
  readonly [Name in keyof WithOnce as `${Name}Once`]: (
    filter: Filter<EventMap[WithOnce[Name]]>,
    fn: Listener<EventMap[WithOnce[Name]]>,
  ) => Unsubscribe;
};

/** The seed-named listener functions: thin bindings of `listen` and `listenOnce` to one bus. */
export type SeedListeners = PlainListeners & OnceListeners;

export const bindSeedListeners = (bus: EventBus): SeedListeners => {
  const bound: Record<string, unknown> = {};
  const listenTo =
    <K extends Topic>(topic: K) =>
    (fn: Listener<EventMap[K]>): Unsubscribe =>
      bus.listen(topic, fn);
  const listenOnceTo =
    <K extends Topic>(topic: K) =>
    (filter: Filter<EventMap[K]>, fn: Listener<EventMap[K]>): Unsubscribe =>
      bus.listenOnce(topic, filter, fn);
  for (const [name, topic] of Object.entries<Topic>({ ...LISTENERS_WITH_ONCE, ...LISTENERS_WITHOUT_ONCE })) {
    bound[name] = listenTo(topic);
  }
  for (const [name, topic] of Object.entries<Topic>(LISTENERS_WITH_ONCE)) {
    bound[`${name}Once`] = listenOnceTo(topic);
  }
  // The mapped types above are what the loops build; TypeScript cannot follow string keys built at runtime.
  return bound as SeedListeners;
};
