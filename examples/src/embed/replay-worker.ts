import { parentPort, workerData } from "node:worker_threads";
import { replayRecording, type Recording } from "./record.js";

// Runs in a worker thread: replays every stream it was started with and posts the outputs back.
if (parentPort === null) throw new Error("replay-worker.ts runs as a worker thread; start it through replayInNodeWorker (node-worker.ts)");
parentPort.postMessage((workerData as { data: ReadonlyArray<Recording> }).data.map(replayRecording));
