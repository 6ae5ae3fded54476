export type { EmitTopic, EventMap, Filter, Listener, Topic, Unsubscribe } from "./event-map.js";
export { EventBus, type EventBusOptions } from "./event-bus.js";
export { LISTENERS_WITH_ONCE, LISTENERS_WITHOUT_ONCE, type SeedListeners } from "./seed-listeners.js";
export { createEventBus, type TickfoldEventBus } from "./create-event-bus.js";
export * from "./default-bus.js";
