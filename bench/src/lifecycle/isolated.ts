import { Worker } from "node:worker_threads";
import type { CandleSeries } from "@tickfold/core";
import { sharedSeries, shareCandles, type SharedCandles } from "../../../packages/tickfold/src/sweep/shared-candles.js";
import type { Contestant } from "./measure.js";
import type { Outcomes } from "./outcomes.js";
import type { Frame } from "./workload.js";

/** What a contestant's thread is given: its name among `lifecycleContestants`, the shared candles, the frame. */
export interface IsolatedSetup {
  readonly name: string;
  readonly candles: SharedCandles;
  readonly frame: Frame;
}

/** The candles a contestant thread reads: views on the one shared copy. */
export const isolatedSeries = (setup: IsolatedSetup): CandleSeries => sharedSeries(setup.candles);

const THREAD = new URL("./contestant-thread.mjs", import.meta.url);

/**
 * Each contestant on a worker thread of its own (its own heap and its own JIT feedback, as in a
 * process that runs only it), driven one run at a time from here so that the rounds stay
 * interleaved and only one contestant runs at any moment. In one shared heap the contestants
 * time each other's garbage collections and share type feedback in the library code they all
 * call (the fold, the reducers), which no user's process does. The candles are copied once into
 * shared memory. `close` ends the threads.
 */
export const isolatedContestants = (names: ReadonlyArray<string>, series: CandleSeries, frame: Frame): { contestants: Contestant[]; close: () => Promise<void> } => {
  const candles = shareCandles(series);
  const threads = names.map((name) => {
    const setup: IsolatedSetup = { name, candles, frame };
    const worker = new Worker(THREAD, { workerData: setup });
    let waiting: { resolve: (o: Outcomes) => void; reject: (e: unknown) => void } | null = null;
    worker.on("message", (outcomes: Outcomes) => {
      const w = waiting;
      waiting = null;
      w?.resolve(outcomes);
    });
    worker.on("error", (error) => {
      const w = waiting;
      waiting = null;
      w?.reject(error);
    });
    const run = (): Promise<Outcomes> =>
      new Promise<Outcomes>((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage("run");
      });
    return { contestant: { name, run }, worker };
  });
  return {
    contestants: threads.map((t) => t.contestant),
    close: async () => {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
};
