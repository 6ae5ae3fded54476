// The page's Web Worker: reads the recorded session's journal, replays it with @tickfold/core, and
// posts back the fingerprint of core's canonical JSON and what the page draws.
// worker-setup must stay the first import: see why there.
import { workerViolations } from "./worker-setup.js";
import { fingerprintReplay, parseJournal, replayJournal } from "@tickfold/core";
import { chartData, type ChartData } from "./chart-data.js";

export interface WorkerReply {
  readonly fingerprint: string;
  readonly chart: ChartData;
  readonly violations: ReadonlyArray<string>;
}

interface WorkerScope {
  onmessage: ((message: MessageEvent<string>) => void) | null;
  postMessage: (reply: WorkerReply) => void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (message) => {
  const entries = parseJournal(message.data);
  const inputs = entries.flatMap((entry) => (entry.type === "input" ? [entry.input] : []));
  const replay = replayJournal(message.data);
  scope.postMessage({
    fingerprint: fingerprintReplay(replay),
    chart: chartData(inputs, replay.effects),
    violations: workerViolations,
  });
};
