// The page's Web Worker: decodes the recording, replays it with @tickfold/core, and posts back
// the fingerprint of core's canonical JSON and what the page draws.
// worker-setup must stay the first import: see why there.
import { workerViolations } from "./worker-setup.js";
import { fingerprintReplay, replayLifecycle, type LifecycleInput, type LifecycleParams } from "@tickfold/core";
import { chartData, type ChartData } from "./chart-data.js";
import { decodeTaggedJson } from "@tickfold/core/internal";

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
  const { inputs, params } = decodeTaggedJson(message.data) as { inputs: LifecycleInput[]; params: LifecycleParams };
  const replay = replayLifecycle(inputs, params);
  scope.postMessage({
    fingerprint: fingerprintReplay(replay),
    chart: chartData(inputs, replay.effects),
    violations: workerViolations,
  });
};
