import type { DoneEvent, SignalEvent } from "@tickfold/core";

/** A promise with its resolve and reject at hand, to hold a callback open as long as a test needs. */
export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

export const deferred = <T = void>(): Deferred<T> => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** Lets every pending microtask (and the promise chains they start) run; a macrotask comes after all of them. */
export const settleMicrotasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Tracks whether a promise has settled, without awaiting it. */
export const watch = (promise: Promise<unknown>): { readonly settled: () => boolean } => {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled };
};

/** An idle tick result; `seq` goes into price and time so a test can tell events apart. */
export const tick = (seq: number, backtest = true): SignalEvent => ({
  action: "idle",
  symbol: "BTCUSDT",
  strategyName: "test-strategy",
  exchangeName: "test-exchange",
  backtest,
  signal: null,
  currentPrice: seq,
  timestamp: seq,
});

export const seqOf = (event: SignalEvent): number => event.timestamp;

export const done = (symbol: string, backtest = true): DoneEvent => ({
  backtest,
  symbol,
  strategyName: "test-strategy",
  exchangeName: "test-exchange",
});
