import { parentPort, workerData } from "node:worker_threads";
import { fingerprintReplay, parseJournal, replayJournal } from "@tickfold/core";

// Runs in a worker thread (see runInNodeWorker): replays the journal text it was given, posts its fingerprint.
if (parentPort === null) throw new Error("journal-worker.ts runs as a worker thread; start it through runInNodeWorker (embed/node-worker.ts)");
parentPort.postMessage(fingerprintReplay(replayJournal((workerData as { data: string }).data)));
