import { EventBus, type EventBusOptions } from "./event-bus.js";
import { bindSeedListeners, type SeedListeners } from "./seed-listeners.js";

/** A bus with the generic API (`emit`, `listen`, `listenOnce`, `drain`) and the seed-named listeners. */
export type TickfoldEventBus = EventBus & SeedListeners;

/** A bus of your own: two engines with their own buses never see each other's events. */
export const createEventBus = (options?: EventBusOptions): TickfoldEventBus => {
  const bus = new EventBus(options);
  return Object.assign(bus, bindSeedListeners(bus));
};
