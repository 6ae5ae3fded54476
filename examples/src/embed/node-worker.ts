import { Worker } from "node:worker_threads";
import type { Recording } from "./record.js";

/**
 * Replays the streams in a `node:worker_threads` Worker, a separate V8 isolate with its own copy
 * of core. The streams reach it by structured clone, which keeps NaN and Infinity as they are.
 */
export const replayInNodeWorker = (streams: ReadonlyArray<Recording>): Promise<string[]> =>
  new Promise((resolve, reject) => {
    // The worker is TypeScript: its bootstrap registers tsx inside the thread first. No inherited
    // execArgv, so the thread runs plain Node plus that loader, whatever started this process.
    const worker = new Worker(new URL("./replay-worker.bootstrap.mjs", import.meta.url), { workerData: streams, execArgv: [] });
    worker.once("message", (outputs: string[]) => resolve(outputs));
    worker.once("error", reject);
    // Only matters when no message came first: a settled promise ignores the rejection.
    worker.once("exit", (code) => reject(new Error(`The replay worker exited with code ${code} before answering`)));
  });
