import { Worker } from "node:worker_threads";
import type { Recording } from "./record.js";

/**
 * Runs the TypeScript module `entry` in a `node:worker_threads` Worker (a separate V8 isolate with
 * its own copy of core) with `data` as `workerData.data`, and resolves with its one message. Data
 * travels by structured clone, which keeps NaN and Infinity as they are.
 */
export const runInNodeWorker = <T>(entry: URL, data: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    // The worker is TypeScript: its bootstrap registers tsx inside the thread first. No inherited
    // execArgv, so the thread runs plain Node plus that loader, whatever started this process.
    const worker = new Worker(new URL("./replay-worker.bootstrap.mjs", import.meta.url), { workerData: { entry: entry.href, data }, execArgv: [] });
    worker.once("message", (reply: T) => resolve(reply));
    worker.once("error", reject);
    // Only matters when no message came first: a settled promise ignores the rejection.
    worker.once("exit", (code) => reject(new Error(`The replay worker exited with code ${code} before answering`)));
  });

/** Replays the streams in a worker thread: core's canonical JSON of each. */
export const replayInNodeWorker = (streams: ReadonlyArray<Recording>): Promise<string[]> => runInNodeWorker(new URL("./replay-worker.ts", import.meta.url), streams);
