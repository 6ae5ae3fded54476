// Embeds @tickfold/core in a page two ways: the ESM bundle imported on the main thread, and the
// IIFE bundle run inside a dedicated Worker made from a Blob URL (no worker file, no extra request
// from the worker). Each replay returns core's canonical JSON, to compare byte for byte with Node.
import { fingerprintReplay, replayJournal, replayLifecycle, serializeReplay } from "./tickfold.js";

/** A recorded stream is `{ inputs, params }`; its replay is compared as `serializeReplay` output. */
const replayAll = (streams) => streams.map(({ inputs, params }) => serializeReplay(replayLifecycle(inputs, params)));

// Appended to the IIFE bundle, which defines the global `tickfold`. Errors surface as the worker's
// `error` event; messages are structured clones, so NaN and Infinity arrive intact (JSON would not).
const WORKER_DRIVER = `
self.onmessage = (message) => {
  const { journal, streams } = message.data;
  self.postMessage(journal !== undefined
    ? tickfold.fingerprintReplay(tickfold.replayJournal(journal))
    : streams.map(({ inputs, params }) => tickfold.serializeReplay(tickfold.replayLifecycle(inputs, params))));
};
`;

/** A journal's text (JSONL) to its replay's fingerprint, as `pnpm replay` prints it in Node. */
const fingerprintJournal = (journal) => fingerprintReplay(replayJournal(journal));

const inWorker = async (message) => {
  const bundle = await (await fetch(new URL("./tickfold.iife.js", import.meta.url))).text();
  const url = URL.createObjectURL(new Blob([bundle, WORKER_DRIVER], { type: "text/javascript" }));
  const worker = new Worker(url);
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = (message) => resolve(message.data);
      worker.onerror = (event) => reject(new Error(`worker: ${event.message}`));
      worker.onmessageerror = () => reject(new Error("worker: a message could not be deserialised"));
      worker.postMessage(message);
    });
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
};

window.tickfoldReplay = {
  onMainThread: replayAll,
  inWorker: (streams) => inWorker({ streams }),
  fingerprintJournal,
  fingerprintJournalInWorker: (journal) => inWorker({ journal }),
};
