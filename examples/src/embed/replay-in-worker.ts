import { firstDifference } from "./first-difference.js";
import { replayInNodeWorker } from "./node-worker.js";
import { replayRecording } from "./record.js";
import { embedStreams } from "./scenario.js";

/**
 * Embedding demo: records three days of a strategy on real BTCUSDT candles, replays the recording
 * on the main thread and in a worker thread, and says whether the two outputs are identical.
 * Run from the repository root: `npx tsx examples/src/embed/replay-in-worker.ts`.
 */
const streams = embedStreams();
const onMainThread = streams.map(replayRecording);
const inWorker = await replayInNodeWorker(streams);

let identical = inWorker.length === onMainThread.length;
streams.forEach((stream, i) => {
  const difference = firstDifference(inWorker[i] ?? "", onMainThread[i]!);
  if (difference !== null) identical = false;
  const bytes = Buffer.byteLength(onMainThread[i]!, "utf8");
  console.log(`stream ${i + 1}: ${stream.inputs.length} inputs, ${bytes} bytes of output, ${difference ?? "identical"}`);
});
console.log(identical ? "main thread and worker outputs are identical" : "main thread and worker outputs DIFFER");
process.exitCode = identical ? 0 : 1;
