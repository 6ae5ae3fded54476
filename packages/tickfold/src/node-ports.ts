import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock, ContextCarrier, StrategyContext } from "@tickfold/core/engine";

/** Node's wall clock and timers. */
export const nodeClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Keeps the strategy's context across its awaits, so `getCandles` works anywhere inside `getSignal`. */
export const asyncContextCarrier = (): ContextCarrier => {
  const storage = new AsyncLocalStorage<StrategyContext>();
  return {
    run: (context, fn) => storage.run(context, fn),
    current: () => storage.getStore(),
  };
};
