import { createEngine as createCoreEngine, type Clock, type ContextCarrier, type LiveStorage, type Logger } from "@tickfold/core/engine";
import { fileLiveStorage } from "./live/file-storage.js";
import { createEventBus, LISTENERS_WITH_ONCE, LISTENERS_WITHOUT_ONCE, type SeedListeners, type TickfoldEventBus } from "@tickfold/events";
import { asyncContextCarrier, nodeClock } from "./node-ports.js";
import { dumpers } from "./dump.js";
import { createSweep } from "./sweep/sweep.js";

export interface EngineOptions {
  /** The bus its events go to (default: a bus of its own). */
  readonly bus?: TickfoldEventBus;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly context?: ContextCarrier;
  /** Where live runs keep state, outbox and journal (default: the file store under ./dump/data). */
  readonly storage?: LiveStorage;
}

/**
 * An engine wired to Node, with no globals: its own registrations, config, risk books and (unless
 * given one) its own bus, whose seed-named listeners (`listenSignal`, …) it carries. Two engines in
 * one process never see each other's schemas or events.
 */
export const createEngine = (options: EngineOptions = {}) => {
  const bus = options.bus ?? createEventBus();
  const engine = createCoreEngine({
    // The engine's topics are a subset of the bus's; its payloads are the same core types.
    events: { emit: (topic, payload) => bus.tryEmit(topic, payload as never), drain: () => bus.drain() },
    clock: options.clock ?? nodeClock,
    context: options.context ?? asyncContextCarrier(),
    storage: options.storage ?? fileLiveStorage(),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const dump = dumpers(engine);
  // The seed API's report objects, each with its `dump` (Node writes the files).
  const Backtest = { ...engine.Backtest, dump: dump.backtest };
  const Live = { ...engine.Live, dump: dump.live };
  const Walker = { ...engine.Walker, dump: dump.walker };
  const Partial = { ...engine.Partial, dump: dump.partial };
  const Schedule = { ...engine.Schedule, dump: dump.schedule };
  const Risk = { ...engine.Risk, dump: dump.risk };
  // Parameter sweeps run on worker threads, each run on an engine of its own; progress comes to this bus.
  const Sweep = createSweep(bus);
  return { ...engine, Backtest, Live, Walker, Partial, Schedule, Risk, Sweep, bus, ...pickListeners(bus) };
};

/** The bus's seed-named listeners (`listenSignal`, `listenSignalOnce`, …), as the engine's own. */
const pickListeners = (bus: TickfoldEventBus): SeedListeners => {
  const names = [
    ...Object.keys(LISTENERS_WITH_ONCE).flatMap((name) => [name, `${name}Once`]),
    ...Object.keys(LISTENERS_WITHOUT_ONCE),
  ] as Array<keyof SeedListeners>;
  return Object.fromEntries(names.map((name) => [name, bus[name]])) as unknown as SeedListeners;
};

export type NodeEngine = ReturnType<typeof createEngine>;

// The report types an engine's getData returns; named here so the engine's type can refer to them.
export type { BacktestStatistics, PartialStatistics, RiskStatistics, ScheduleStatistics, WalkerStatistics } from "@tickfold/core/report";
